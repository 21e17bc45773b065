// Models already on this computer, registered where they lie: a fake Ollama store (manifests
// pointing at blobs, with template and params layers) and a fake LM Studio folder in the test's
// home are found, described (architecture, quantization, whether DeskSeek runs them and why not),
// imported, listed, loaded and answer; "Delete" forgets them and keeps their files unless asked.

#include "fixtures/hfmodelfixture.h"

#include "engine/gguf/ggufconverter.h"
#include "engine/gguf/quantscheme.h"
#include "engine/inference/inferencemodel.h"
#include "engine/model/modelfiles.h"
#include "store/modelimporter.h"
#include "store/modelstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek;

namespace {

void writeBytes(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_home;
    QString m_models;  // DeskSeek's model folder
    QByteArray m_q4km; // a small model as Q4_K_M
    QByteArray m_q4;   // ... and as Q4_0

    // Ollama's layout: manifests/<registry>/<namespace>/<model>/<tag> (JSON layers by digest) and
    // blobs/sha256-<hex>.
    void addToOllama(const QString &root, const QString &manifestPath, const QByteArray &model)
    {
        const QByteArray templ = "{{ .Prompt }}";
        const QByteArray params = R"({"stop":["<｜end▁of▁sentence｜>"],"temperature":0.6})";
        QJsonArray layers;
        for (const auto &[type, bytes] : {std::pair{u"model"_s, model}, {u"template"_s, templ}, {u"params"_s, params}}) {
            writeBytes(root + u"/blobs/sha256-"_s + sha256(bytes), bytes);
            layers.append(QJsonObject{{u"mediaType"_s, u"application/vnd.ollama.image."_s + type},
                                      {u"digest"_s, u"sha256:"_s + sha256(bytes)},
                                      {u"size"_s, double(bytes.size())}});
        }
        const QJsonObject manifest{{u"schemaVersion"_s, 2},
                                   {u"mediaType"_s, u"application/vnd.docker.distribution.manifest.v2+json"_s},
                                   {u"layers"_s, layers}};
        writeBytes(root + u"/manifests/"_s + manifestPath, QJsonDocument(manifest).toJson());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_home = m_dir.filePath(u"home"_s);
        m_models = m_dir.filePath(u"models"_s);
        qputenv("HOME", m_home.toUtf8());
        qunsetenv("OLLAMA_MODELS");
        tests::HfModelSpec spec;
        spec.hiddenSize = 256;
        spec.intermediateSize = 512;
        spec.layerCount = 2;
        const std::filesystem::path folder = m_dir.filePath(u"hf"_s).toStdString();
        tests::writeHfModel(folder, spec, DESKSEEK_REFERENCE_DIR);
        const auto files = engine::model::ModelFiles::openFolder(folder);
        QVERIFY(files.ok());
        const QString q4km = m_dir.filePath(u"q4km.gguf"_s), q4 = m_dir.filePath(u"q4.gguf"_s);
        QVERIFY(engine::gguf::convertToGguf(files.value(), q4km.toStdString(), *engine::gguf::quantSchemeFromName("q4_k_m")));
        QVERIFY(engine::gguf::convertToGguf(files.value(), q4.toStdString(), engine::model::DType::Q4_0));
        m_q4km = readBytes(q4km);
        m_q4 = readBytes(q4);
        QVERIFY(!m_q4km.isEmpty() && !m_q4.isEmpty());
    }

    void findsOllamaModels()
    {
        const QString root = store::ModelImporter::defaultOllamaFolder();
        QCOMPARE(root, m_home + u"/.ollama/models"_s);
        addToOllama(root, u"registry.ollama.ai/library/deepseek-r1/1.5b"_s, m_q4km);
        addToOllama(root, u"registry.ollama.ai/someone/r1-tuned/latest"_s, m_q4);
        // A manifest whose model blob is missing, and one that is not JSON: skipped.
        writeBytes(root + u"/manifests/registry.ollama.ai/library/gone/7b"_s,
                   R"({"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:)"
                       + QByteArray(64, 'a') + R"("}]})");
        writeBytes(root + u"/manifests/registry.ollama.ai/library/broken/1b"_s, "not json");

        const store::ModelImporter importer(m_models);
        QList<store::ImportCandidate> found = importer.findInOllama(root);
        std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) { return a.title < b.title; });
        QCOMPARE(found.size(), 2);
        QCOMPARE(found[0].title, u"deepseek-r1:1.5b"_s);
        QCOMPARE(found[0].from, u"ollama"_s);
        QCOMPARE(found[0].architecture, u"qwen2"_s);
        QCOMPARE(found[0].quantization, u"Q4_K_M"_s);
        QCOMPARE(found[0].bytes, qint64(m_q4km.size()));
        QVERIFY(found[0].runnable);
        QVERIFY(found[0].file.endsWith(u"/blobs/sha256-"_s + sha256(m_q4km)));
        QCOMPARE(found[0].suggestedName, u"ollama-deepseek-r1-1.5b"_s);
        QCOMPARE(found[1].title, u"someone/r1-tuned:latest"_s);
        QCOMPARE(found[1].quantization, u"Q4_0"_s);
    }

    void findsLmStudioModelsAndSaysWhyNot()
    {
        const QString root = m_home + u"/.lmstudio/models"_s;
        writeBytes(root + u"/bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF/DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf"_s, m_q4km);
        // A vision projector (left out), a split file and an architecture DeskSeek cannot run
        // (listed with the reason).
        writeBytes(root + u"/someone/vision/mmproj-model-f16.gguf"_s, m_q4);
        writeBytes(root + u"/someone/big/Big-Q4_K_M-00001-of-00002.gguf"_s, m_q4km);
        QByteArray other = m_q4;
        const qsizetype at = other.indexOf("qwen2");
        QVERIFY(at > 0);
        other.replace(at, 5, "mamba");
        writeBytes(root + u"/someone/other/Other-Q4_0.gguf"_s, other);
        QCOMPARE(store::ModelImporter::defaultLmStudioFolders(), QStringList{root});

        const store::ModelImporter importer(m_models);
        QList<store::ImportCandidate> found = importer.findInFolder(root, u"lmstudio"_s);
        std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) { return a.title < b.title; });
        QCOMPARE(found.size(), 3);
        QCOMPARE(found[0].title, u"Big-Q4_K_M-00001-of-00002.gguf"_s);
        QVERIFY(!found[0].runnable);
        QVERIFY(found[0].reason.contains(u"several files"_s));
        QCOMPARE(found[1].title, u"DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf"_s);
        QVERIFY(found[1].runnable);
        QCOMPARE(found[1].quantization, u"Q4_K_M"_s);
        QCOMPARE(found[2].architecture, u"mamba"_s);
        QVERIFY(!found[2].runnable);
        QVERIFY2(found[2].reason.contains(u"mamba"_s) && found[2].reason.contains(u"qwen2"_s), qPrintable(found[2].reason));
    }

    void importsListsLoadsAndAnswers()
    {
        const store::ModelImporter importer(m_models);
        QList<store::ImportCandidate> found = importer.findInOllama(store::ModelImporter::defaultOllamaFolder());
        found += importer.findInFolder(m_home + u"/.lmstudio/models"_s, u"lmstudio"_s);
        int imported = 0;
        for (const store::ImportCandidate &candidate : found) {
            QString name, error;
            const bool ok = importer.import(candidate, &name, &error);
            QCOMPARE(ok, candidate.runnable);
            if (!ok)
                QVERIFY(error.contains(candidate.reason));
            imported += ok;
        }
        QCOMPARE(imported, 3);
        // Importing again changes nothing; the candidates now say so.
        for (const store::ImportCandidate &candidate : importer.findInOllama(store::ModelImporter::defaultOllamaFolder())) {
            QVERIFY(candidate.alreadyImported);
            QString name;
            QVERIFY(importer.import(candidate, &name, nullptr));
        }

        const QList<store::InstalledModel> models = store::ModelStore(m_models).scan();
        QCOMPARE(models.size(), 3);
        QStringList names;
        for (const store::InstalledModel &model : models) {
            names << model.name;
            QVERIFY(model.imported);
            QVERIFY(!model.ggufPath.startsWith(m_models)); // in place: nothing copied
            QVERIFY(QFileInfo(model.ggufPath).isFile());
            QVERIFY(!QDir(model.folder).entryList({u"*.gguf"_s}, QDir::Files).size());
        }
        QCOMPARE(names, (QStringList{u"DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M"_s, u"ollama-deepseek-r1-1.5b"_s,
                                     u"ollama-someone-r1-tuned-latest"_s}));
        for (const store::InstalledModel &model : models) {
            engine::inference::LoadOptions options;
            options.contextLength = 64;
            auto loaded = engine::inference::InferenceModel::load(model.ggufPath.toStdString(), options);
            QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
            const auto prompt = loaded.value()->tokenizer()->encode("Hello");
            QVERIFY(prompt.ok());
            engine::inference::GenerationOptions generation;
            generation.maxTokens = 4;
            generation.stopAtEos = false;
            generation.sampling.temperature = 0.0f;
            const auto answer = loaded.value()->generate(prompt.value(), generation);
            QVERIFY(answer.ok());
            QCOMPARE(answer->tokens.size(), std::size_t{4});
        }
    }

    void deleteKeepsFilesUnlessAsked()
    {
        const store::ModelStore store(m_models);
        QString error;
        const QString ollamaBlob = store::ModelImporter::defaultOllamaFolder() + u"/blobs/sha256-"_s + sha256(m_q4km);
        // Ollama's blobs are Ollama's: DeskSeek forgets the model, and refuses to delete the blob.
        QVERIFY(!store.remove(u"ollama-deepseek-r1-1.5b"_s, &error, true));
        QVERIFY(error.contains(u"ollama rm"_s));
        QVERIFY(store.remove(u"ollama-deepseek-r1-1.5b"_s, &error));
        QVERIFY(QFileInfo::exists(ollamaBlob));
        const QString lmStudioFile = m_home
                                     + u"/.lmstudio/models/bartowski/DeepSeek-R1-Distill-Qwen-1.5B-GGUF/"
                                       "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf"_s;
        QVERIFY(store.remove(u"DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M"_s, &error, true));
        QVERIFY(!QFileInfo::exists(lmStudioFile));
        QCOMPARE(store.scan().size(), 1);
        // A file moved away: its model is no longer listed (and is again once the file is back).
        const QString file = store.scan().first().ggufPath;
        QVERIFY(QFile::rename(file, m_dir.filePath(u"moved.gguf"_s)));
        QCOMPARE(store.scan().size(), 0);
        QVERIFY(QFile::rename(m_dir.filePath(u"moved.gguf"_s), file));
        QCOMPARE(store.scan().size(), 1);
    }

    void commandLine()
    {
        // deskseek-cli import with the test's home and model folder (XDG_CONFIG_HOME holds the
        // settings that name it).
        QProcess cli;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"HOME"_s, m_home);
        environment.insert(u"XDG_CONFIG_HOME"_s, m_home + u"/.config"_s);
        environment.insert(u"XDG_DATA_HOME"_s, m_home + u"/.local/share"_s);
        cli.setProcessEnvironment(environment);
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"import"_s, u"ollama"_s, u"--json"_s});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QJsonArray report = QJsonDocument::fromJson(cli.readAllStandardOutput()).array();
        QCOMPARE(report.size(), 2);
        for (const QJsonValue &entry : report) {
            QVERIFY(entry[u"runnable"_s].toBool());
            QVERIFY(!entry[u"name"_s].toString().isEmpty());
        }
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"list"_s, u"--json"_s});
        QVERIFY(cli.waitForFinished(60000));
        const QJsonArray listed = QJsonDocument::fromJson(cli.readAllStandardOutput()).array();
        QCOMPARE(listed.size(), 2);
        QVERIFY(listed[0][u"imported"_s].toBool());
        QCOMPARE(listed[0][u"importedFrom"_s].toString(), u"ollama"_s);
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
