// The AVX2 panel kernels of quantkernels.h. This file alone is compiled with -mavx2 -mfma
// -mf16c; it runs only after the CPU was found to have them (bestKernelLevel). A 256-bit vector
// holds one 32-bit lane per row of half a panel (8 rows), so a panel is done in two halves.
// There is no byte dot product instruction: maddubs multiplies unsigned by signed bytes into
// 16-bit pairs and madd adds the pairs into 32-bit lanes.
//  - Q4_0: the nibbles (< 16) go in as they are; a block's eight pair sums stay far below 2^15
//    (8 × 2 × 15 × 127), so they are added in 16 bits and widened once, then the block's
//    correction (−8 × the activations' sum) is added.
//  - Q8_0: the stored bytes (value + 128) are turned back into signed values and multiplied as
//    |w| × (x with w's sign), so no correction is needed.

#include "engine/inference/quantkernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

namespace deskseek::engine::inference {

namespace {

constexpr int kHalfRows = kPanelRows / 2;
constexpr int kTileTokens = 4; // what the 16 vector registers hold

inline __m256i broadcast4(const std::int8_t *p)
{
    std::int32_t value;
    std::memcpy(&value, p, 4);
    return _mm256_set1_epi32(value);
}

template<bool Nibbles>
constexpr std::int64_t kBlockBytes = 2 * kPanelRows + kPanelRows * (Nibbles ? 16 : 32);

// Block b of half a panel times tokens first .. first + Tokens - 1, added to acc.
template<bool Nibbles, int Tokens>
inline void halfBlock(const std::uint8_t *block, std::int64_t b, const QuantizedActivations &a, int first, int half,
                      __m256 *acc)
{
    const std::int64_t perToken = a.stride / 32;
    const __m256i lowNibbles = _mm256_set1_epi8(0x0f);
    const __m256i ones = _mm256_set1_epi16(1);
    const __m256i signFlip = _mm256_set1_epi8(static_cast<char>(0x80));
    const std::int8_t *q[Tokens];
    for (int t = 0; t < Tokens; ++t)
        q[t] = a.q + (first + t) * a.stride + b * 32;
    const __m256 weightScales
        = _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(block + 2 * kHalfRows * half)));
    const std::uint8_t *groups = block + 2 * kPanelRows + 4 * kHalfRows * half;
    __m256i sums[Tokens];
    if constexpr (Nibbles) {
        __m256i pairs[Tokens];
        for (int t = 0; t < Tokens; ++t)
            pairs[t] = _mm256_setzero_si256();
        for (int p = 0; p < 4; ++p) {
            const __m256i packed = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(groups + 64 * p));
            const __m256i low = _mm256_and_si256(packed, lowNibbles);
            const __m256i high = _mm256_and_si256(_mm256_srli_epi16(packed, 4), lowNibbles);
            for (int t = 0; t < Tokens; ++t) {
                pairs[t] = _mm256_add_epi16(pairs[t], _mm256_maddubs_epi16(low, broadcast4(q[t] + 4 * p)));
                pairs[t] = _mm256_add_epi16(pairs[t], _mm256_maddubs_epi16(high, broadcast4(q[t] + 16 + 4 * p)));
            }
        }
        for (int t = 0; t < Tokens; ++t)
            sums[t] = _mm256_add_epi32(_mm256_madd_epi16(pairs[t], ones),
                                       _mm256_set1_epi32(a.corrections[(first + t) * perToken + b]));
    } else {
        for (int t = 0; t < Tokens; ++t)
            sums[t] = _mm256_setzero_si256();
        for (int g = 0; g < 8; ++g) {
            const __m256i stored = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(groups + 64 * g));
            const __m256i weights = _mm256_xor_si256(stored, signFlip);
            const __m256i magnitudes = _mm256_sign_epi8(weights, weights);
            for (int t = 0; t < Tokens; ++t) {
                const __m256i x = _mm256_sign_epi8(broadcast4(q[t] + 4 * g), weights);
                sums[t] = _mm256_add_epi32(sums[t], _mm256_madd_epi16(_mm256_maddubs_epi16(magnitudes, x), ones));
            }
        }
    }
    for (int t = 0; t < Tokens; ++t) {
        const __m256 scale = _mm256_mul_ps(weightScales, _mm256_set1_ps(a.scales[(first + t) * perToken + b]));
        acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(sums[t]), scale, acc[t]);
    }
}

template<bool Nibbles, int Tokens>
void halfPanelTile(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int half,
                   float *out)
{
    __m256 acc[Tokens];
    for (int t = 0; t < Tokens; ++t)
        acc[t] = _mm256_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b)
        halfBlock<Nibbles, Tokens>(panel + b * kBlockBytes<Nibbles>, b, a, first, half, acc);
    for (int t = 0; t < Tokens; ++t)
        _mm256_storeu_ps(out + t * kPanelRows + kHalfRows * half, acc[t]);
}

template<bool Nibbles>
void panelKernel(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int count,
                 float *out)
{
    if (count == 1) {
        // One token (decoding): both halves of each block in turn, the second half from L1, not
        // the whole panel again from L2 after the first.
        __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
        for (std::int64_t b = 0; b < blocks; ++b) {
            const std::uint8_t *block = panel + b * kBlockBytes<Nibbles>;
            halfBlock<Nibbles, 1>(block, b, a, first, 0, &acc[0]);
            halfBlock<Nibbles, 1>(block, b, a, first, 1, &acc[1]);
        }
        _mm256_storeu_ps(out, acc[0]);
        _mm256_storeu_ps(out + kHalfRows, acc[1]);
        return;
    }
    for (int done = 0; done < count; done += kTileTokens) {
        const int tokens = std::min(kTileTokens, count - done);
        for (int half = 0; half < 2; ++half) {
            float *tile = out + done * kPanelRows;
            switch (tokens) {
            case 1: halfPanelTile<Nibbles, 1>(panel, blocks, a, first + done, half, tile); break;
            case 2: halfPanelTile<Nibbles, 2>(panel, blocks, a, first + done, half, tile); break;
            case 3: halfPanelTile<Nibbles, 3>(panel, blocks, a, first + done, half, tile); break;
            default: halfPanelTile<Nibbles, 4>(panel, blocks, a, first + done, half, tile); break;
            }
        }
    }
}

} // namespace

PanelKernel avx2PanelKernel(model::DType type)
{
    if (type == model::DType::Q8_0)
        return panelKernel<false>;
    if (type == model::DType::Q4_0)
        return panelKernel<true>;
    return nullptr;
}

} // namespace deskseek::engine::inference
