#pragma once

#include <QFile>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace deskseek::download {

// Which parts of a file being downloaded in pieces are on disk. A file of `size` bytes is cut
// into pieces of `pieceBytes` (the last one shorter); each piece is fetched from its start, so
// one number per piece — the bytes done — says everything. The map lives next to the partial
// file ("model.safetensors.part.pieces") and each number is updated in place right after its
// data is written, so a process that is killed resumes exactly where it stopped.
//
// Layout (little endian): "DSPIECE1", u64 size, u64 pieceBytes, u32 count, u32 0, count × u64 done.
class PieceMap
{
public:
    static constexpr int kMaxPieces = 1 << 20;

    // The map's file for a partial file.
    static QString pathFor(const QString &partPath);
    // A new map; the first `prefix` bytes are on disk already (a partial file fetched in one piece).
    static PieceMap create(qint64 size, qint64 pieceBytes, qint64 prefix);
    // The map in `path`, when it is there, valid, and for a file of `expectedSize` (< 0: any size).
    static std::optional<PieceMap> load(const QString &path, qint64 expectedSize);
    // The bytes on disk by the map at `path` (for progress before a download starts); -1 without one.
    static qint64 bytesDone(const QString &path);

    // Writes the whole map to `path` and keeps it open for record(). False when it cannot.
    bool save(const QString &path, QString *error);
    // Piece `index` has `done` bytes on disk now; the file follows at once.
    bool record(int index, qint64 done);
    void close();

    qint64 size() const { return m_size; }
    qint64 pieceBytes() const { return m_pieceBytes; }
    int count() const { return int(m_done.size()); }
    qint64 start(int index) const { return qint64(index) * m_pieceBytes; }
    qint64 length(int index) const;
    qint64 done(int index) const { return m_done[size_t(index)]; }
    bool complete(int index) const { return done(index) == length(index); }
    qint64 totalDone() const;
    // The bytes on disk from the file's start without a gap.
    qint64 contiguous() const;
    // Where the last byte on disk ends: the partial file is at least this long.
    qint64 extent() const;

private:
    qint64 m_size = 0;
    qint64 m_pieceBytes = 1;
    std::vector<qint64> m_done;
    std::unique_ptr<QFile> m_file; // open between save() and close()
};

} // namespace deskseek::download
