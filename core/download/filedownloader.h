#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <functional>

namespace deskseek::download {

struct DownloadRequest
{
    QUrl url;
    QString target;          // the final path; data goes to target + ".part" until verified
    qint64 expectedSize = -1;
    QString sha256;          // lowercase hex; empty: only the size is checked
    QByteArray bearerToken;  // Hugging Face token for gated repositories (optional)
    QByteArray proxy;        // a proxy URL; empty: the environment's (http_proxy, ...)
    int maxAttempts = 6;     // network errors and 5xx answers are retried with backoff
    int backoffMs = 500;     // the first wait; it doubles each time (up to 30 s)
    int stallSeconds = 60;   // less than 1 KiB/s for this long counts as a network error
    int connections = 1;     // > 1: a file of known size over 2 pieces comes in pieces over this many connections
    qint64 pieceBytes = 32 << 20;
};

struct DownloadProgress
{
    qint64 received = 0; // bytes of the file on disk, resumed part included
    qint64 total = -1;
    double bytesPerSecond = 0;
    int attempt = 1;
};

struct DownloadResult
{
    enum class Error { None, Network, Http, Corrupt, Disk, Cancelled };
    Error error = Error::None;
    QString message;            // for people: what happened and what to do
    qint64 transferred = 0;     // bytes that came over the network in this call
    qint64 resumedFrom = 0;     // bytes of a partial file that were kept
    int attempts = 0;
    bool ok() const { return error == Error::None; }
};

// Downloads one file over HTTP(S) with libcurl: resumes a partial file (HTTP Range), retries
// network errors and 5xx with backoff, computes the sha256 while the data arrives, verifies size
// and hash, fetches again once if the file is corrupt, and renames it into place only when it
// is right. With several connections a large file comes in pieces at the same time
// (SegmentedTransfer; a map next to the partial file records them); a server that cannot send
// pieces gets one connection. TLS certificates are always verified; the proxy is the request's
// or the environment's. Blocking: run it on a worker thread.
class FileDownloader
{
public:
    // Return false to cancel (the partial file stays for a later resume).
    using ProgressCallback = std::function<bool(const DownloadProgress &)>;

    DownloadResult download(const DownloadRequest &request, const ProgressCallback &progress = {});

    // The bytes of `target` that an earlier, unfinished download left on disk (0 when none).
    static qint64 bytesOnDisk(const QString &target, qint64 expectedSize);

private:
    DownloadResult downloadInPieces(const DownloadRequest &request, const ProgressCallback &progress, bool *fallBack);
};

} // namespace deskseek::download
