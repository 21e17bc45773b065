// Main-text extraction (tools::ArticleExtractor, tools::CharsetDecoder) on pages built like real
// sites (tests/data/search/pages: news with navigation, cookie banners and comments, a blog, a
// forum thread, documentation with code, a table, a how-to, an encyclopedia article, a Q&A page,
// release notes, Chinese pages in GBK with the charset in the header or only in a <meta>),
// scored by the precision and recall of their words against each page's known main text, and
// compared in the same run with Mozilla's Readability (npm @mozilla/readability on jsdom).

#include "tools/articleextractor.h"
#include "tools/charsetdecoder.h"
#include "tools/htmldocument.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <unicode/ucnv.h>

using namespace Qt::StringLiterals;
using namespace deskseek::tools;

namespace {

const QString kPages = QStringLiteral(DESKSEEK_SOURCE_DIR "/tests/data/search/pages/");

// Words for scoring: runs of Latin letters and digits, lowercased, and each CJK character alone.
QHash<QString, int> words(const QString &text)
{
    QHash<QString, int> bag;
    QString word;
    const auto flush = [&] {
        if (!word.isEmpty())
            ++bag[word.toLower()];
        word.clear();
    };
    for (const QChar c : text) {
        if (c.unicode() >= 0x3400 && c.unicode() <= 0x9FFF) {
            flush();
            ++bag[QString(c)];
        } else if (c.isLetterOrNumber()) {
            word += c;
        } else {
            flush();
        }
    }
    flush();
    return bag;
}

struct Score
{
    double precision = 0;
    double recall = 0;
};

Score score(const QString &extracted, const QString &expected)
{
    const QHash<QString, int> got = words(extracted), want = words(expected);
    int common = 0, gotTotal = 0, wantTotal = 0;
    for (auto it = got.cbegin(); it != got.cend(); ++it) {
        gotTotal += it.value();
        common += std::min(it.value(), want.value(it.key()));
    }
    for (const int count : want)
        wantTotal += count;
    return {gotTotal ? double(common) / gotTotal : 0.0, wantTotal ? double(common) / wantTotal : 0.0};
}

QByteArray toGb18030(const QString &text)
{
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open("GB18030", &status);
    QByteArray out(text.size() * 4 + 4, '\0');
    const int32_t length = ucnv_fromUChars(converter, out.data(), int32_t(out.size()), reinterpret_cast<const UChar *>(text.utf16()),
                                           int32_t(text.size()), &status);
    ucnv_close(converter);
    out.truncate(U_SUCCESS(status) ? length : 0);
    return out;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

struct Page
{
    QString name;
    QString file;
    QByteArray contentType;
    QString expected;
};

QList<Page> scoredPages()
{
    QList<Page> pages;
    const QJsonArray manifest = QJsonDocument::fromJson(readFile(kPages + u"pages.json"_s)).array();
    for (const QJsonValue &value : manifest) {
        const QJsonObject entry = value.toObject();
        if (entry.value(u"file"_s).isNull() || entry.value(u"expected"_s).isNull())
            continue;
        pages.append({entry.value(u"name"_s).toString(), kPages + entry.value(u"file"_s).toString(),
                      entry.value(u"contentType"_s).toString().toLatin1(),
                      QString::fromUtf8(readFile(kPages + entry.value(u"expected"_s).toString()))});
    }
    return pages;
}

} // namespace

class TestExtraction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void charsets_data();
    void charsets();
    void metadata();
    void againstReadability();
    void emptyAndHostilePages();
    void speed();
};

