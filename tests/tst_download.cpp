// Downloads against a real HTTP server on 127.0.0.1 (cpp-httplib) that speaks the Hugging Face
// tree API and HTTP Range: listing, a clean download, resume after a dropped connection, 503
// retries, damaged bytes caught by sha256 and fetched again, 404 and cancel.

#include "fixtures/fakehub.h"
#include "fixtures/hfmodelfixture.h"

#include "engine/model/modelfiles.h"

#include "download/filedownloader.h"
#include "download/hubsource.h"
#include "download/piecemap.h"

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
    QByteArray m_odd = randomBytes((5 << 20) + 12345, 8); // not a whole number of pieces

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

    // The same file in 1 MiB pieces over `connections` connections.
    DownloadRequest inPieces(const QString &path, const QByteArray &content, int connections = 4)
    {
        DownloadRequest request = requestFor(path, content);
        request.connections = connections;
        request.pieceBytes = 1 << 20;
        return request;
    }

    // Counters start from a quiet hub: a response to the previous download that a busy server is
    // still finishing (its connection closed by the client) would otherwise count here too.
    void resetCounters()
    {
        QTRY_COMPARE_WITH_TIMEOUT(m_hub.activeFiles.load(), 0, 10000);
        m_hub.bytesServed = 0;
        m_hub.rangeRequests = 0;
        m_hub.fileRequests = 0;
        m_hub.maxActiveFiles = 0;
    }

    static QString mapOf(const DownloadRequest &request)
    {
        return download::PieceMap::pathFor(request.target + u".part"_s);
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
        m_hub.addFile(u"deepseek-ai/Test-Model"_s, u"odd.safetensors"_s, m_odd);
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
        QCOMPARE(files.size(), 4);
        const auto selected = download::selectModelFiles(files);
        QCOMPARE(selected.size(), 3); // not the file in a subfolder
        for (const auto &file : selected) {
            if (file.path == u"model.safetensors"_s) {
                QCOMPARE(file.size, m_weights.size());
                QCOMPARE(file.sha256, sha256(m_weights));
            } else if (file.path == u"odd.safetensors"_s) {
                QCOMPARE(file.sha256, sha256(m_odd));
            } else {
                QVERIFY(file.sha256.isEmpty()); // small git files have no sha256 in the listing
            }
        }
        QVERIFY(download::HubSource::parseTree("{not json", u"x"_s, &error).isEmpty());
        QVERIFY(error.contains(u"not valid"_s));
        QVERIFY(download::HubSource::parseTree(R"([{"type":"file","path":"../../etc/passwd","size":1}])", u"x"_s, &error).isEmpty());
        QVERIFY(error.contains(u"invalid file"_s));
    }

    // A GGUF asked for by name: that file; where the repository spells it otherwise, its one
    // top-level file of the same quantization; never a guess between two, a split file's part or
    // a file in a folder.
    void selectsAReadyMadeGgufByItsQuantization()
    {
        using download::HubFile;
        const auto pick = [](const QList<HubFile> &files, const QString &name) {
            const QList<HubFile> selected = download::selectModelFiles(files, name);
            return selected.size() == 1 ? selected.first().path : selected.isEmpty() ? QString() : u"(several)"_s;
        };
        const QList<HubFile> bartowski = {{u"README.md"_s, 10, {}},
                                          {u"DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf"_s, 4683073952, u"aa"_s},
                                          {u"DeepSeek-R1-Distill-Qwen-7B-Q4_K_S.gguf"_s, 4457768352, u"bb"_s},
                                          {u"DeepSeek-R1-Distill-Qwen-7B-Q6_K.gguf"_s, 6254198752, u"cc"_s}};
        QCOMPARE(pick(bartowski, u"DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf"_s), u"DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf"_s);
        QCOMPARE(pick(bartowski, u"DeepSeek-R1-Distill-Qwen-7B-Q6_K.gguf"_s), u"DeepSeek-R1-Distill-Qwen-7B-Q6_K.gguf"_s);
        // Another publisher's spelling of the name, the same quantization: found.
        QCOMPARE(pick(bartowski, u"deepseek-r1-distill-qwen-7b.q4_k_m.gguf"_s), u"DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf"_s);
        // Q4_K_S is not Q4_K_M, and a type the repository lacks is not replaced by another.
        QCOMPARE(pick(bartowski, u"DeepSeek-R1-Distill-Qwen-7B-Q8_0.gguf"_s), QString());
        QCOMPARE(pick(bartowski, u"no-quantization.gguf"_s), QString());
        QCOMPARE(pick(bartowski, u"Q4_K_M"_s), QString());

        const QList<HubFile> awkward = {{u"Model-Q4_K_M.gguf"_s, 1, {}},
                                        {u"Other-Model-Q4_K_M.gguf"_s, 1, {}},
                                        {u"Big-Q8_0-00001-of-00002.gguf"_s, 1, {}},
                                        {u"Big-Q8_0-00002-of-00002.gguf"_s, 1, {}},
                                        {u"old/Model-Q6_K.gguf"_s, 1, {}}};
        QCOMPARE(pick(awkward, u"Model-Q4_K_M.gguf"_s), u"Model-Q4_K_M.gguf"_s); // its own name wins
        QCOMPARE(pick(awkward, u"Third-Q4_K_M.gguf"_s), QString());              // two candidates: no guess
        QCOMPARE(pick(awkward, u"Big-Q8_0.gguf"_s), QString());                  // parts of a split file
        QCOMPARE(pick(awkward, u"Model-Q6_K.gguf"_s), QString());                // only in a folder
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

    // The piece map: bounded parsing, a prefix counted as done, updates in place.
    void pieceMap()
    {
        using download::PieceMap;
        PieceMap map = PieceMap::create(10, 4, 5);
        QCOMPARE(map.count(), 3);
        QCOMPARE(map.length(2), qint64(2));
        QCOMPARE(map.done(0), qint64(4));
        QCOMPARE(map.done(1), qint64(1));
        QCOMPARE(map.done(2), qint64(0));
        QCOMPARE(map.contiguous(), qint64(5));
        const QString path = m_dir.filePath(u"unit.pieces"_s);
        QString error;
        QVERIFY2(map.save(path, &error), qPrintable(error));
        QVERIFY(map.record(2, 2));
        QVERIFY(map.complete(2));
        QCOMPARE(map.contiguous(), qint64(5)); // piece 1 still has a gap
        map.close();
        const auto loaded = PieceMap::load(path, 10);
        QVERIFY(loaded);
        QCOMPARE(loaded->totalDone(), qint64(7));
        QCOMPARE(PieceMap::bytesDone(path), qint64(7));
        QVERIFY(!PieceMap::load(path, 11)); // for another file
        // Damaged maps are refused, not trusted: cut short, a count that does not fit, done > length.
        QByteArray bytes = readAll(path);
        const auto writeMap = [&](const QByteArray &content) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(content);
        };
        writeMap(bytes.left(bytes.size() - 1));
        QVERIFY(!PieceMap::load(path, 10));
        QByteArray wrongCount = bytes;
        wrongCount[24] = 4;
        writeMap(wrongCount);
        QVERIFY(!PieceMap::load(path, 10));
        QByteArray tooMuch = bytes;
        tooMuch[32 + 8] = 9; // piece 1 is 4 bytes long
        writeMap(tooMuch);
        QVERIFY(!PieceMap::load(path, 10));
        writeMap(QByteArray(40, 'x'));
        QVERIFY(!PieceMap::load(path, 10));
        QCOMPARE(PieceMap::bytesDone(path), qint64(-1));
        // However large the file, the map stays bounded.
        QCOMPARE(PieceMap::create(qint64(1) << 50, 1, 0).count(), PieceMap::kMaxPieces);
    }

    // A large file comes over several connections at once, each byte once.
    void downloadsInPieces()
    {
        resetCounters();
        m_hub.bytesPerSecond = 24 << 20; // per response: the pieces overlap in time
        const DownloadRequest request = inPieces(u"model.safetensors"_s, m_weights);
        qint64 last = 0;
        bool monotonic = true;
        const DownloadResult result = FileDownloader().download(request, [&](const download::DownloadProgress &p) {
            monotonic = monotonic && p.received >= last && p.total == m_weights.size();
            last = p.received;
            return true;
        });
        m_hub.bytesPerSecond = 0;
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(readAll(request.target), m_weights);
        QCOMPARE(result.transferred, m_weights.size());
        QCOMPARE(m_hub.bytesServed.load(), m_weights.size());
        QCOMPARE(m_hub.rangeRequests.load(), 24);
        QVERIFY2(m_hub.maxActiveFiles >= 2 && m_hub.maxActiveFiles <= 4, qPrintable(QString::number(m_hub.maxActiveFiles)));
        QVERIFY(monotonic);
        QCOMPARE(last, m_weights.size());
        QVERIFY(!QFile::exists(request.target + u".part"_s));
        QVERIFY(!QFile::exists(mapOf(request)));
        QFile::remove(request.target);

        // 5 MiB + 12345 bytes: six pieces, the last one short.
        resetCounters();
        const DownloadRequest odd = inPieces(u"odd.safetensors"_s, m_odd, 3);
        const DownloadResult oddResult = FileDownloader().download(odd);
        QVERIFY2(oddResult.ok(), qPrintable(oddResult.message));
        QCOMPARE(readAll(odd.target), m_odd);
        QCOMPARE(m_hub.rangeRequests.load(), 6);
        QCOMPARE(m_hub.bytesServed.load(), m_odd.size());
        QFile::remove(odd.target);

        // One piece's worth or less: one connection, no map.
        resetCounters();
        DownloadRequest small = inPieces(u"odd.safetensors"_s, m_odd);
        small.pieceBytes = 4 << 20;
        QVERIFY(FileDownloader().download(small).ok());
        QCOMPARE(m_hub.fileRequests.load(), 1);
        QFile::remove(small.target);
    }

    // A connection breaks in the middle of a piece: that piece goes on from its last byte.
    void piecesResumeAfterADroppedConnection()
    {
        resetCounters();
        m_hub.dropAfterSent = 300 * 1024;
        const DownloadRequest request = inPieces(u"model.safetensors"_s, m_weights);
        const DownloadResult result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(readAll(request.target), m_weights);
        QCOMPARE(result.attempts, 2);
        QCOMPARE(m_hub.rangeRequests.load(), 25); // 24 pieces and the rest of one
        QCOMPARE(m_hub.bytesServed.load(), m_weights.size()); // every byte once
        QFile::remove(request.target);
    }

    // Cancelled half way: the map keeps what is on disk, and a new downloader (a restart) asks
    // only for the rest.
    void piecesResumeAfterCancel()
    {
        resetCounters();
        m_hub.bytesPerSecond = 24 << 20;
        const DownloadRequest request = inPieces(u"model.safetensors"_s, m_weights);
        const DownloadResult cancelled = FileDownloader().download(request, [](const download::DownloadProgress &p) {
            return p.received < (8 << 20);
        });
        m_hub.bytesPerSecond = 0;
        QCOMPARE(cancelled.error, DownloadResult::Error::Cancelled);
        QVERIFY(!QFile::exists(request.target));
        QVERIFY(QFile::exists(mapOf(request)));
        const qint64 kept = FileDownloader::bytesOnDisk(request.target, m_weights.size());
        QCOMPARE(kept, cancelled.transferred);
        QVERIFY2(kept >= (8 << 20) && kept < m_weights.size(), qPrintable(QString::number(kept)));

        QTRY_COMPARE(m_hub.activeFiles.load(), 0); // the cancelled responses are over
        const qint64 servedBefore = m_hub.bytesServed;
        const DownloadResult resumed = FileDownloader().download(request);
        QVERIFY2(resumed.ok(), qPrintable(resumed.message));
        QCOMPARE(resumed.resumedFrom, kept);
        QCOMPARE(resumed.transferred, m_weights.size() - kept);
        QCOMPARE(m_hub.bytesServed - servedBefore, m_weights.size() - kept); // nothing twice
        QCOMPARE(readAll(request.target), m_weights);
        QVERIFY(!QFile::exists(mapOf(request)));
        QFile::remove(request.target);
    }

    // A partial file from a one-connection download goes on in pieces; a damaged map or one
    // for another file means starting over (its bytes cannot be trusted).
    void piecesContinueOrDiscardEarlierParts()
    {
        const DownloadRequest request = inPieces(u"model.safetensors"_s, m_weights);
        QDir().mkpath(QFileInfo(request.target).absolutePath());
        const auto writeFile = [](const QString &path, const QByteArray &content) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(content);
        };
        writeFile(request.target + u".part"_s, m_weights.left((5 << 20) + 100));
        resetCounters();
        DownloadResult result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.resumedFrom, qint64((5 << 20) + 100));
        QCOMPARE(m_hub.bytesServed.load(), m_weights.size() - (5 << 20) - 100);
        QCOMPARE(readAll(request.target), m_weights);
        QFile::remove(request.target);

        writeFile(request.target + u".part"_s, randomBytes(3 << 20, 9));
        writeFile(mapOf(request), QByteArray(100, 'z'));
        resetCounters();
        result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.resumedFrom, qint64(0));
        QCOMPARE(m_hub.bytesServed.load(), m_weights.size());
        QCOMPARE(readAll(request.target), m_weights);
        QFile::remove(request.target);

        // A map for a file of another size (the hub's copy changed): started over.
        writeFile(request.target + u".part"_s, randomBytes(3 << 20, 10));
        download::PieceMap other = download::PieceMap::create(m_weights.size() + 1, 1 << 20, 3 << 20);
        QVERIFY(other.save(mapOf(request), nullptr));
        other.close();
        resetCounters();
        result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.resumedFrom, qint64(0));
        QCOMPARE(readAll(request.target), m_weights);
        QFile::remove(request.target);
    }

    // 503s, a damaged piece, a server without ranges, and a file the server does not have.
    void piecesWhenServersMisbehave()
    {
        const DownloadRequest request = inPieces(u"model.safetensors"_s, m_weights);
        m_hub.failures503 = 2;
        DownloadResult result = FileDownloader().download(request);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(result.attempts >= 2);
        QCOMPARE(readAll(request.target), m_weights);
        QFile::remove(request.target);

        m_hub.failures503 = 1000;
        DownloadRequest stubborn = request;
        stubborn.maxAttempts = 3;
        result = FileDownloader().download(stubborn);
        m_hub.failures503 = 0;
        QCOMPARE(result.error, DownloadResult::Error::Network);
        QVERIFY2(result.message.contains(u"after 3 attempts"_s) && result.message.contains(u"503"_s), qPrintable(result.message));
        QVERIFY(!QFile::exists(request.target));
        QFile::remove(request.target + u".part"_s);
        QFile::remove(mapOf(request));

        // One damaged piece: the whole file fails its sha256 and is fetched again. On a hub of its
        // own: a request of the 503 loop above that the busy server has yet to answer (sent on a
        // connection the client has since closed) would otherwise take the damage.
        tests::FakeHub damaging;
        damaging.addFile(u"deepseek-ai/Test-Model"_s, u"model.safetensors"_s, m_weights);
        DownloadRequest damaged = request;
        damaged.url = download::HubSource::custom(damaging.endpoint()).fileUrl(u"deepseek-ai/Test-Model"_s, u"model.safetensors"_s);
        damaging.corruptResponses = 1;
        result = FileDownloader().download(damaged);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.transferred, 2 * m_weights.size());
        QCOMPARE(readAll(request.target), m_weights);
        QFile::remove(request.target);
        damaging.corruptResponses = 1000;
        result = FileDownloader().download(damaged);
        damaging.corruptResponses = 0;
        QCOMPARE(result.error, DownloadResult::Error::Corrupt);
        QVERIFY(!QFile::exists(request.target));
        QVERIFY(!QFile::exists(request.target + u".part"_s));
        QVERIFY(!QFile::exists(mapOf(request)));

        // A server that answers a range with the whole file: one connection does it all.
        m_hub.ignoreRanges = true;
        result = FileDownloader().download(request);
        m_hub.ignoreRanges = false;
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(readAll(request.target), m_weights);
        QVERIFY(!QFile::exists(mapOf(request)));
        QFile::remove(request.target);

        DownloadRequest missing = request;
        missing.url = download::HubSource::custom(m_hub.endpoint()).fileUrl(u"deepseek-ai/Test-Model"_s, u"nope.bin"_s);
        result = FileDownloader().download(missing);
        QCOMPARE(result.error, DownloadResult::Error::Http);
        QVERIFY2(result.message.contains(u"HTTP 404"_s), qPrintable(result.message));
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
