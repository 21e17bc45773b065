// Downloads against a real HTTP server on 127.0.0.1 (cpp-httplib) that speaks the Hugging Face
// tree API and HTTP Range: listing, a clean download, resume after a dropped connection, 503
// retries, damaged bytes caught by sha256 and fetched again, 404 and cancel.

#include "fixtures/fakehub.h"
#include "fixtures/hfmodelfixture.h"

#include "engine/model/modelfiles.h"

#include "download/filedownloader.h"
#include "download/hubsource.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek;
using download::DownloadRequest;
using download::DownloadResult;
using download::FileDownloader;

namespace {
QByteArray randomBytes(qint64 size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator random(seed);
    random.fillRange(reinterpret_cast<quint32 *>(data.data()), size / 4);
    return data;
}

QString sha256(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

class TestDownload : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    tests::FakeHub m_hub;
    QByteArray m_weights = randomBytes(24 << 20, 7); // 24 MiB

    DownloadRequest requestFor(const QString &path, const QByteArray &content)
    {
        DownloadRequest request;
        request.url = download::HubSource::custom(m_hub.endpoint()).fileUrl(u"deepseek-ai/Test-Model"_s, path);
        request.target = m_dir.filePath(u"models/Test-Model/"_s + path);
        request.expectedSize = content.size();
        request.sha256 = sha256(content);
        request.backoffMs = 20;
        return request;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The hub is local: a proxy from the environment (a CI machine's) must not carry its traffic.
        qputenv("no_proxy", "127.0.0.1,localhost");
        qputenv("NO_PROXY", "127.0.0.1,localhost");
        m_hub.addFile(u"deepseek-ai/Test-Model"_s, u"config.json"_s, R"({"model_type": "qwen2"})", false);
        m_hub.addFile(u"deepseek-ai/Test-Model"_s, u"model.safetensors"_s, m_weights);
        m_hub.addFile(u"deepseek-ai/Test-Model"_s, u"original/consolidated.pth"_s, "x");
    }

    void listsFilesWithTheTreeApi()
    {
        const download::HubSource hub = download::HubSource::custom(m_hub.endpoint());
        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(hub.treeUrl(u"deepseek-ai/Test-Model"_s)));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        QString error;
        const auto files = download::HubSource::parseTree(reply->readAll(), u"deepseek-ai/Test-Model"_s, &error);
        reply->deleteLater();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(files.size(), 3);
        const auto selected = download::selectModelFiles(files);
        QCOMPARE(selected.size(), 2); // not the file in a subfolder
        for (const auto &file : selected) {
            if (file.path == u"model.safetensors"_s) {
                QCOMPARE(file.size, m_weights.size());
                QCOMPARE(file.sha256, sha256(m_weights));
            } else {
                QVERIFY(file.sha256.isEmpty()); // small git files have no sha256 in the listing
            }
        }
        QVERIFY(download::HubSource::parseTree("{not json", u"x"_s, &error).isEmpty());
        QVERIFY(error.contains(u"not valid"_s));
        QVERIFY(download::HubSource::parseTree(R"([{"type":"file","path":"../../etc/passwd","size":1}])", u"x"_s, &error).isEmpty());
        QVERIFY(error.contains(u"invalid file"_s));
    }

    void cleanDownload()
    {
        m_hub.bytesServed = 0;
        const DownloadRequest request = requestFor(u"model.safetensors"_s, m_weights);
        int calls = 0;
        const DownloadResult result = FileDownloader().download(request, [&](const download::DownloadProgress &p) {
            ++calls;
            return p.received <= m_weights.size();
        });
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(readAll(request.target), m_weights);
        QVERIFY(!QFile::exists(request.target + u".part"_s));
        QCOMPARE(result.transferred, m_weights.size());
        QCOMPARE(m_hub.bytesServed.load(), m_weights.size());
        QVERIFY(calls > 0);
        QFile::remove(request.target);
    }

    // The connection breaks after 10 MiB: the download resumes from there with a Range request
    // and nothing before it comes twice.
    void resumesAfterADroppedConnection()
    {
        m_hub.bytesServed = 0;
        m_hub.rangeRequests = 0;
        m_hub.dropAfter = 10 << 20;
        const DownloadRequest request = requestFor(u"model.safetensors"_s, m_weights);
        const DownloadResult result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(readAll(request.target), m_weights);
        QCOMPARE(result.attempts, 2);
        QCOMPARE(m_hub.rangeRequests.load(), 1);
        QCOMPARE(m_hub.bytesServed.load(), m_weights.size()); // every byte once
        QFile::remove(request.target);
    }

    // A partial file left by an earlier run (a crash, a restart) is continued, not restarted.
    void resumesAPartialFileFromAnEarlierRun()
    {
        const DownloadRequest request = requestFor(u"model.safetensors"_s, m_weights);
        QDir().mkpath(QFileInfo(request.target).absolutePath());
        QFile part(request.target + u".part"_s);
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(m_weights.left(5 << 20));
        part.close();
        m_hub.bytesServed = 0;
        const DownloadResult result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.resumedFrom, qint64(5 << 20));
        QCOMPARE(m_hub.bytesServed.load(), m_weights.size() - (5 << 20));
        QCOMPARE(readAll(request.target), m_weights);
        QFile::remove(request.target);
    }

