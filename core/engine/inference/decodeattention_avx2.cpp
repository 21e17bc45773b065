// The AVX2 + FMA + F16C head loop of decodeattention.h. This file alone is compiled with -mavx2
// -mfma -mf16c; it runs only after the CPU was found to have them. The F16 cache is widened to
// F32 eight values at a time; scores are taken four positions at a time (one horizontal sum for
// four), the softmax's exponentials eight at a time, its weights rounded to F16 as ggml rounds
// them, and the weighted sum of the values 64 dimensions at a time in registers.

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace deskseek::engine::inference {

namespace {

// e^x for x <= 0, eight at a time: x = n ln 2 + r with |r| <= ln 2 / 2, e^r from Cephes' expf
// polynomial (within about one unit in the last place), times 2^n built in the exponent bits.
// Below the smallest normal result it gives 0.
inline __m256 exponential(__m256 x)
{
    const __m256 lowest = _mm256_set1_ps(-87.3365f);
    const __m256 tooSmall = _mm256_cmp_ps(x, lowest, _CMP_LT_OQ);
    x = _mm256_max_ps(x, lowest);
    const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    const __m256 r2 = _mm256_mul_ps(r, r);
    const __m256 er = _mm256_add_ps(_mm256_fmadd_ps(p, r2, r), _mm256_set1_ps(1.0f));
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_andnot_ps(tooSmall, _mm256_mul_ps(er, _mm256_castsi256_ps(bits)));
}

inline float horizontalSum(__m256 v)
{
    __m128 sum = _mm_add_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
    return _mm_cvtss_f32(sum);
}

inline float horizontalMax(__m256 v)
{
    __m128 m = _mm_max_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

// Scores of positions [first, first + 4): the four dot products, their horizontal sums folded
// together, scaled.
// Eight F16 values as floats.
inline __m256 loadHalves(const std::uint16_t *values)
{
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(values)));
}

inline __m128 fourScores(const float *query, const std::uint16_t *keys, std::int64_t first, std::int64_t headDim, __m128 scale)
{
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    for (std::int64_t d = 0; d < headDim; d += 8) {
        const __m256 q = _mm256_loadu_ps(query + d);
        for (int i = 0; i < 4; ++i)
            acc[i] = _mm256_fmadd_ps(q, loadHalves(keys + (first + i) * headDim + d), acc[i]);
    }
    const __m256 pairs = _mm256_hadd_ps(_mm256_hadd_ps(acc[0], acc[1]), _mm256_hadd_ps(acc[2], acc[3]));
    const __m128 sums = _mm_add_ps(_mm256_castps256_ps128(pairs), _mm256_extractf128_ps(pairs, 1));
    return _mm_mul_ps(sums, scale);
}

// out[0, 8 * Vectors) += sum over positions of weights[p] × values[p][0, 8 * Vectors) (rows
// `stride` values apart).
template<int Vectors>
void weightedValues(const float *weights, const std::uint16_t *values, std::int64_t length, std::int64_t stride, float *out)
{
    __m256 acc[Vectors];
    for (int i = 0; i < Vectors; ++i)
        acc[i] = _mm256_setzero_ps();
    for (std::int64_t p = 0; p < length; ++p) {
        const __m256 w = _mm256_broadcast_ss(weights + p);
        for (int i = 0; i < Vectors; ++i)
            acc[i] = _mm256_fmadd_ps(w, loadHalves(values + p * stride + 8 * i), acc[i]);
    }
    for (int i = 0; i < Vectors; ++i)
        _mm256_storeu_ps(out + 8 * i, acc[i]);
}

} // namespace

void avx2AttendHead(const float *query, const std::uint16_t *keys, std::int64_t keyDims, const std::uint16_t *values,
                    std::int64_t valueDims, std::int64_t valueStride, std::int64_t length, float scale, float *scores, float *out)
{
    const std::int64_t headDim = keyDims; // the keys' rows
    const __m128 scale4 = _mm_set1_ps(scale);
    std::int64_t p = 0;
    for (; p + 4 <= length; p += 4)
        _mm_storeu_ps(scores + p, fourScores(query, keys, p, headDim, scale4));
    for (; p < length; ++p) {
        __m256 acc = _mm256_setzero_ps();
        for (std::int64_t d = 0; d < headDim; d += 8)
            acc = _mm256_fmadd_ps(_mm256_loadu_ps(query + d), loadHalves(keys + p * headDim + d), acc);
        scores[p] = horizontalSum(acc) * scale;
    }

    __m256 highest8 = _mm256_set1_ps(-INFINITY);
    p = 0;
    for (; p + 8 <= length; p += 8)
        highest8 = _mm256_max_ps(highest8, _mm256_loadu_ps(scores + p));
    float highest = horizontalMax(highest8);
    for (std::int64_t i = p; i < length; ++i)
        highest = std::max(highest, scores[i]);

    const __m256 shift = _mm256_set1_ps(highest);
    __m256 sum8 = _mm256_setzero_ps();
    p = 0;
    for (; p + 8 <= length; p += 8) {
        const __m256 e = exponential(_mm256_sub_ps(_mm256_loadu_ps(scores + p), shift));
        _mm256_storeu_ps(scores + p, e);
        sum8 = _mm256_add_ps(sum8, e);
    }
    float sum = horizontalSum(sum8);
    if (p < length) { // the last few through a full vector, the unused lanes counting nothing
        float tail[8];
        for (int i = 0; i < 8; ++i)
            tail[i] = p + i < length ? scores[p + i] - highest : -INFINITY;
        _mm256_storeu_ps(tail, exponential(_mm256_loadu_ps(tail)));
        for (std::int64_t i = p; i < length; ++i) {
            scores[i] = tail[i - p];
            sum += tail[i - p];
        }
    }

    // The weights, normalised and rounded to F16 (round to nearest even), as ggml multiplies them
    // with an F16 cache.
    const float inverse = 1.0f / sum;
    const __m256 inverse8 = _mm256_set1_ps(inverse);
    p = 0;
    for (; p + 8 <= length; p += 8) {
        const __m128i halves = _mm256_cvtps_ph(_mm256_mul_ps(_mm256_loadu_ps(scores + p), inverse8), _MM_FROUND_TO_NEAREST_INT);
        _mm256_storeu_ps(scores + p, _mm256_cvtph_ps(halves));
    }
    for (; p < length; ++p) {
        const __m128i half = _mm_cvtps_ph(_mm_set_ss(scores[p] * inverse), _MM_FROUND_TO_NEAREST_INT);
        scores[p] = _mm_cvtss_f32(_mm_cvtph_ps(half));
    }

    std::int64_t d = 0;
    for (; d + 64 <= valueDims; d += 64)
        weightedValues<8>(scores, values + d, length, valueStride, out + d);
    for (; d < valueDims; d += 8)
        weightedValues<1>(scores, values + d, length, valueStride, out + d);
}

} // namespace deskseek::engine::inference
