#include "download/segmentedtransfer.h"

#include "download/curlrequest.h"
#include "download/piecemap.h"
#include "download/streamhasher.h"

#include <QElapsedTimer>
#include <QThread>

#include <curl/curl.h>

#include <cerrno>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace deskseek::download {

namespace {

constexpr int kTurnMs = 100;              // progress reports and cancel checks at least this often

struct Shared
{
    QFile *file = nullptr;
    PieceMap *map = nullptr;
    qint64 transferred = 0; // bytes received
};

// One connection: the piece it is fetching and what went wrong with it.
struct Connection
{
    Shared *shared = nullptr;
    CURL *curl = nullptr;
    curl_slist *headers = nullptr;
    int piece = -1;
    long status = 0;
    bool writeFailed = false;
    bool diskFull = false;
    bool rangeIgnored = false;
    bool httpError = false;

    ~Connection()
    {
        curl_slist_free_all(headers);
        if (curl)
            curl_easy_cleanup(curl);
    }
};

size_t onData(char *data, size_t size, size_t count, void *user)
{
    auto *c = static_cast<Connection *>(user);
    Shared &s = *c->shared;
    curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &c->status);
    if (c->status >= 400) {
        c->httpError = true;
        return 0; // an error page is not the file
    }
    if (c->status != 206) {
        c->rangeIgnored = true; // the whole file instead of the piece: this server cannot do pieces
        return 0;
    }
    const qint64 done = s.map->done(c->piece);
    const qint64 position = s.map->start(c->piece) + done;
    // Never past the piece (a server that sends more than asked for is cut off here).
    const qint64 bytes = std::min(qint64(size * count), s.map->length(c->piece) - done);
    if (!s.file->seek(position) || s.file->write(data, bytes) != bytes) {
        c->writeFailed = true;
        c->diskFull = s.file->error() == QFileDevice::ResourceError || isDiskFull(errno);
        return 0;
    }
    if (!s.map->record(c->piece, done + bytes)) {
        c->writeFailed = true;
        c->diskFull = isDiskFull(errno);
        return 0;
    }
    s.transferred += bytes;
    return bytes == qint64(size * count) ? size * count : 0;
}

} // namespace

SegmentedTransfer::SegmentedTransfer(const DownloadRequest &request, QFile &file, PieceMap &map, StreamHasher &hash,
                                     const FileDownloader::ProgressCallback &progress)
    : m_request(request)
    , m_file(file)
    , m_map(map)
    , m_hash(hash)
    , m_progress(progress)
{
}

