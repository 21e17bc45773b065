#include "download/filedownloader.h"

#include "download/curlglobal.h"
#include "download/curlrequest.h"
#include "download/piecemap.h"
#include "download/segmentedtransfer.h"
#include "download/streamhasher.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <curl/curl.h>

#include <cerrno>
#include <optional>

using namespace Qt::StringLiterals;

namespace deskseek::download {

namespace {

// What one transfer attempt shares with libcurl's callbacks.
struct Transfer
{
    QFile *file = nullptr;
    StreamHasher *hash = nullptr;
    CURL *curl = nullptr;
    qint64 onDisk = 0;       // bytes in the file
    qint64 transferred = 0;  // bytes received in this call
    bool rangeRequested = false;
    bool restarted = false;  // the server ignored the range: started over
    bool diskFull = false;
    bool writeFailed = false;
    bool cancelled = false;
    long status = 0;
    const FileDownloader::ProgressCallback *progress = nullptr;
    DownloadProgress state;
    QElapsedTimer clock;
    qint64 startBytes = 0;
};

size_t onData(char *data, size_t size, size_t count, void *user)
{
    auto *t = static_cast<Transfer *>(user);
    const size_t bytes = size * count;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &t->status);
    if (t->status >= 400)
        return 0; // an error page is not the file
    if (t->status == 200 && t->rangeRequested && !t->restarted) {
        // The server sent the whole file instead of the rest: start the file over.
        t->restarted = true;
        t->file->resize(0);
        t->file->seek(0);
        t->hash->reset();
        t->onDisk = 0;
    }
    const qint64 written = t->file->write(data, qint64(bytes));
    if (written != qint64(bytes)) {
        t->writeFailed = true;
        t->diskFull = t->file->error() == QFileDevice::ResourceError || isDiskFull(errno);
        return 0;
    }
    t->hash->addData(data, qsizetype(bytes));
    t->onDisk += qint64(bytes);
    t->transferred += qint64(bytes);
    return bytes;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto *t = static_cast<Transfer *>(user);
    if (!t->progress || !*t->progress)
        return 0;
    t->state.received = t->onDisk;
    const double seconds = t->clock.elapsed() / 1000.0;
    t->state.bytesPerSecond = seconds > 0.2 ? (t->onDisk - t->startBytes) / seconds : 0;
    if (!(*t->progress)(t->state)) {
        t->cancelled = true;
        return 1; // abort the transfer
    }
    return 0;
}

bool hashExisting(QFile &file, StreamHasher &hash)
{
    file.seek(0);
    while (!file.atEnd()) {
        const QByteArray chunk = file.read(4 << 20);
        if (chunk.isEmpty() && file.error() != QFileDevice::NoError)
            return false;
        hash.addData(chunk.constData(), chunk.size());
    }
    return true;
}

// The verified file takes its name.
bool moveIntoPlace(QFile &file, const QString &target, DownloadResult &result)
{
    const QString partPath = file.fileName();
    file.close();
    QFile::remove(target);
    if (!QFile::rename(partPath, target)) {
        result.error = DownloadResult::Error::Disk;
        result.message = u"Cannot move %1 into place."_s.arg(partPath);
        return false;
    }
    result.error = DownloadResult::Error::None;
    result.message.clear();
    return true;
}

QString gaveUpMessage(const DownloadRequest &request, int attempts, const QString &why)
{
    return u"Could not download %1 after %2 attempts (%3). Check the network connection or try another source; "
           "the partial file is kept."_s.arg(request.url.fileName()).arg(attempts).arg(why);
}

QString damagedMessage(const DownloadRequest &request, bool sizeOk)
{
    return u"%1 arrived damaged twice (%2). Try another download source."_s.arg(
        request.url.fileName(), sizeOk ? u"its checksum is wrong"_s : u"its size is wrong"_s);
}

} // namespace

qint64 FileDownloader::bytesOnDisk(const QString &target, qint64 expectedSize)
{
    const QString partPath = target + u".part"_s;
    const qint64 mapped = PieceMap::bytesDone(PieceMap::pathFor(partPath));
    if (mapped >= 0)
        return mapped;
    const QFileInfo part(partPath);
    if (!part.exists())
        return 0;
    return expectedSize >= 0 && part.size() > expectedSize ? 0 : part.size();
}

