#include "download/streamhasher.h"

#include <QString>

#include <openssl/evp.h>

namespace deskseek::download {

namespace {
constexpr qsizetype kBlock = 1 << 20;      // pieces are gathered up to this size
constexpr qsizetype kMaxQueued = 64 << 20; // the writer waits beyond this

EVP_MD_CTX *context(void *pointer)
{
    return static_cast<EVP_MD_CTX *>(pointer);
}
} // namespace

StreamHasher::StreamHasher()
    : m_context(EVP_MD_CTX_new())
{
    EVP_DigestInit_ex(context(m_context), EVP_sha256(), nullptr);
    m_thread = std::thread([this] { run(); });
}

StreamHasher::~StreamHasher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
    EVP_MD_CTX_free(context(m_context));
}

void StreamHasher::flushPending()
{
    if (m_pending.isEmpty())
        return;
    m_queued += m_pending.size();
    m_queue.push_back(std::move(m_pending));
    m_pending = QByteArray();
    m_changed.notify_all();
}

void StreamHasher::addData(const char *data, qsizetype size)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queued < kMaxQueued; });
    if (m_pending.isEmpty())
        m_pending.reserve(kBlock);
    m_pending.append(data, size);
    if (m_pending.size() >= kBlock)
        flushPending();
}

void StreamHasher::reset()
{
    std::unique_lock lock(m_mutex);
    m_pending.clear();
    m_queue.clear();
    m_queued = 0;
    m_resetRequested = true;
    m_changed.notify_all();
    m_changed.wait(lock, [this] { return !m_resetRequested && !m_busy; });
}

QString StreamHasher::result()
{
    std::unique_lock lock(m_mutex);
    flushPending();
    m_changed.wait(lock, [this] { return m_queue.empty() && !m_busy && !m_resetRequested; });
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // Finish a copy, so that more data could still follow.
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    EVP_MD_CTX_copy_ex(copy, context(m_context));
    EVP_DigestFinal_ex(copy, digest, &length);
    EVP_MD_CTX_free(copy);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex());
}

void StreamHasher::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stop || m_resetRequested || !m_queue.empty(); });
        if (m_resetRequested) {
            EVP_DigestInit_ex(context(m_context), EVP_sha256(), nullptr);
            m_resetRequested = false;
            m_changed.notify_all();
            continue;
        }
        if (m_queue.empty() && m_stop)
            return;
        QByteArray block = std::move(m_queue.front());
        m_queue.pop_front();
        m_queued -= block.size();
        m_busy = true;
        lock.unlock();
        EVP_DigestUpdate(context(m_context), block.constData(), size_t(block.size()));
        lock.lock();
        m_busy = false;
        m_changed.notify_all();
    }
}

} // namespace deskseek::download