SegmentedTransfer::Outcome SegmentedTransfer::run()
{
    using Kind = Outcome::Kind;
    Outcome outcome;
    Shared shared{&m_file, &m_map};
    // The hash follows the front of the file: each byte up to the first gap is read back (from
    // the page cache, on the hasher's thread) once, in order.
    int frontPiece = 0;
    qint64 hashQueued = 0;
    const auto feedHash = [&] {
        while (frontPiece < m_map.count() && m_map.complete(frontPiece))
            ++frontPiece;
        const qint64 front = frontPiece < m_map.count() ? m_map.start(frontPiece) + m_map.done(frontPiece) : m_map.size();
        if (front > hashQueued) {
            m_hash.addFileRange(m_file.fileName(), hashQueued, front - hashQueued);
            hashQueued = front;
        }
    };
    const QByteArray url = m_request.url.toEncoded();
    const int pieces = m_map.count();
    std::vector<int> failures(size_t(pieces), 0);
    std::vector<qint64> notBefore(size_t(pieces), 0);
    std::vector<bool> taken(size_t(pieces), false);
    std::vector<std::unique_ptr<Connection>> connections;
    for (int i = 0; i < std::clamp(m_request.connections, 1, 64); ++i) {
        auto c = std::make_unique<Connection>();
        c->shared = &shared;
        c->curl = curl_easy_init();
        c->headers = applyTransferOptions(c->curl, m_request, url);
        curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, onData);
        curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, c.get());
        curl_easy_setopt(c->curl, CURLOPT_PRIVATE, c.get());
        connections.push_back(std::move(c));
    }
    CURLM *multi = curl_multi_init();
    QElapsedTimer clock;
    clock.start();
    const qint64 startDone = m_map.totalDone();
    qint64 lastReport = -kTurnMs;
    DownloadProgress state;
    state.total = m_map.size();
    int active = 0;
    bool stop = false;

    const auto finish = [&](Kind kind, const QString &message) {
        if (!stop) {
            stop = true;
            outcome.kind = kind;
            outcome.message = message;
        }
    };
    const auto report = [&](bool force) {
        const qint64 now = clock.elapsed();
        if (!force && now - lastReport < kTurnMs)
            return;
        lastReport = now;
        state.received = m_map.totalDone();
        const double seconds = now / 1000.0;
        state.bytesPerSecond = seconds > 0.2 ? double(state.received - startDone) / seconds : 0.0;
        state.attempt = outcome.attempts;
        if (m_progress && !m_progress(state))
            finish(Kind::Cancelled, u"Download cancelled; the partial file is kept for later."_s);
    };

    while (!stop) {
        // Idle connections take the lowest pieces nobody is fetching.
        const qint64 now = clock.elapsed();
        qint64 nextRetry = -1;
        for (auto &c : connections) {
            if (c->piece >= 0)
                continue;
            for (int p = 0; p < pieces; ++p) {
                if (taken[size_t(p)] || m_map.complete(p))
                    continue;
                if (notBefore[size_t(p)] > now) {
                    nextRetry = nextRetry < 0 ? notBefore[size_t(p)] : std::min(nextRetry, notBefore[size_t(p)]);
                    continue;
                }
                c->piece = p;
                c->status = 0;
                c->writeFailed = c->diskFull = c->rangeIgnored = c->httpError = false;
                taken[size_t(p)] = true;
                const qint64 first = m_map.start(p) + m_map.done(p);
                const QByteArray range = QByteArray::number(first) + '-' + QByteArray::number(m_map.start(p) + m_map.length(p) - 1);
                curl_easy_setopt(c->curl, CURLOPT_RANGE, range.constData()); // libcurl copies it
                curl_multi_add_handle(multi, c->curl);
                ++active;
                break;
            }
        }
        if (active == 0) {
            if (nextRetry < 0)
                break; // every piece is here
            QThread::msleep(quint32(std::clamp<qint64>(nextRetry - now, 1, kTurnMs)));
            report(false);
            continue;
        }

        int running = 0;
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg *message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            Connection *c = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &c);
            const CURLcode code = message->data.result;
            curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &c->status);
            curl_multi_remove_handle(multi, c->curl);
            --active;
            const int p = c->piece;
            c->piece = -1;
            taken[size_t(p)] = false;
            if (c->writeFailed) {
                finish(Kind::Disk, c->diskFull ? u"The disk is full while writing %1. Free some space or choose another "
                                                 "folder, then resume."_s.arg(m_file.fileName())
                                               : u"Cannot write %1: %2."_s.arg(m_file.fileName(), m_file.errorString()));
            } else if (c->rangeIgnored) {
                finish(Kind::RangeUnsupported, u"The server does not send parts of files."_s);
            } else if (c->status >= 400 && c->status < 500) {
                finish(Kind::Http, httpFailureMessage(m_request.url, c->status));
            } else if (m_map.complete(p)) {
                failures[size_t(p)] = 0;
            } else {
                // A broken connection, a stall or a 5xx: this piece goes on from its last byte later.
                const int failed = ++failures[size_t(p)];
                outcome.attempts = std::max(outcome.attempts, std::min(failed + 1, m_request.maxAttempts));
                outcome.message = c->status >= 500 ? u"The server answered HTTP %1."_s.arg(c->status)
                                  : code != CURLE_OK ? QString::fromUtf8(curl_easy_strerror(code))
                                                     : u"The connection ended early."_s;
                if (failed >= std::max(1, m_request.maxAttempts)) {
                    finish(Kind::Network, outcome.message);
                } else {
                    const qint64 wait = std::min<qint64>(qint64(m_request.backoffMs) << std::min(failed - 1, 16), 30000);
                    notBefore[size_t(p)] = clock.elapsed() + wait;
                }
            }
        }
        feedHash();
        report(false);
        if (!stop && active > 0)
            curl_multi_poll(multi, nullptr, 0, kTurnMs, nullptr);
    }
    for (auto &c : connections)
        if (c->piece >= 0)
            curl_multi_remove_handle(multi, c->curl);
    connections.clear();
    curl_multi_cleanup(multi);
    outcome.transferred = shared.transferred;
    if (stop)
        return outcome;
    // Every piece is on disk: the hash takes the rest.
    feedHash();
    report(true);
    if (stop) // cancelled at the last moment: the file is whole, the next run only verifies it
        return outcome;
    outcome.kind = Kind::Complete;
    outcome.message.clear();
    return outcome;
}

} // namespace deskseek::download
