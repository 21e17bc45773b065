#pragma once

#include "download/filedownloader.h"

#include <QFile>
#include <QString>

namespace deskseek::download {

class PieceMap;
class StreamHasher;

// Fetches the missing pieces of a file over several connections at once (HTTP Range requests on
// one libcurl multi handle, one thread). Each connection takes the lowest piece nobody has yet,
// so the file fills from the front; the SHA-256 follows that front, reading the bytes back
// from the (cached) file on the hasher's thread as soon as no gap is before them. A piece that fails resumes from its last byte with backoff; a piece
// that fails `maxAttempts` times in a row ends the transfer.
class SegmentedTransfer
{
public:
    struct Outcome
    {
        enum class Kind { Complete, Network, Http, Disk, Cancelled, RangeUnsupported };
        Kind kind = Kind::Complete;
        QString message;
        qint64 transferred = 0; // bytes received over the network
        int attempts = 1;       // the most any piece needed
    };

    SegmentedTransfer(const DownloadRequest &request, QFile &file, PieceMap &map, StreamHasher &hash,
                      const FileDownloader::ProgressCallback &progress);
    Outcome run();

private:
    const DownloadRequest &m_request;
    QFile &m_file;
    PieceMap &m_map;
    StreamHasher &m_hash;
    const FileDownloader::ProgressCallback &m_progress;
};

} // namespace deskseek::download
