// GGUF files written by `deskseek-cli quantize` (every type, every architecture) load in
// llama.cpp (node-llama-cpp, CPU), run a forward pass there, and tokenize as DeskSeek does.

#include "fixtures/hfmodelfixture.h"

#include "engine/model/modelfiles.h"
#include "engine/tokenizer/tokenizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek::engine;

namespace {
const QStringList kTexts = {
    u"Hello, world! I'm DeskSeek; we've tested it."_s,
    u"深度求索（DeepSeek）是一家人工智能公司。"_s,
    u"こんにちは、世界。カタカナとひらがな。"_s,
    u"def f(x):\n    return x ** 2\n\n\tprint(f(12345))"_s,
    u"Numbers: 1 22 333 4444 55555 666666 3.14159 2025-01-20"_s,
    u"Emoji 🚀🇨🇳👍🏽 and spaces     here\n\n\nend"_s,
    u"Mixed 中文English日本語 123中文456"_s,
    u"Привет, мир! Γειά σου Κόσμε. مرحبا"_s,
    u"<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nok\n</think>\n\nHello<|im_end|>"_s,
    u"<｜begin▁of▁sentence｜>You are helpful.<｜User｜>1+1=?<｜Assistant｜><think>\n2\n</think>\n\n2<｜end▁of▁sentence｜>"_s,
};
} // namespace

class TestGgufReference : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void loadsInLlamaCpp_data()
    {
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<QString>("type");
        for (const QString &type : {u"f32"_s, u"f16"_s, u"bf16"_s, u"q8_0"_s, u"q4_0"_s}) {
            QTest::addRow("qwen2-%s", qPrintable(type)) << u"qwen2"_s << u"qwen3"_s << type;
            QTest::addRow("qwen3-%s", qPrintable(type)) << u"qwen3"_s << u"qwen3"_s << type;
            QTest::addRow("llama-%s", qPrintable(type)) << u"llama"_s << u"deepseek_v3"_s << type;
        }
    }

    void loadsInLlamaCpp()
    {
        QFETCH(QString, architecture);
        QFETCH(QString, tokenizer);
        QFETCH(QString, type);
        const QString folder = m_dir.filePath(architecture);
        if (!QFileInfo::exists(folder + u"/config.json"_s)) {
            deskseek::tests::HfModelSpec spec;
            spec.architecture = architecture.toStdString();
            spec.tokenizer = tokenizer.toStdString();
            spec.hiddenSize = 64;
            spec.headDim = architecture == u"qwen3"_s ? 32 : 0;
            spec.ropeScaling = architecture == u"llama"_s ? "llama3" : "";
            deskseek::tests::writeHfModel(folder.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        }
        const QString gguf = m_dir.filePath(architecture + u"-"_s + type + u".gguf"_s);
        QProcess cli;
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"quantize"_s, folder, gguf, u"--type"_s, type});
        QVERIFY(cli.waitForFinished(300000));
        const QString cliErrors = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(cli.exitCode() == 0, qPrintable(cliErrors));
        const QString summary = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(summary.startsWith(u"Wrote "_s) && summary.contains(type.toUpper()), qPrintable(summary));
        QVERIFY2(cliErrors.contains(u"100%"_s), qPrintable(cliErrors)); // the progress reached the end

        const QString textsFile = m_dir.filePath(u"texts.json"_s);
        QFile texts(textsFile);
        QVERIFY(texts.open(QIODevice::WriteOnly));
        texts.write(QJsonDocument(QJsonArray::fromStringList(kTexts)).toJson());
        texts.close();
        QProcess node;
        node.setWorkingDirectory(QString::fromUtf8(DESKSEEK_REFERENCE_DIR));
        node.start(QString::fromUtf8(DESKSEEK_NODE), {u"gguf_check.mjs"_s, gguf, textsFile});
        QVERIFY(node.waitForFinished(300000));
        QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
        const QJsonObject report = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
        QCOMPARE(report.value(u"embeddingVectorSize"_s).toInt(), 64);
        QCOMPARE(report.value(u"trainContextSize"_s).toInt(), 4096);
        const int predicted = report.value(u"predicted"_s).toInt(-1);
        QVERIFY2(predicted >= 0, "llama.cpp did not predict a token");

        const auto model = model::ModelFiles::openGguf(gguf.toStdString());
        QVERIFY(model.ok());
        QVERIFY(predicted < model->config.vocabSize);
        const auto ours = tokenizer::Tokenizer::create(model->vocabulary);
        QVERIFY(ours.ok());
        QCOMPARE(report.value(u"bos"_s).toInt(-1), model->vocabulary.bosId.value_or(-1));
        QCOMPARE(report.value(u"eos"_s).toInt(-1), model->vocabulary.eosId.value_or(-1));
        const QJsonArray ids = report.value(u"ids"_s).toArray();
        QCOMPARE(ids.size(), kTexts.size());
        for (qsizetype i = 0; i < kTexts.size(); ++i) {
            const auto expected = ours.value()->encode(kTexts[i].toStdString());
            QVERIFY(expected.ok());
            std::vector<std::int32_t> theirs;
            for (const QJsonValue &id : ids[i].toArray())
                theirs.push_back(id.toInt());
            // model.tokenize() adds no BOS of its own; one written in the text is parsed.
            if (theirs != expected.value()) {
                QString a, b;
                for (auto id : expected.value()) a += QString::number(id) + u' ';
                for (auto id : theirs) b += QString::number(id) + u' ';
                QFAIL(qPrintable(u"text %1 (%2):\n ours:      %3\n llama.cpp: %4"_s.arg(i).arg(kTexts[i], a, b)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestGgufReference)
#include "tst_gguf_reference.moc"
