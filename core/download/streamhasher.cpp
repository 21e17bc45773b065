#include "download/streamhasher.h"

#include <QFile>
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
    m_queue.push_back({std::move(m_pending), {}, 0, 0});
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

void StreamHasher::addFileRange(const QString &path, qint64 offset, qint64 length)
{
    if (length <= 0)
        return;
    std::lock_guard lock(m_mutex);
    flushPending(); // in order after what came before
    m_queue.push_back({{}, path, offset, length});
    m_changed.notify_all();
}

void StreamHasher::reset()
{
    std::unique_lock lock(m_mutex);
    m_failed = false;
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
    if (m_failed)
        return {};
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
        Item item = std::move(m_queue.front());
        m_queue.pop_front();
        m_queued -= item.bytes.size();
        m_busy = true;
        lock.unlock();
        bool ok = true;
        if (item.path.isEmpty())
            EVP_DigestUpdate(context(m_context), item.bytes.constData(), size_t(item.bytes.size()));
        else
            ok = hashFileRange(item);
        lock.lock();
        m_failed = m_failed || !ok;
        m_busy = false;
        m_changed.notify_all();
    }
}

bool StreamHasher::hashFileRange(const Item &item)
{
    QFile file(item.path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered) || !file.seek(item.offset))
        return false;
    QByteArray buffer(qsizetype(std::min<qint64>(item.length, 4 << 20)), Qt::Uninitialized);
    for (qint64 left = item.length; left > 0;) {
        const qint64 got = file.read(buffer.data(), std::min<qint64>(left, buffer.size()));
        if (got <= 0)
            return false;
        EVP_DigestUpdate(context(m_context), buffer.constData(), size_t(got));
        left -= got;
    }
    return true;
}

} // namespace deskseek::download
