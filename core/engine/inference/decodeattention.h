#pragma once

// Internal to the engine.

#include "engine/inference/quantkernels.h"

#include <cstdint>

namespace deskseek::engine::inference {

// One new token's attention on the CPU, straight on the F16 KV cache ([kv heads, capacity,
// head dim] per layer) with no tensor operations: rotary embedding of q and k (pairs i and
// i + head_dim / 2, as Hugging Face rotates), k and v written at `position` (rounded to F16),
// then for every query head the softmax of its scaled scores over positions 0..position and the
// weighted sum of the values. As ggml computes it with an F16 cache, the query and the softmax's
// weights are rounded to F16 for their products with the cache (sums in F32). Heads run in
// parallel on the engine's threads; nothing is allocated (each thread keeps its scores' buffer).
struct DecodeAttentionShape
{
    std::int64_t heads = 0;
    std::int64_t kvHeads = 0;
    std::int64_t headDim = 0;
    std::int64_t capacity = 0; // positions of the cache
};

void decodeAttention(const DecodeAttentionShape &shape, float *q, float *k, const float *v, const float *cos,
                     const float *sin, std::int64_t position, std::uint16_t *keys, std::uint16_t *values, float *out);

// One query head over `length` cached positions (F16 keys and values [length, headDim], rows
// contiguous): out = f16(softmax(scale × keys · query)) · values; `scores` has room for `length`
// floats. The query is used as given (already rounded to F16 values). The portable loops, or
// AVX2 + FMA + F16C ones (headDim a multiple of 8) where the CPU has them; nullptr for a level
// this build or CPU lacks.
using AttendHead = void (*)(const float *query, const std::uint16_t *keys, const std::uint16_t *values, std::int64_t length,
                            std::int64_t headDim, float scale, float *scores, float *out);
AttendHead attendHeadKernel(KernelLevel level);

} // namespace deskseek::engine::inference
