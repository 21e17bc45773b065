#pragma once

#include <QByteArray>
#include <QString>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace deskseek::download {

// SHA-256 of a stream, computed on a thread of its own while the data keeps arriving: the
// downloader hands over each piece it wrote and goes on receiving, so hashing (OpenSSL, with
// the CPU's SHA instructions where it has them) costs the transfer no time. At most 64 MiB wait
// in the queue; a writer that gets that far ahead waits for the hasher.
class StreamHasher
{
public:
    StreamHasher();
    ~StreamHasher();
    StreamHasher(const StreamHasher &) = delete;
    StreamHasher &operator=(const StreamHasher &) = delete;

    void addData(const char *data, qsizetype size);
    // Bytes [offset, offset + length) of the file at `path`, read by the hashing thread itself (a
    // file being written in pieces: no copy passes through the caller). When the file cannot be
    // read, result() is empty.
    void addFileRange(const QString &path, qint64 offset, qint64 length);
    // Forgets everything added so far (a file that starts over).
    void reset();
    // The lowercase hex digest of everything added; waits for the queue to drain.
    QString result();

private:
    void run();
    void flushPending(); // m_mutex held

    std::mutex m_mutex;
    std::condition_variable m_changed;
    struct Item
    {
        QByteArray bytes;
        QString path; // a file range instead of bytes
        qint64 offset = 0;
        qint64 length = 0;
    };
    bool hashFileRange(const Item &item); // on the hashing thread

    std::deque<Item> m_queue;
    QByteArray m_pending; // small pieces gathered into one block
    qsizetype m_queued = 0;
    bool m_busy = false;
    bool m_resetRequested = false;
    bool m_stop = false;
    bool m_failed = false; // a file range could not be read
    void *m_context = nullptr; // EVP_MD_CTX, used by the hashing thread only
    std::thread m_thread;
};

} // namespace deskseek::download
