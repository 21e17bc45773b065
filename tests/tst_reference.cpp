// The reference implementations that later tests compare against are installed and usable:
// llama.cpp (node-llama-cpp, CPU, prebuilt) loads, and both tokenizers round-trip text.

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

class TestReference : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void installed()
    {
        const QDir reference(QString::fromUtf8(DESKSEEK_REFERENCE_DIR));
        QVERIFY2(reference.exists(u"node_modules/node-llama-cpp/package.json"_s),
                 "node-llama-cpp is missing: run scripts/setup.sh");
        QVERIFY2(!QString::fromUtf8(DESKSEEK_NODE).isEmpty(), "node not found: run scripts/setup.sh");
    }

    void loadsAndTokenizes_data()
    {
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<int>("minimumVocab");
        QTest::addColumn<int>("configVocab"); // vocab_size in the models' config.json (padded)
        QTest::newRow("deepseek_v3") << u"deepseek_v3"_s << 128000 << 129280;
        QTest::newRow("qwen3") << u"qwen3"_s << 151643 << 151936;
    }

    void loadsAndTokenizes()
    {
        QFETCH(QString, tokenizer);
        QFETCH(int, minimumVocab);
        QFETCH(int, configVocab);
        const QString text = u"DeskSeek 在本地运行 DeepSeek-R1：12345 tokens/s 🚀\n  def f(x): return x**2"_s;
        QProcess node;
        node.setWorkingDirectory(QString::fromUtf8(DESKSEEK_REFERENCE_DIR));
        node.start(QString::fromUtf8(DESKSEEK_NODE), {u"check.mjs"_s, text});
        QVERIFY(node.waitForFinished(120000));
        const QByteArray errors = node.readAllStandardError();
        QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0, errors.constData());
        const QJsonObject report = QJsonDocument::fromJson(node.readAllStandardOutput()).object();

        const QJsonObject llama = report.value(u"llama"_s).toObject();
        QCOMPARE(llama.value(u"buildType"_s).toString(), u"prebuilt"_s);
        QCOMPARE(llama.value(u"gpu"_s).toBool(true), false);
        QVERIFY(llama.value(u"cpuMathCores"_s).toInt() >= 1);

        const QJsonObject result = report.value(tokenizer).toObject();
        const QJsonArray ids = result.value(u"ids"_s).toArray();
        QVERIFY2(ids.size() >= 10 && ids.size() < text.size(), qPrintable(QString::number(ids.size())));
        const int vocab = result.value(u"vocabSize"_s).toInt();
        QVERIFY2(vocab >= minimumVocab && vocab <= configVocab, qPrintable(QString::number(vocab)));
        for (const QJsonValue &id : ids)
            QVERIFY(id.toInt(-1) >= 0 && id.toInt() < vocab);
        QCOMPARE(result.value(u"decoded"_s).toString(), text);
    }
};

QTEST_GUILESS_MAIN(TestReference)
#include "tst_reference.moc"