void TestExtraction::charsets_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("charset");
    QTest::addColumn<bool>("sniffed");
    const QString chinese = u"<html><body><p>深度求索发布了新的推理模型，蒸馏出六个小模型，供本地部署使用。</p></body></html>"_s;
    const QByteArray gbk = toGb18030(chinese);
    QTest::newRow("GBK in the header") << gbk << QByteArray("text/html; charset=GBK") << QByteArray("GB18030") << false;
    QTest::newRow("gb2312 only in a meta")
        << QByteArray("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>") + gbk
        << QByteArray("text/html") << QByteArray("GB18030") << false;
    QTest::newRow("meta charset") << QByteArray("<meta charset='gbk'>") + gbk << QByteArray() << QByteArray("GB18030") << false;
    QTest::newRow("nothing declared, GB18030 sniffed") << gbk << QByteArray("text/html") << QByteArray("GB18030") << true;
    QTest::newRow("nothing declared, UTF-8") << chinese.toUtf8() << QByteArray() << QByteArray("UTF-8") << true;
    QTest::newRow("BOM beats the header") << QByteArray("\xEF\xBB\xBF") + chinese.toUtf8() << QByteArray("text/html; charset=gbk")
                                          << QByteArray("UTF-8") << false;
}

void TestExtraction::charsets()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, charset);
    QFETCH(bool, sniffed);
    const DecodedText decoded = CharsetDecoder::decode(bytes, contentType);
    QCOMPARE(decoded.charset, charset);
    QCOMPARE(decoded.sniffed, sniffed);
    QVERIFY2(decoded.text.contains(u"深度求索发布了新的推理模型"_s), qPrintable(decoded.text));
}

void TestExtraction::metadata()
{
    const QByteArray bytes = readFile(kPages + u"gbk_news.html"_s);
    const DecodedText decoded = CharsetDecoder::decode(bytes, "text/html; charset=gbk");
    const ExtractedPage page = ArticleExtractor::extract(decoded.text, QUrl(u"https://news.example.cn/a.html"_s));
    QCOMPARE(page.title, u"我市新建三座垃圾分类处理中心"_s);
    QCOMPARE(page.siteName, u"滨江日报"_s);
    QCOMPARE(page.date, u"2026-11-18"_s);
    QVERIFY(!page.text.contains(u"网友评论"_s)); // the comments
    QVERIFY(!page.text.contains(u"Cookie"_s));   // the banner
    QVERIFY(!page.text.contains(u"版权所有"_s)); // the footer
    // Table rows keep their cells apart, code keeps its lines, list items their marks.
    const ExtractedPage table = ArticleExtractor::extract(QString::fromUtf8(readFile(kPages + u"spec_table.html"_s)));
    QVERIFY2(table.text.contains(u"Orchard Pi 5 | 4 x Cortex-A76 at 2.4 GHz | 8 GB LPDDR4X | 7.9 W"_s), qPrintable(table.text));
    const ExtractedPage docs = ArticleExtractor::extract(QString::fromUtf8(readFile(kPages + u"docs_retry.html"_s)));
    QVERIFY2(docs.text.contains(u"client = Client(\n    retry=RetryPolicy("_s), qPrintable(docs.text));
    QVERIFY(!docs.text.contains(u"Edit this page"_s));
    const ExtractedPage howto = ArticleExtractor::extract(QString::fromUtf8(readFile(kPages + u"howto_tyre.html"_s)));
    QVERIFY2(howto.text.contains(u"- Open the brake"_s), qPrintable(howto.text));
    QVERIFY(!howto.text.contains(u"Bikes on sale"_s)); // the advert between the steps
}

