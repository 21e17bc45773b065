#include "engine/inference/panelweights.h"

#include "engine/error.h"

#include <ATen/Parallel.h>

#include <cstring>
#include <new>

namespace deskseek::engine::inference {

namespace {

constexpr std::size_t kAlignment = 64;

bool isQ4(model::DType type)
{
    return type == model::DType::Q4_0;
}

// Bytes of one row's block in the file, and of its values (after the fp16 scale).
std::uint64_t storedBlockBytes(model::DType type)
{
    return isQ4(type) ? 18 : 34;
}

std::uint64_t valueBytes(model::DType type)
{
    return isQ4(type) ? 16 : 32;
}

} // namespace

PanelWeights::PanelWeights(model::DType type, std::int64_t rows, std::int64_t columns,
                           const std::function<const std::byte *(std::int64_t)> &rowAt)
    : m_type(type)
    , m_rows(rows)
    , m_columns(columns)
{
    if (!supports(type))
        fail(ErrorCode::Unsupported, "Only Q8_0 and Q4_0 weights are packed into panels.");
    if (rows <= 0 || columns <= 0 || columns % 32 != 0)
        fail(ErrorCode::Corrupt, "A quantized weight has " + std::to_string(rows) + " rows of " + std::to_string(columns)
                                     + " values (a positive multiple of 32 is needed).");
    const std::uint64_t values = valueBytes(type);
    m_blockBytes = 2 * kRows + kRows * values;
    m_panelBytes = m_blockBytes * static_cast<std::uint64_t>(blocks());
    const std::uint64_t total = bytes();
    auto *memory = static_cast<std::uint8_t *>(::operator new(total, std::align_val_t{kAlignment}));
    m_data = std::shared_ptr<std::uint8_t>(memory, [](std::uint8_t *p) { ::operator delete(p, std::align_val_t{kAlignment}); });

    const std::uint64_t stored = storedBlockBytes(type);
    const std::uint8_t flip = isQ4(type) ? 0x00 : 0x80; // Q8_0: signed byte + 128 as unsigned
    const std::int64_t blockCount = blocks();
    at::parallel_for(0, panels(), 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t p = begin; p < end; ++p) {
            std::uint8_t *out = m_data.get() + static_cast<std::uint64_t>(p) * m_panelBytes;
            for (int r = 0; r < kRows; ++r) {
                const std::int64_t row = p * kRows + r;
                const auto *in = row < rows ? reinterpret_cast<const std::uint8_t *>(rowAt(row)) : nullptr;
                for (std::int64_t b = 0; b < blockCount; ++b) {
                    std::uint8_t *block = out + static_cast<std::uint64_t>(b) * m_blockBytes;
                    std::uint8_t *scale = block + 2 * r;
                    if (!in) { // padding: a zero scale, values that make no difference
                        scale[0] = scale[1] = 0;
                        for (std::uint64_t g = 0; g < values / 4; ++g)
                            std::memset(block + 2 * kRows + g * 4 * kRows + 4 * r, flip, 4);
                        continue;
                    }
                    const std::uint8_t *source = in + static_cast<std::uint64_t>(b) * stored;
                    scale[0] = source[0];
                    scale[1] = source[1];
                    for (std::uint64_t g = 0; g < values / 4; ++g) {
                        std::uint8_t *group = block + 2 * kRows + g * 4 * kRows + 4 * r;
                        for (int j = 0; j < 4; ++j)
                            group[j] = static_cast<std::uint8_t>(source[2 + 4 * g + j] ^ flip);
                    }
                }
            }
        }
    });
}

void PanelWeights::storedRow(std::int64_t row, std::byte *out) const
{
    const std::uint64_t values = valueBytes(m_type);
    const std::uint64_t stored = storedBlockBytes(m_type);
    const std::uint8_t flip = isQ4(m_type) ? 0x00 : 0x80;
    const std::uint8_t *first = panel(row / kRows);
    const auto r = static_cast<std::uint64_t>(row % kRows);
    auto *target = reinterpret_cast<std::uint8_t *>(out);
    for (std::int64_t b = 0; b < blocks(); ++b) {
        const std::uint8_t *block = first + static_cast<std::uint64_t>(b) * m_blockBytes;
        std::uint8_t *dst = target + static_cast<std::uint64_t>(b) * stored;
        dst[0] = block[2 * r];
        dst[1] = block[2 * r + 1];
        for (std::uint64_t g = 0; g < values / 4; ++g)
            for (std::uint64_t j = 0; j < 4; ++j)
                dst[2 + 4 * g + j] = static_cast<std::uint8_t>(block[2 * kRows + g * 4 * kRows + 4 * r + j] ^ flip);
    }
}

} // namespace deskseek::engine::inference
