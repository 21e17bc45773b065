#include "engine/inference/decodeattention.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace deskseek::engine::inference {

namespace {

// A dot product with eight independent partial sums, so that the compiler can keep them in
// vector registers (a single running sum would wait for each addition).
float dot(const float *a, const float *b, std::int64_t count)
{
    float partial[8] = {};
    std::int64_t i = 0;
    for (; i + 8 <= count; i += 8)
        for (int j = 0; j < 8; ++j)
            partial[j] += a[i + j] * b[i + j];
    float total = 0.0f;
    for (; i < count; ++i)
        total += a[i] * b[i];
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

} // namespace

void decodeAttention(const DecodeAttentionShape &shape, float *q, float *k, const float *v, const float *cos,
                     const float *sin, std::int64_t position, float *keys, float *values, float *out)
{
    const std::int64_t hd = shape.headDim;
    const std::int64_t group = shape.heads / shape.kvHeads;
    const std::int64_t length = position + 1;
    for (std::int64_t h = 0; h < shape.heads; ++h)
        rotate(q + h * hd, hd, cos, sin);
    for (std::int64_t h = 0; h < shape.kvHeads; ++h) {
        rotate(k + h * hd, hd, cos, sin);
        std::memcpy(keys + (h * shape.capacity + position) * hd, k + h * hd, static_cast<std::size_t>(hd) * sizeof(float));
        std::memcpy(values + (h * shape.capacity + position) * hd, v + h * hd, static_cast<std::size_t>(hd) * sizeof(float));
    }
    const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
    at::parallel_for(0, shape.heads, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> scores(static_cast<std::size_t>(length));
        for (std::int64_t h = begin; h < end; ++h) {
            const float *query = q + h * hd;
            const float *headKeys = keys + (h / group) * shape.capacity * hd;
            const float *headValues = values + (h / group) * shape.capacity * hd;
            float highest = -INFINITY;
            for (std::int64_t p = 0; p < length; ++p) {
                const float score = dot(query, headKeys + p * hd, hd) * scale;
                scores[static_cast<std::size_t>(p)] = score;
                highest = std::max(highest, score);
            }
            float sum = 0.0f;
            for (float &s : scores) {
                s = std::exp(s - highest);
                sum += s;
            }
            float *result = out + h * hd;
            std::fill(result, result + hd, 0.0f);
            for (std::int64_t p = 0; p < length; ++p) {
                const float weight = scores[static_cast<std::size_t>(p)] / sum;
                const float *value = headValues + p * hd;
                for (std::int64_t i = 0; i < hd; ++i)
                    result[i] += weight * value[i];
            }
        }
    });
}

} // namespace deskseek::engine::inference