    void retriesServerErrors()
    {
        m_hub.failures503 = 2;
        const DownloadRequest request = requestFor(u"model.safetensors"_s, m_weights);
        const DownloadResult result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.attempts, 3);
        QFile::remove(request.target);
        // A server that keeps failing: a clear error, the partial file kept.
        m_hub.failures503 = 100;
        DownloadRequest stubborn = request;
        stubborn.maxAttempts = 3;
        const DownloadResult failed = FileDownloader().download(stubborn);
        m_hub.failures503 = 0;
        QCOMPARE(failed.error, DownloadResult::Error::Network);
        QVERIFY2(failed.message.contains(u"after 3 attempts"_s) && failed.message.contains(u"503"_s), qPrintable(failed.message));
        QVERIFY(!QFile::exists(request.target));
    }

    // Damaged bytes: the sha256 catches them, the file is fetched again, and only the right
    // bytes take the file's name. Damaged twice: an error, nothing left behind.
    void detectsCorruption()
    {
        m_hub.corruptResponses = 1;
        const DownloadRequest request = requestFor(u"model.safetensors"_s, m_weights);
        const DownloadResult result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(readAll(request.target), m_weights);
        QCOMPARE(result.transferred, 2 * m_weights.size());
        QFile::remove(request.target);

        m_hub.corruptResponses = 2;
        const DownloadResult failed = FileDownloader().download(request);
        QCOMPARE(failed.error, DownloadResult::Error::Corrupt);
        QVERIFY2(failed.message.contains(u"checksum"_s), qPrintable(failed.message));
        QVERIFY(!QFile::exists(request.target));
        QVERIFY(!QFile::exists(request.target + u".part"_s));
    }

    // deskseek-cli pull: list, download (sha256-verified), convert to GGUF, drop the source.
    void pullsAModel()
    {
        tests::HfModelSpec spec;
        spec.layerCount = 1;
        const QString folder = m_dir.filePath(u"hub-model"_s);
        tests::writeHfModel(folder.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        for (const QString &file : QDir(folder).entryList(QDir::Files))
            m_hub.addFile(u"deepseek-ai/Tiny-Model"_s, file, readAll(folder + u'/' + file), file.endsWith(u".safetensors"_s));
        const QString home = m_dir.filePath(u"home"_s);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, home);
        env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
        QProcess cli;
        cli.setProcessEnvironment(env);
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"pull"_s, u"deepseek-ai/Tiny-Model"_s, u"--source"_s,
                                                        m_hub.endpoint().toString(), u"--quant"_s, u"q8_0"_s});
        QVERIFY(cli.waitForFinished(300000));
        const QString errors = QString::fromUtf8(cli.readAllStandardError());
        QVERIFY2(cli.exitCode() == 0, qPrintable(errors));
        QVERIFY2(errors.contains(u"100%"_s), qPrintable(errors));
        const QString gguf = home + u"/data/DeskSeek/models/Tiny-Model/Tiny-Model-Q8_0.gguf"_s;
        QVERIFY2(QString::fromUtf8(cli.readAllStandardOutput()).contains(gguf), qPrintable(gguf));
        const auto installed = engine::model::ModelFiles::openGguf(gguf.toStdString());
        QVERIFY2(installed.ok(), installed.ok() ? "" : installed.error().message.c_str());
        QVERIFY(installed->config == engine::model::ModelFiles::openFolder(folder.toStdString())->config);
        QVERIFY(!QFileInfo::exists(home + u"/data/DeskSeek/models/Tiny-Model/source"_s)); // not kept

        // deskseek-cli list shows it with its manifest; rm deletes it.
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"list"_s, u"--json"_s});
        QVERIFY(cli.waitForFinished(60000));
        const QJsonArray list = QJsonDocument::fromJson(cli.readAllStandardOutput()).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject entry = list.first().toObject();
        QCOMPARE(entry.value(u"name"_s).toString(), u"Tiny-Model"_s);
        QCOMPARE(entry.value(u"quantization"_s).toString(), u"Q8_0"_s);
        QCOMPARE(entry.value(u"architecture"_s).toString(), u"qwen2"_s);
        QCOMPARE(entry.value(u"repository"_s).toString(), u"deepseek-ai/Tiny-Model"_s);
        QCOMPARE(qint64(entry.value(u"bytes"_s).toDouble()), QFileInfo(gguf).size() + QFileInfo(QFileInfo(gguf).path() + u"/manifest.json"_s).size());
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"rm"_s, u"Nope"_s});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"rm"_s, u"Tiny-Model"_s});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        QVERIFY(!QFileInfo::exists(gguf));
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"list"_s});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY(QString::fromUtf8(cli.readAllStandardOutput()).startsWith(u"No models installed"_s));

        // A repository the hub does not have: a clear error.
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"pull"_s, u"deepseek-ai/Nothing"_s, u"--source"_s, m_hub.endpoint().toString()});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(QString::fromUtf8(cli.readAllStandardError()).contains(u"has no model deepseek-ai/Nothing (HTTP 404)"_s));
    }

    void missingFileAndCancel()
    {
        DownloadRequest missing = requestFor(u"model.safetensors"_s, m_weights);
        missing.url = download::HubSource::custom(m_hub.endpoint()).fileUrl(u"deepseek-ai/Test-Model"_s, u"nope.bin"_s);
        const DownloadResult notFound = FileDownloader().download(missing);
        QCOMPARE(notFound.error, DownloadResult::Error::Http);
        QVERIFY2(notFound.message.contains(u"HTTP 404"_s), qPrintable(notFound.message));

        const DownloadRequest request = requestFor(u"model.safetensors"_s, m_weights);
        const DownloadResult cancelled = FileDownloader().download(request, [](const download::DownloadProgress &p) {
            return p.received < (4 << 20);
        });
        QCOMPARE(cancelled.error, DownloadResult::Error::Cancelled);
        QVERIFY(!QFile::exists(request.target));
        QVERIFY(QFileInfo(request.target + u".part"_s).size() >= (4 << 20)); // kept for a resume
        const DownloadResult resumed = FileDownloader().download(request);
        QVERIFY(resumed.ok());
        QVERIFY(resumed.resumedFrom >= (4 << 20));
        QCOMPARE(readAll(request.target), m_weights);
    }
};

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
