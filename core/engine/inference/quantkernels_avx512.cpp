// The AVX-512 VNNI panel kernels of quantkernels.h. This file alone is compiled with -mavx512f
// -mavx512vl -mavx512bw -mavx512vnni -mfma -mf16c; it runs only after the CPU was found to have
// them (bestKernelLevel). A 512-bit vector holds one 32-bit lane per row of a 16-row panel:
// vpdpbusd multiplies a group's unsigned weight bytes (4 per row) by the token's 4 signed
// activation bytes, broadcast to every lane, and adds each row's four products into its lane.
// Eight of them (Q4_0: four groups of nibbles, low and high) make a block's exact integer
// product, which starts from the block's correction (−c × the activations' sum); it is then
// scaled by the weight scales (16 at once) times the token's scale and accumulated in floats.

#include "engine/inference/quantkernels.h"

#include <immintrin.h>

// GCC 12 warns about the intentionally undefined pass-through operand inside
// _mm512_cvtepi32_ps and _mm512_cvtph_ps (_mm512_undefined_ps): not a bug in this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cstring>

namespace deskseek::engine::inference {

namespace {

constexpr int kRows = kPanelRows;

inline __m512i broadcast4(const std::int8_t *p)
{
    std::int32_t value;
    std::memcpy(&value, p, 4);
    return _mm512_set1_epi32(value);
}

template<bool Nibbles, int Tokens>
void panelTile(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, float *out)
{
    constexpr std::int64_t blockBytes = 2 * kRows + kRows * (Nibbles ? 16 : 32);
    const std::int64_t perToken = a.stride / 32;
    const std::int8_t *q[Tokens];
    const float *scales[Tokens];
    const std::int32_t *corrections[Tokens];
    __m512 acc[Tokens];
    for (int t = 0; t < Tokens; ++t) {
        q[t] = a.q + (first + t) * a.stride;
        scales[t] = a.scales + (first + t) * perToken;
        corrections[t] = a.corrections + (first + t) * perToken;
        acc[t] = _mm512_setzero_ps();
    }
    const __m512i lowNibbles = _mm512_set1_epi8(0x0f);
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::uint8_t *block = panel + b * blockBytes;
        const __m512 weightScales = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(block)));
        const std::uint8_t *groups = block + 2 * kRows;
        __m512i sums[Tokens];
        for (int t = 0; t < Tokens; ++t)
            sums[t] = _mm512_set1_epi32(corrections[t][b]);
        if constexpr (Nibbles) {
            for (int p = 0; p < 4; ++p) {
                const __m512i packed = _mm512_loadu_si512(groups + 64 * p);
                const __m512i low = _mm512_and_si512(packed, lowNibbles);
                const __m512i high = _mm512_and_si512(_mm512_srli_epi16(packed, 4), lowNibbles);
                for (int t = 0; t < Tokens; ++t) {
                    sums[t] = _mm512_dpbusd_epi32(sums[t], low, broadcast4(q[t] + b * 32 + 4 * p));
                    sums[t] = _mm512_dpbusd_epi32(sums[t], high, broadcast4(q[t] + b * 32 + 16 + 4 * p));
                }
            }
        } else {
            for (int g = 0; g < 8; ++g) {
                const __m512i weights = _mm512_loadu_si512(groups + 64 * g);
                for (int t = 0; t < Tokens; ++t)
                    sums[t] = _mm512_dpbusd_epi32(sums[t], weights, broadcast4(q[t] + b * 32 + 4 * g));
            }
        }
        for (int t = 0; t < Tokens; ++t) {
            const __m512 scale = _mm512_mul_ps(weightScales, _mm512_set1_ps(scales[t][b]));
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(sums[t]), scale, acc[t]);
        }
    }
    for (int t = 0; t < Tokens; ++t)
        _mm512_storeu_ps(out + t * kRows, acc[t]);
}

template<bool Nibbles>
void panelKernel(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int count,
                 float *out)
{
    switch (count) {
    case 1: return panelTile<Nibbles, 1>(panel, blocks, a, first, out);
    case 2: return panelTile<Nibbles, 2>(panel, blocks, a, first, out);
    case 3: return panelTile<Nibbles, 3>(panel, blocks, a, first, out);
    case 4: return panelTile<Nibbles, 4>(panel, blocks, a, first, out);
    case 5: return panelTile<Nibbles, 5>(panel, blocks, a, first, out);
    case 6: return panelTile<Nibbles, 6>(panel, blocks, a, first, out);
    case 7: return panelTile<Nibbles, 7>(panel, blocks, a, first, out);
    case 8: return panelTile<Nibbles, 8>(panel, blocks, a, first, out);
    default: return;
    }
}

} // namespace

PanelKernel avx512VnniPanelKernel(model::DType type)
{
    if (type == model::DType::Q8_0)
        return panelKernel<false>;
    if (type == model::DType::Q4_0)
        return panelKernel<true>;
    return nullptr;
}

} // namespace deskseek::engine::inference
