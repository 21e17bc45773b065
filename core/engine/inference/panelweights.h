#pragma once

#include "engine/inference/quantkernels.h"
#include "engine/model/dtype.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace deskseek::engine::inference {

// Q8_0 or Q4_0 weights repacked for the integer kernels (quantkernels.h): panels of 16
// consecutive rows, each a run of blocks (32 columns) in which the 16 rows lie side by side, so
// that one vector instruction works on 16 (or 8) rows at once:
//   16 fp16 scales (32 bytes), then the values in groups of four columns, 64 bytes per group:
//   group g holds, for rows 0..15 in turn, the 4 bytes of that row's group g.
//   - Q4_0: 4 groups of nibbles as the file packs them (byte j of a block: low nibble column j,
//     high nibble column j + 16), so group p's low nibbles are columns 4p..4p+3 and its high
//     nibbles columns 16 + 4p..16 + 4p + 3. A nibble is the value + 8.
//   - Q8_0: 8 groups (columns 4g..4g+3), each value + 128 as an unsigned byte.
// A panel takes as many bytes as its 16 rows take in the file (18 or 34 bytes per 32 values); the
// rows of a last, partial panel are padded with zero scales.
class PanelWeights
{
public:
    static constexpr int kRows = kPanelRows;

    PanelWeights() = default;
    // Packs `rows` rows of `columns` values (a multiple of 32) of a Q8_0 or Q4_0 tensor;
    // rowAt(r) returns row r's stored bytes. Rows are packed on the engine's threads.
    PanelWeights(model::DType type, std::int64_t rows, std::int64_t columns,
                 const std::function<const std::byte *(std::int64_t)> &rowAt);

    static bool supports(model::DType type) { return type == model::DType::Q8_0 || type == model::DType::Q4_0; }

    model::DType type() const { return m_type; }
    std::int64_t rows() const { return m_rows; }
    std::int64_t columns() const { return m_columns; }
    std::int64_t blocks() const { return m_columns / 32; }
    std::int64_t panels() const { return (m_rows + kRows - 1) / kRows; }
    std::uint64_t bytes() const { return m_panelBytes * static_cast<std::uint64_t>(panels()); }
    const std::uint8_t *panel(std::int64_t index) const { return m_data.get() + static_cast<std::uint64_t>(index) * m_panelBytes; }

    // Row `row` back in the file's layout (model::byteSize(type, columns) bytes at out).
    void storedRow(std::int64_t row, std::byte *out) const;

private:
    model::DType m_type = model::DType::Q8_0;
    std::int64_t m_rows = 0;
    std::int64_t m_columns = 0;
    std::uint64_t m_blockBytes = 0;
    std::uint64_t m_panelBytes = 0;
    std::shared_ptr<std::uint8_t> m_data; // 64-byte aligned; shared by copies (read only)
};

} // namespace deskseek::engine::inference
