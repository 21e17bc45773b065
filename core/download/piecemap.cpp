#include "download/piecemap.h"

#include <QtEndian>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::download {

namespace {
constexpr char kMagic[8] = {'D', 'S', 'P', 'I', 'E', 'C', 'E', '1'};
constexpr qint64 kHeaderBytes = 32;

qint64 readU64(const char *p)
{
    return qint64(qFromLittleEndian<quint64>(p));
}
} // namespace

QString PieceMap::pathFor(const QString &partPath)
{
    return partPath + u".pieces"_s;
}

PieceMap PieceMap::create(qint64 size, qint64 pieceBytes, qint64 prefix)
{
    PieceMap map;
    map.m_size = std::max<qint64>(0, size);
    // Never more than kMaxPieces pieces, however large the file.
    map.m_pieceBytes = std::max({qint64(1), pieceBytes, (map.m_size + kMaxPieces - 1) / kMaxPieces});
    const qint64 count = (map.m_size + map.m_pieceBytes - 1) / map.m_pieceBytes;
    map.m_done.assign(size_t(count), 0);
    for (int i = 0; i < int(count); ++i)
        map.m_done[size_t(i)] = std::clamp(prefix - map.start(i), qint64(0), map.length(i));
    return map;
}

std::optional<PieceMap> PieceMap::load(const QString &path, qint64 expectedSize)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() < kHeaderBytes)
        return std::nullopt;
    char header[kHeaderBytes];
    if (file.read(header, kHeaderBytes) != kHeaderBytes || !std::equal(kMagic, kMagic + 8, header))
        return std::nullopt;
    const qint64 size = readU64(header + 8);
    const qint64 pieceBytes = readU64(header + 16);
    const quint32 count = qFromLittleEndian<quint32>(header + 24);
    // Every number is checked before it is used: a damaged map means starting over, not a crash.
    if ((expectedSize >= 0 && size != expectedSize) || size <= 0 || pieceBytes <= 0 || count == 0 || count > quint32(kMaxPieces)
        || (size + pieceBytes - 1) / pieceBytes != qint64(count) || file.size() != kHeaderBytes + 8 * qint64(count))
        return std::nullopt;
    std::vector<char> body(size_t(count) * 8);
    if (file.read(body.data(), qint64(body.size())) != qint64(body.size()))
        return std::nullopt;
    PieceMap map;
    map.m_size = size;
    map.m_pieceBytes = pieceBytes;
    map.m_done.resize(count);
    for (quint32 i = 0; i < count; ++i) {
        const qint64 done = readU64(body.data() + 8 * size_t(i));
        if (done < 0 || done > map.length(int(i)))
            return std::nullopt;
        map.m_done[i] = done;
    }
    return map;
}

qint64 PieceMap::bytesDone(const QString &path)
{
    const std::optional<PieceMap> map = load(path, -1);
    return map ? map->totalDone() : -1;
}

bool PieceMap::save(const QString &path, QString *error)
{
    m_file = std::make_unique<QFile>(path);
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered)) {
        if (error)
            *error = m_file->errorString();
        m_file.reset();
        return false;
    }
    QByteArray bytes(kHeaderBytes + 8 * qint64(m_done.size()), '\0');
    char *p = bytes.data();
    std::copy(kMagic, kMagic + 8, p);
    qToLittleEndian<quint64>(quint64(m_size), p + 8);
    qToLittleEndian<quint64>(quint64(m_pieceBytes), p + 16);
    qToLittleEndian<quint32>(quint32(m_done.size()), p + 24);
    for (size_t i = 0; i < m_done.size(); ++i)
        qToLittleEndian<quint64>(quint64(m_done[i]), p + kHeaderBytes + 8 * qint64(i));
    if (m_file->write(bytes) != bytes.size()) {
        if (error)
            *error = m_file->errorString();
        m_file.reset();
        return false;
    }
    return true;
}

bool PieceMap::record(int index, qint64 done)
{
    m_done[size_t(index)] = done;
    if (!m_file)
        return true;
    char bytes[8];
    qToLittleEndian<quint64>(quint64(done), bytes);
    return m_file->seek(kHeaderBytes + 8 * qint64(index)) && m_file->write(bytes, 8) == 8;
}

void PieceMap::close()
{
    m_file.reset();
}

qint64 PieceMap::length(int index) const
{
    return std::min(m_pieceBytes, m_size - start(index));
}

qint64 PieceMap::totalDone() const
{
    qint64 sum = 0;
    for (qint64 done : m_done)
        sum += done;
    return sum;
}

qint64 PieceMap::contiguous() const
{
    qint64 bytes = 0;
    for (int i = 0; i < count(); ++i) {
        bytes += done(i);
        if (!complete(i))
            break;
    }
    return bytes;
}

} // namespace deskseek::download

namespace deskseek::download {

qint64 PieceMap::extent() const
{
    qint64 end = 0;
    for (int i = 0; i < count(); ++i)
        if (done(i) > 0)
            end = start(i) + done(i);
    return end;
}

} // namespace deskseek::download
