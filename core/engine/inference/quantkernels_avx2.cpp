// The AVX2 kernels of quantkernels.h. This file alone is compiled with -mavx2 -mfma -mf16c; it
// runs only after the CPU was found to have them (bestKernelLevel). The block products use
// maddubs (unsigned times signed bytes to 16-bit pairs) and madd (pairs to 32 bits); Q8_0's signed
// weights go in as |w| with the activations' signs adjusted.

#include "engine/inference/quantkernels_x86.h"

namespace deskseek::engine::inference {

namespace {

struct Avx2
{
    // The 32 products of unsigned bytes (< 128) with signed bytes, summed in 8 int32 lanes, as floats.
    static __m256 unsignedProductSums(__m256i w, __m256i x)
    {
        const __m256i pairs = _mm256_maddubs_epi16(w, x);
        return _mm256_cvtepi32_ps(_mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
    }

    // The 32 products of two signed byte vectors, summed in pairs of pairs: 8 int32 lanes as floats.
    static __m256 productSums(__m256i w, __m256i x)
    {
        const __m256i absW = _mm256_sign_epi8(w, w);
        const __m256i signedX = _mm256_sign_epi8(x, w);
        const __m256i pairs = _mm256_maddubs_epi16(absW, signedX);
        const __m256i quads = _mm256_madd_epi16(pairs, _mm256_set1_epi16(1));
        return _mm256_cvtepi32_ps(quads);
    }
};

} // namespace

QuantizedRowDot avx2RowDot(model::DType type)
{
    if (type == model::DType::Q8_0)
        return rowDotAnyTokens<Avx2, 34, false>;
    if (type == model::DType::Q4_0)
        return rowDotAnyTokens<Avx2, 18, true>;
    return nullptr;
}

} // namespace deskseek::engine::inference
