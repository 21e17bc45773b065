// The AVX-512 VNNI kernels of quantkernels.h (on 256-bit vectors: AVX512VL). This file alone is
// compiled with -mavx512f -mavx512vl -mavx512bw -mavx512vnni -mfma -mf16c; it runs only after the
// CPU was found to have them (bestKernelLevel). vpdpbusd multiplies unsigned by signed bytes and
// adds each group of four products into a 32-bit lane in one instruction (AVX2 needs maddubs and
// madd); Q8_0's signed weights go in as |w| with the activations' signs adjusted.

#include "engine/inference/quantkernels_x86.h"

namespace deskseek::engine::inference {

namespace {

struct Avx512Vnni
{
    static __m256 unsignedProductSums(__m256i w, __m256i x)
    {
        return _mm256_cvtepi32_ps(_mm256_dpbusd_epi32(_mm256_setzero_si256(), w, x));
    }

    static __m256 productSums(__m256i w, __m256i x)
    {
        const __m256i absW = _mm256_sign_epi8(w, w);
        const __m256i signedX = _mm256_sign_epi8(x, w);
        return _mm256_cvtepi32_ps(_mm256_dpbusd_epi32(_mm256_setzero_si256(), absW, signedX));
    }
};

} // namespace

QuantizedRowDot avx512VnniRowDot(model::DType type)
{
    if (type == model::DType::Q8_0)
        return rowDotAnyTokens<Avx512Vnni, 34, false>;
    if (type == model::DType::Q4_0)
        return rowDotAnyTokens<Avx512Vnni, 18, true>;
    return nullptr;
}

} // namespace deskseek::engine::inference