DownloadResult FileDownloader::downloadInPieces(const DownloadRequest &request, const ProgressCallback &progress, bool *fallBack)
{
    DownloadResult result;
    const QString partPath = request.target + u".part"_s;
    const QString mapPath = PieceMap::pathFor(partPath);
    QFile file(partPath);
    if (!file.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        result.error = DownloadResult::Error::Disk;
        result.message = u"Cannot write %1: %2. Choose a folder you can write to."_s.arg(partPath, file.errorString());
        return result;
    }
    for (int round = 0; round < 2; ++round) {
        std::optional<PieceMap> map = PieceMap::load(mapPath, request.expectedSize);
        if (map && map->extent() > file.size())
            map.reset(); // the partial file is shorter than its map says: neither can be trusted
        if (!map) {
            // Without a valid map, only a partial file fetched from its start in one piece can be kept.
            if (QFile::exists(mapPath) || file.size() > request.expectedSize)
                file.resize(0);
            map = PieceMap::create(request.expectedSize, request.pieceBytes, file.size());
        }
        QString error;
        if (!map->save(mapPath, &error)) {
            result.error = DownloadResult::Error::Disk;
            result.message = u"Cannot write %1: %2."_s.arg(mapPath, error);
            return result;
        }
        if (round == 0)
            result.resumedFrom = map->totalDone();
        StreamHasher hash;
        const SegmentedTransfer::Outcome outcome = SegmentedTransfer(request, file, *map, hash, progress).run();
        map->close();
        result.transferred += outcome.transferred;
        result.attempts = std::max(result.attempts, outcome.attempts);
        using Kind = SegmentedTransfer::Outcome::Kind;
        switch (outcome.kind) {
        case Kind::Cancelled:
            result.error = DownloadResult::Error::Cancelled;
            result.message = outcome.message;
            return result;
        case Kind::Disk:
            result.error = DownloadResult::Error::Disk;
            result.message = outcome.message;
            return result;
        case Kind::Http:
            result.error = DownloadResult::Error::Http;
            result.message = outcome.message;
            return result;
        case Kind::Network:
            result.error = DownloadResult::Error::Network;
            result.message = gaveUpMessage(request, outcome.attempts, outcome.message);
            return result;
        case Kind::RangeUnsupported:
            file.resize(0);
            QFile::remove(mapPath);
            *fallBack = true;
            return result;
        case Kind::Complete:
            break;
        }
        const bool sizeOk = file.size() == request.expectedSize;
        const bool hashOk = request.sha256.isEmpty() || hash.result() == request.sha256;
        if (sizeOk && hashOk) {
            QFile::remove(mapPath);
            moveIntoPlace(file, request.target, result);
            return result;
        }
        // Wrong bytes: throw them away and fetch the file once more.
        file.resize(0);
        QFile::remove(mapPath);
        if (round == 1) {
            result.error = DownloadResult::Error::Corrupt;
            result.message = damagedMessage(request, sizeOk);
            file.close();
            QFile::remove(partPath);
            return result;
        }
    }
    return result;
}

