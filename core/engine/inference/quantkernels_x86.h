#pragma once

// Internal to the x86 kernel files (quantkernels_avx2.cpp, quantkernels_avx512.cpp): the
// row-times-tokens loop they share, written once and compiled in each of them with that file's
// instruction set. Everything here is local to the including file (an unnamed namespace), so the
// differently compiled copies never meet. `Isa` supplies the block products:
//   static __m256 unsignedProductSums(__m256i w, __m256i x): unsigned w (< 16) times signed x;
//   static __m256 productSums(__m256i w, __m256i x): signed w times signed x;
// both summing the 32 products exactly into 8 int32 lanes, returned as floats.
//
// Per 32-value block the lanes are added to a float accumulator scaled by the product of the two
// block scales, and the 8 lanes are summed at the end. Q4_0's nibbles go in unsigned (value + 8),
// and 8 × the block's activation sum (QuantizedActivations::offsets) comes off after.

#include "engine/inference/quantkernels.h"

#include <immintrin.h>

namespace deskseek::engine::inference {

namespace {


// Q4_0's 32 nibbles as unsigned bytes 0..15 (the stored value plus 8): low nibbles are values
// 0-15, high nibbles 16-31.
inline __m256i q4Nibbles(const std::byte *block)
{
    const __m128i packed = _mm_loadu_si128(reinterpret_cast<const __m128i *>(block + 2));
    const __m128i low = _mm_and_si128(packed, _mm_set1_epi8(0x0f));
    const __m128i high = _mm_and_si128(_mm_srli_epi16(packed, 4), _mm_set1_epi8(0x0f));
    return _mm256_set_m128i(high, low);
}

inline __m256i q8Block(const std::byte *block)
{
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(block + 2));
}

inline float horizontalSum(__m256 v)
{
    __m128 sum = _mm_add_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
    return _mm_cvtss_f32(sum);
}

inline float halfToFloat(std::uint16_t h)
{
    return _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(h)));
}

template<class Isa, int BlockBytes, bool Nibbles, int Tokens>
void rowDot(const std::byte *row, const QuantizedActivations &a, int first, std::int64_t count, float *out)
{
    // Two accumulators per token (even and odd blocks), so that consecutive blocks do not wait
    // for each other's multiply-add. Q4_0 multiplies the unsigned nibbles (value + 8) and takes
    // 8 × the activations' block sum off once per block, in `offset`.
    __m256 acc[2][Tokens];
    float offset[Tokens];
    const std::int8_t *q[Tokens];
    const float *scales[Tokens];
    const float *offsets[Tokens];
    for (int t = 0; t < Tokens; ++t) {
        acc[0][t] = acc[1][t] = _mm256_setzero_ps();
        offset[t] = 0.0f;
        q[t] = a.q + (first + t) * a.stride;
        scales[t] = a.scales + (first + t) * a.stride / 32;
        offsets[t] = a.offsets ? a.offsets + (first + t) * a.stride / 32 : nullptr;
    }
    const std::int64_t blocks = count / 32;
    const auto step = [&](std::int64_t b, __m256 *sums) {
        const std::byte *block = row + b * BlockBytes;
        const __m256i w = Nibbles ? q4Nibbles(block) : q8Block(block);
        std::uint16_t rawScale;
        __builtin_memcpy(&rawScale, block, 2);
        const float wScale = halfToFloat(rawScale);
        for (int t = 0; t < Tokens; ++t) {
            const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i *>(q[t] + b * 32));
            const __m256 d = _mm256_set1_ps(wScale * scales[t][b]);
            if constexpr (Nibbles) {
                sums[t] = _mm256_fmadd_ps(d, Isa::unsignedProductSums(w, x), sums[t]);
                offset[t] += wScale * offsets[t][b];
            } else {
                sums[t] = _mm256_fmadd_ps(d, Isa::productSums(w, x), sums[t]);
            }
        }
    };
    std::int64_t b = 0;
    for (; b + 2 <= blocks; b += 2) {
        step(b, acc[0]);
        step(b + 1, acc[1]);
    }
    if (b < blocks)
        step(b, acc[0]);
    for (int t = 0; t < Tokens; ++t)
        out[t] = horizontalSum(_mm256_add_ps(acc[0][t], acc[1][t])) - offset[t];
}

template<class Isa, int BlockBytes, bool Nibbles>
void rowDotAnyTokens(const std::byte *row, const QuantizedActivations &a, std::int64_t count, float *out)
{
    // Four tokens at a time share each weight block's load and unpacking.
    int t = 0;
    for (; t + 4 <= a.tokens; t += 4)
        rowDot<Isa, BlockBytes, Nibbles, 4>(row, a, t, count, out + t);
    switch (a.tokens - t) {
    case 3:
        rowDot<Isa, BlockBytes, Nibbles, 3>(row, a, t, count, out + t);
        break;
    case 2:
        rowDot<Isa, BlockBytes, Nibbles, 2>(row, a, t, count, out + t);
        break;
    case 1:
        rowDot<Isa, BlockBytes, Nibbles, 1>(row, a, t, count, out + t);
        break;
    default:
        break;
    }
}

} // namespace

} // namespace deskseek::engine::inference
