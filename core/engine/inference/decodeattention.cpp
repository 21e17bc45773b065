#include "engine/inference/decodeattention.h"

#include "engine/model/halffloat.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace deskseek::engine::inference {

#if defined(DESKSEEK_HAVE_X86_KERNELS)
// decodeattention_avx2.cpp, compiled for AVX2 + FMA.
void avx2AttendHead(const float *query, const std::uint16_t *keys, std::int64_t keyDims, const std::uint16_t *values,
                    std::int64_t valueDims, std::int64_t valueStride, std::int64_t length, float scale, float *scores, float *out);
#endif

namespace {

using model::floatToHalf;
using model::halfToFloat;

// A dot product with eight independent partial sums, so that the compiler can keep them in
// vector registers (a single running sum would wait for each addition).
float dot(const float *a, const std::uint16_t *b, std::int64_t count)
{
    float partial[8] = {};
    std::int64_t i = 0;
    for (; i + 8 <= count; i += 8)
        for (int j = 0; j < 8; ++j)
            partial[j] += a[i + j] * halfToFloat(b[i + j]);
    float total = 0.0f;
    for (; i < count; ++i)
        total += a[i] * halfToFloat(b[i]);
    for (float p : partial)
        total += p;
    return total;
}

void rotate(float *x, std::int64_t headDim, const float *cos, const float *sin)
{
    const std::int64_t half = headDim / 2;
    for (std::int64_t i = 0; i < half; ++i) {
        const float a = x[i], b = x[i + half];
        x[i] = a * cos[i] - b * sin[i];
        x[i + half] = b * cos[i] + a * sin[i];
    }
}

// The portable head loop, and the reference for the others.
void scalarAttendHead(const float *query, const std::uint16_t *keys, std::int64_t keyDims, const std::uint16_t *values,
                      std::int64_t valueDims, std::int64_t valueStride, std::int64_t length, float scale, float *scores, float *out)
{
    float highest = -INFINITY;
    for (std::int64_t p = 0; p < length; ++p) {
        scores[p] = dot(query, keys + p * keyDims, keyDims) * scale;
        highest = std::max(highest, scores[p]);
    }
    float sum = 0.0f;
    for (std::int64_t p = 0; p < length; ++p) {
        scores[p] = std::exp(scores[p] - highest);
        sum += scores[p];
    }
    const float inverse = 1.0f / sum;
    std::fill(out, out + valueDims, 0.0f);
    for (std::int64_t p = 0; p < length; ++p) {
        const float weight = halfToFloat(floatToHalf(scores[p] * inverse));
        const std::uint16_t *value = values + p * valueStride;
        for (std::int64_t i = 0; i < valueDims; ++i)
            out[i] += weight * halfToFloat(value[i]);
    }
}

} // namespace

AttendHead attendHeadKernel(KernelLevel level)
{
    if (!kernelLevelSupported(level))
        return nullptr;
#if defined(DESKSEEK_HAVE_X86_KERNELS)
    if (level != KernelLevel::Scalar)
        return avx2AttendHead;
#endif
    return scalarAttendHead;
}

void decodeAttention(const DecodeAttentionShape &shape, float *q, float *k, const float *v, const float *cos,
                     const float *sin, std::int64_t position, std::uint16_t *keys, std::uint16_t *values, float *out)
{
    static const AttendHead fastest = attendHeadKernel(bestKernelLevel());
    const AttendHead attend = shape.headDim % 8 == 0 ? fastest : scalarAttendHead;
    const std::int64_t hd = shape.headDim;
    const std::int64_t group = shape.heads / shape.kvHeads;
    const std::int64_t length = position + 1;
    for (std::int64_t h = 0; h < shape.heads; ++h) {
        rotate(q + h * hd, hd, cos, sin);
        for (std::int64_t i = 0; i < hd; ++i)
            q[h * hd + i] = halfToFloat(floatToHalf(q[h * hd + i]));
    }
    for (std::int64_t h = 0; h < shape.kvHeads; ++h) {
        rotate(k + h * hd, hd, cos, sin);
        std::uint16_t *key = keys + (h * shape.capacity + position) * hd;
        std::uint16_t *value = values + (h * shape.capacity + position) * hd;
        for (std::int64_t i = 0; i < hd; ++i) {
            key[i] = floatToHalf(k[h * hd + i]);
            value[i] = floatToHalf(v[h * hd + i]);
        }
    }
    const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
    at::parallel_for(0, shape.heads, 1, [&](std::int64_t begin, std::int64_t end) {
        // Each thread's scores, grown to the cache's capacity once: no allocation per token.
        thread_local std::vector<float> scores;
        if (scores.size() < static_cast<std::size_t>(shape.capacity))
            scores.resize(static_cast<std::size_t>(shape.capacity));
        for (std::int64_t h = begin; h < end; ++h) {
            const std::int64_t offset = (h / group) * shape.capacity * hd;
            attend(q + h * hd, keys + offset, hd, values + offset, hd, hd, length, scale, scores.data(), out + h * hd);
        }
    });
}

void latentDecodeAttention(std::int64_t heads, std::int64_t keyDims, std::int64_t valueDims, float *queries,
                           const std::uint16_t *cache, std::int64_t length, float scale, float *out)
{
    static const AttendHead fastest = attendHeadKernel(bestKernelLevel());
    const AttendHead attend = keyDims % 8 == 0 && valueDims % 8 == 0 ? fastest : scalarAttendHead;
    for (std::int64_t i = 0; i < heads * keyDims; ++i)
        queries[i] = halfToFloat(floatToHalf(queries[i]));
    at::parallel_for(0, heads, 1, [&](std::int64_t begin, std::int64_t end) {
        thread_local std::vector<float> scores;
        if (scores.size() < static_cast<std::size_t>(length))
            scores.resize(static_cast<std::size_t>(length));
        for (std::int64_t h = begin; h < end; ++h)
            attend(queries + h * keyDims, cache, keyDims, cache, valueDims, keyDims, length, scale, scores.data(), out + h * valueDims);
    });
}

} // namespace deskseek::engine::inference