DownloadResult FileDownloader::download(const DownloadRequest &request, const ProgressCallback &progress)
{
    ensureCurlInitialized();
    DownloadResult result;
    const QString partPath = request.target + u".part"_s;
    QDir().mkpath(QFileInfo(request.target).absolutePath());
    const QString mapPath = PieceMap::pathFor(partPath);
    const bool mapped = QFile::exists(mapPath);
    if (request.expectedSize > 0 && (mapped || (request.connections > 1 && request.expectedSize >= 2 * request.pieceBytes))) {
        bool fallBack = false;
        result = downloadInPieces(request, progress, &fallBack);
        if (!fallBack)
            return result;
        result = {};
    } else if (mapped) {
        // Pieces of a file whose size is not known now cannot be trusted: start over.
        QFile::remove(mapPath);
        QFile::resize(partPath, 0);
    }
    QFile file(partPath);
    // Unbuffered: libcurl hands over large pieces, written as they are without another copy.
    if (!file.open(QIODevice::ReadWrite | QIODevice::Unbuffered)) {
        result.error = DownloadResult::Error::Disk;
        result.message = u"Cannot write %1: %2. Choose a folder you can write to."_s.arg(partPath, file.errorString());
        return result;
    }
    StreamHasher hash;
    qint64 onDisk = file.size();
    if (request.expectedSize >= 0 && onDisk > request.expectedSize) {
        file.resize(0); // longer than the file can be: not a part of it
        onDisk = 0;
    }
    if (onDisk > 0 && !hashExisting(file, hash)) {
        result.error = DownloadResult::Error::Disk;
        result.message = u"Cannot read %1: %2."_s.arg(partPath, file.errorString());
        return result;
    }
    result.resumedFrom = onDisk;
    file.seek(onDisk);

    bool refetchedCorrupt = false;
    int wait = request.backoffMs;
    int maxAttempts = std::max(1, request.maxAttempts);
    for (int attempt = 1; attempt <= maxAttempts; ++attempt) {
        result.attempts = attempt;
        const bool complete = request.expectedSize >= 0 && onDisk == request.expectedSize;
        long status = 0;
        CURLcode code = CURLE_OK;
        Transfer t;
        if (!complete) {
            CURL *curl = curl_easy_init();
            t.file = &file;
            t.hash = &hash;
            t.curl = curl;
            t.onDisk = onDisk;
            t.startBytes = onDisk;
            t.rangeRequested = onDisk > 0;
            t.progress = &progress;
            t.state.total = request.expectedSize;
            t.state.attempt = attempt;
            t.clock.start();
            const QByteArray url = request.url.toEncoded();
            curl_slist *headers = applyTransferOptions(curl, request, url);
            curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onData);
            curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
            curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
            curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
            curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
            const QByteArray range = QByteArray::number(onDisk) + '-';
            if (onDisk > 0)
                curl_easy_setopt(curl, CURLOPT_RANGE, range.constData());
            code = curl_easy_perform(curl);
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
            curl_slist_free_all(headers);
            curl_easy_cleanup(curl);
            file.flush();
            onDisk = t.onDisk;
            result.transferred += t.transferred;
            if (t.cancelled) {
                result.error = DownloadResult::Error::Cancelled;
                result.message = u"Download cancelled; the partial file is kept for later."_s;
                return result;
            }
            if (t.writeFailed) {
                result.error = DownloadResult::Error::Disk;
                result.message = t.diskFull ? u"The disk is full while writing %1. Free some space or choose "
                                              "another folder, then resume."_s.arg(partPath)
                                            : u"Cannot write %1: %2."_s.arg(partPath, file.errorString());
                return result;
            }
            if (status == 416 && request.expectedSize >= 0 && onDisk == request.expectedSize)
                code = CURLE_OK; // nothing left to send: the file is complete
            else if (status >= 400 && status < 500) {
                result.error = DownloadResult::Error::Http;
                result.message = httpFailureMessage(request.url, status);
                return result;
            }
            if (code != CURLE_OK || status >= 500) {
                result.error = DownloadResult::Error::Network;
                result.message = status >= 500 ? u"The server answered HTTP %1."_s.arg(status)
                                               : QString::fromUtf8(curl_easy_strerror(code));
                if (attempt < maxAttempts) {
                    QThread::msleep(wait);
                    wait = std::min(wait * 2, 30000);
                }
                continue;
            }
        }
        // The whole file is here: check it before it takes its name.
        const bool sizeOk = request.expectedSize < 0 || onDisk == request.expectedSize;
        const bool hashOk = request.sha256.isEmpty() || hash.result() == request.sha256;
        if (sizeOk && hashOk) {
            moveIntoPlace(file, request.target, result);
            return result;
        }
        // Wrong bytes: throw them away and fetch the file once more from the start.
        file.resize(0);
        file.seek(0);
        hash.reset();
        onDisk = 0;
        if (refetchedCorrupt) {
            result.error = DownloadResult::Error::Corrupt;
            result.message = damagedMessage(request, sizeOk);
            file.close();
            QFile::remove(partPath);
            return result;
        }
        refetchedCorrupt = true;
        ++maxAttempts; // the fetch again gets an attempt of its own
    }
    if (result.error == DownloadResult::Error::None)
        result.error = DownloadResult::Error::Network;
    result.message = gaveUpMessage(request, result.attempts, result.message);
    return result;
}

} // namespace deskseek::download