void TestExtraction::againstReadability()
{
    const QList<Page> pages = scoredPages();
    QVERIFY2(pages.size() >= 15, qPrintable(QString::number(pages.size())));

    // Readability on the same bytes (its own charset decoding by the declared charset).
    QJsonArray request;
    for (const Page &page : pages)
        request.append(QJsonObject{{u"name"_s, page.name}, {u"file"_s, page.file},
                                   {u"charset"_s, QString::fromLatin1(CharsetDecoder::decode(readFile(page.file), page.contentType).charset)}});
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(DESKSEEK_REFERENCE_DIR));
    node.start(QStringLiteral(DESKSEEK_NODE), {QStringLiteral(DESKSEEK_REFERENCE_DIR "/readability_extract.mjs")});
    QVERIFY(node.waitForStarted());
    node.write(QJsonDocument(request).toJson());
    node.closeWriteChannel();
    QVERIFY(node.waitForFinished(120000));
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    const QJsonObject output = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
    const QJsonObject reference = output.value(u"texts"_s).toObject();
    qInfo("Readability (jsdom): %.1f MB/s", output.value(u"bytes"_s).toDouble() / output.value(u"seconds"_s).toDouble() / 1e6);

    double ours[2] = {0, 0}, theirs[2] = {0, 0};
    qInfo("%-18s %9s %9s %9s %9s", "page", "P ours", "R ours", "P Read.", "R Read.");
    for (const Page &page : pages) {
        const DecodedText decoded = CharsetDecoder::decode(readFile(page.file), page.contentType);
        const Score mine = score(ArticleExtractor::extract(decoded.text).text, page.expected);
        const Score readability = score(reference.value(page.name).toString(), page.expected);
        qInfo("%-18s %9.3f %9.3f %9.3f %9.3f", qPrintable(page.name), mine.precision, mine.recall, readability.precision,
              readability.recall);
        ours[0] += mine.precision;
        ours[1] += mine.recall;
        theirs[0] += readability.precision;
        theirs[1] += readability.recall;
        // Every page on its own is mostly right.
        QVERIFY2(mine.recall >= 0.75 && mine.precision >= 0.75, qPrintable(page.name));
    }
    for (double &sum : ours)
        sum /= pages.size();
    for (double &sum : theirs)
        sum /= pages.size();
    qInfo("%-18s %9.3f %9.3f %9.3f %9.3f", "average", ours[0], ours[1], theirs[0], theirs[1]);
    QVERIFY2(ours[0] >= 0.9, "precision below 0.9");
    QVERIFY2(ours[1] >= 0.9, "recall below 0.9");
    QVERIFY2(ours[0] >= theirs[0] - 0.05, "precision more than 0.05 below Readability's");
    QVERIFY2(ours[1] >= theirs[1] - 0.05, "recall more than 0.05 below Readability's");
}

void TestExtraction::emptyAndHostilePages()
{
    QCOMPARE(ArticleExtractor::extract(QString::fromUtf8(readFile(kPages + u"empty.html"_s))).text, QString());
    QCOMPARE(ArticleExtractor::extract(QString()).text, QString());
    // Nested deeper than any stack: refused, not crashed.
    QElapsedTimer clock;
    clock.start();
    const QString deep = u"<div>"_s.repeated(200000) + u"text"_s;
    QCOMPARE(ArticleExtractor::extract(deep).text, QString());
    // Deep but parseable: walked without recursion.
    const QString nested = u"<div>"_s.repeated(15000) + u"<p>A paragraph at the bottom of a very deep page, long enough to count.</p>"_s;
    QVERIFY(ArticleExtractor::extract(nested).text.contains(u"bottom of a very deep page"_s));
    // Broken markup: unclosed tags, stray end tags, bytes that are not UTF-8.
    const QByteArray broken = "<html><body><div class=content><p>First paragraph of broken markup, still readable by people."
                              "<p>Second paragraph, with \xff\xfe bad bytes, and an unclosed <b>bold tag.</div></span></td>";
    const QString text = ArticleExtractor::extract(CharsetDecoder::decode(broken, "text/html").text).text;
    QVERIFY2(text.contains(u"Second paragraph"_s), qPrintable(text));
    QVERIFY(clock.elapsed() < 20000);
}

void TestExtraction::speed()
{
    // Extraction speed in MB/s, for BENCHMARKS.md (not a goal the test holds).
    QList<QString> htmls;
    qint64 bytes = 0;
    for (const Page &page : scoredPages()) {
        const QByteArray raw = readFile(page.file);
        bytes += raw.size();
        htmls.append(CharsetDecoder::decode(raw, page.contentType).text);
    }
    QElapsedTimer clock;
    clock.start();
    int rounds = 0;
    while (clock.elapsed() < 1000 || rounds < 3) {
        for (const QString &html : std::as_const(htmls))
            QVERIFY(!ArticleExtractor::extract(html).text.isEmpty());
        ++rounds;
    }
    const double seconds = clock.nsecsElapsed() / 1e9;
    qInfo("extraction: %.1f MB/s (%d pages, %lld bytes, %d rounds)", bytes * rounds / seconds / 1e6, int(htmls.size()), bytes, rounds);
}

QTEST_GUILESS_MAIN(TestExtraction)
#include "tst_extraction.moc"
