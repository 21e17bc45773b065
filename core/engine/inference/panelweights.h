#pragma once

#include "engine/inference/quantkernels.h"
#include "engine/model/dtype.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace deskseek::engine::inference {

// Block-quantized weights repacked for the integer kernels (quantkernels.h): panels of 16
// consecutive rows, each a run of blocks in which the 16 rows lie side by side, so that one
// vector instruction works on 16 (or 8) rows at once. A stored block is cut into segments, each
// laid out for the 16 rows in one of two ways:
//   - halves (an fp16 scale): the 16 rows' two bytes one after another (32 bytes);
//   - words (a run of bytes, a multiple of 4): in groups of four bytes, 64 bytes per group:
//     group g holds, for rows 0..15 in turn, bytes 4g..4g+3 of that row's run.
// The segments, in panel order (offsets in the stored block):
//   - Q8_0: d (halves @0); values (words @2, 32 bytes, each value + 128 as an unsigned byte).
//   - Q4_0: d (halves @0); nibbles (words @2, 16 bytes as the file packs them: byte j holds
//     column j low and column j + 16 high; a nibble is the value + 8).
//   - Q4_K: d (@0), dmin (@2); the 12 bytes of 6-bit scales and mins (words @4); nibbles (words @16).
//   - Q5_K: as Q4_K, with the 32 bytes of fifth bits (words @16) before the nibbles (words @48).
//   - Q6_K: d (halves @208); the 16 int8 scales (words @192); then for each half n of the 256
//     values and each group g of four columns, three groups: the low nibbles of quarters 0 and 2
//     (@64n + 4g), of quarters 1 and 3 (@64n + 32 + 4g), and the high bit pairs (@128 + 32n + 4g):
//     the order in which the kernel reads them, front to back.
// A panel takes as many bytes as its 16 rows take in the file; the rows of a last, partial panel
// are padded with zero scales.
class PanelWeights
{
public:
    static constexpr int kRows = kPanelRows;

    PanelWeights() = default;
    // Packs `rows` rows of `columns` values (whole blocks) of a tensor of a supported type;
    // rowAt(r) returns row r's stored bytes. Rows are packed on the engine's threads.
    // done(firstRow, count), when given, is called as each run of rows has been packed (in row
    // order), so that their stored bytes can be let go while the rest is packed.
    PanelWeights(model::DType type, std::int64_t rows, std::int64_t columns,
                 const std::function<const std::byte *(std::int64_t)> &rowAt,
                 const std::function<void(std::int64_t firstRow, std::int64_t count)> &done = {});

    static bool supports(model::DType type);

    model::DType type() const { return m_type; }
    std::int64_t rows() const { return m_rows; }
    std::int64_t columns() const { return m_columns; }
    std::int64_t blocks() const { return m_columns / m_blockValues; }
    std::int64_t panels() const { return (m_rows + kRows - 1) / kRows; }
    std::uint64_t bytes() const { return m_panelBytes * static_cast<std::uint64_t>(panels()); }
    const std::uint8_t *panel(std::int64_t index) const { return m_data.get() + static_cast<std::uint64_t>(index) * m_panelBytes; }

    // Row `row` back in the file's layout (model::byteSize(type, columns) bytes at out).
    void storedRow(std::int64_t row, std::byte *out) const;

private:
    model::DType m_type = model::DType::Q8_0;
    std::int64_t m_rows = 0;
    std::int64_t m_columns = 0;
    std::int64_t m_blockValues = 32;
    std::uint64_t m_storedBlockBytes = 0;
    std::uint64_t m_blockBytes = 0;
    std::uint64_t m_panelBytes = 0;
    std::shared_ptr<std::uint8_t> m_data; // 64-byte aligned; shared by copies (read only)
};

} // namespace deskseek::engine::inference
