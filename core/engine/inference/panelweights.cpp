#include "engine/inference/panelweights.h"

#include "engine/error.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <vector>

namespace deskseek::engine::inference {

namespace {

constexpr std::size_t kAlignment = 64;

struct Segment
{
    int offset;  // in the stored block
    int bytes;   // per row: 2 for halves, a multiple of 4 for words
    bool halves;
    std::uint8_t flip; // xor-ed into every byte (Q8_0's values: signed + 128 as unsigned)
};

// The segments of each type's block, in panel order (see panelweights.h).
std::vector<Segment> segments(model::DType type)
{
    switch (type) {
    case model::DType::Q8_0: return {{0, 2, true, 0}, {2, 32, false, 0x80}};
    case model::DType::Q4_0: return {{0, 2, true, 0}, {2, 16, false, 0}};
    case model::DType::Q4_K: return {{0, 2, true, 0}, {2, 2, true, 0}, {4, 12, false, 0}, {16, 128, false, 0}};
    case model::DType::Q5_K:
        return {{0, 2, true, 0}, {2, 2, true, 0}, {4, 12, false, 0}, {16, 32, false, 0}, {48, 128, false, 0}};
    case model::DType::Q6_K: {
        // d, the scales, then for each half n and each group g of four columns: the group's low
        // nibbles of quarters 0/2, of quarters 1/3, and its high bit pairs (the kernel's order).
        std::vector<Segment> layout = {{208, 2, true, 0}, {192, 16, false, 0}};
        for (int n = 0; n < 2; ++n)
            for (int g = 0; g < 8; ++g) {
                layout.push_back({64 * n + 4 * g, 4, false, 0});
                layout.push_back({64 * n + 32 + 4 * g, 4, false, 0});
                layout.push_back({128 + 32 * n + 4 * g, 4, false, 0});
            }
        return layout;
    }
    default: return {};
    }
}

// Moves one row's stored block into its place in a panel block (ToPanel) or back, four bytes
// at a time.
template<bool ToPanel>
void moveRow(const std::vector<Segment> &layout, std::uint8_t *panelBlock, int row, std::uint8_t *stored)
{
    std::uint64_t at = 0;
    for (const Segment &segment : layout) {
        std::uint8_t *run = stored + segment.offset;
        if (segment.halves) {
            std::uint8_t *place = panelBlock + at + 2 * static_cast<std::uint64_t>(row);
            ToPanel ? std::memcpy(place, run, 2) : std::memcpy(run, place, 2);
        } else {
            const std::uint32_t flip = segment.flip * 0x01010101u;
            for (int g = 0; g < segment.bytes / 4; ++g) {
                std::uint8_t *place = panelBlock + at + 64 * static_cast<std::uint64_t>(g) + 4 * static_cast<std::uint64_t>(row);
                std::uint32_t word;
                std::memcpy(&word, ToPanel ? run + 4 * g : place, 4);
                word ^= flip;
                std::memcpy(ToPanel ? place : run + 4 * g, &word, 4);
            }
        }
        at += static_cast<std::uint64_t>(segment.bytes) * PanelWeights::kRows;
    }
}

} // namespace

bool PanelWeights::supports(model::DType type)
{
    return !segments(type).empty();
}

PanelWeights::PanelWeights(model::DType type, std::int64_t rows, std::int64_t columns,
                           const std::function<const std::byte *(std::int64_t)> &rowAt,
                           const std::function<void(std::int64_t, std::int64_t)> &done)
    : m_type(type)
    , m_rows(rows)
    , m_columns(columns)
{
    if (!supports(type))
        fail(ErrorCode::Unsupported, "Only Q8_0, Q4_0, Q4_K, Q5_K and Q6_K weights are packed into panels.");
    m_blockValues = model::blockSize(type);
    if (rows <= 0 || columns <= 0 || columns % m_blockValues != 0)
        fail(ErrorCode::Corrupt, "A " + std::string(model::dtypeName(type)) + " weight has " + std::to_string(rows)
                                     + " rows of " + std::to_string(columns) + " values (a positive multiple of "
                                     + std::to_string(m_blockValues) + " is needed).");
    m_storedBlockBytes = static_cast<std::uint64_t>(model::blockBytes(type));
    m_blockBytes = m_storedBlockBytes * kRows;
    m_panelBytes = m_blockBytes * static_cast<std::uint64_t>(blocks());
    const std::uint64_t total = bytes();
    auto *memory = static_cast<std::uint8_t *>(::operator new(total, std::align_val_t{kAlignment}));
    m_data = std::shared_ptr<std::uint8_t>(memory, [](std::uint8_t *p) { ::operator delete(p, std::align_val_t{kAlignment}); });

    const std::vector<Segment> layout = segments(type);
    const std::int64_t blockCount = blocks();
    // In runs of panels (about 16 MiB), each packed on the engine's threads; after each run its
    // rows' stored bytes may go (done), so that a large matrix is never held twice.
    const auto runPanels = std::max<std::int64_t>(1, static_cast<std::int64_t>((std::uint64_t{16} << 20) / m_panelBytes));
    for (std::int64_t first = 0; first < panels(); first += runPanels) {
        const std::int64_t last = std::min(panels(), first + runPanels);
        at::parallel_for(first, last, 1, [&](std::int64_t begin, std::int64_t end) {
            const std::vector<std::uint8_t> padding(m_storedBlockBytes, 0); // zero scales: rows of zeros
            for (std::int64_t p = begin; p < end; ++p) {
                std::uint8_t *out = m_data.get() + static_cast<std::uint64_t>(p) * m_panelBytes;
                for (int r = 0; r < kRows; ++r) {
                    const std::int64_t row = p * kRows + r;
                    const auto *in = row < rows ? reinterpret_cast<const std::uint8_t *>(rowAt(row)) : nullptr;
                    for (std::int64_t b = 0; b < blockCount; ++b) {
                        const std::uint8_t *source = in ? in + static_cast<std::uint64_t>(b) * m_storedBlockBytes : padding.data();
                        // read only: ToPanel reads the stored bytes
                        moveRow<true>(layout, out + static_cast<std::uint64_t>(b) * m_blockBytes, r, const_cast<std::uint8_t *>(source));
                    }
                }
            }
        });
        if (done)
            done(first * kRows, std::min(rows, last * kRows) - first * kRows);
    }
}

void PanelWeights::storedRow(std::int64_t row, std::byte *out) const
{
    const std::vector<Segment> layout = segments(m_type);
    const std::uint8_t *first = panel(row / kRows);
    const auto r = static_cast<int>(row % kRows);
    auto *target = reinterpret_cast<std::uint8_t *>(out);
    for (std::int64_t b = 0; b < blocks(); ++b) // read only: back from the panel
        moveRow<false>(layout, const_cast<std::uint8_t *>(first + static_cast<std::uint64_t>(b) * m_blockBytes), r,
                       target + static_cast<std::uint64_t>(b) * m_storedBlockBytes);
}

} // namespace deskseek::engine::inference
