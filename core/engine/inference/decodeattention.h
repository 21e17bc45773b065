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

// One query head over `length` cached positions: F16 keys [length, keyDims] (rows contiguous)
// and values of valueDims every valueStride values (their own rows, or MLA's latent: the first
// part of each key row): out = f16(softmax(scale × keys · query)) · values; `scores` has room
// for `length` floats. The query is used as given (already rounded to F16 values). The portable
// loops, or AVX2 + FMA + F16C ones (dims multiples of 8) where the CPU has them; nullptr for a
// level this build or CPU lacks.
using AttendHead = void (*)(const float *query, const std::uint16_t *keys, std::int64_t keyDims, const std::uint16_t *values,
                            std::int64_t valueDims, std::int64_t valueStride, std::int64_t length, float scale, float *scores,
                            float *out);
AttendHead attendHeadKernel(KernelLevel level);

// One new token's multi-head latent attention on the CPU (DeepSeek-V2/V3, absorbed form): every
// head's query [heads, keyDims] (its latent part absorbed, its rotary part turned; rounded to
// F16 here) against the one cached row per position [length, keyDims] (written already), whose
// first valueDims values are the latent that the weights sum: out [heads, valueDims]. Heads
// run in parallel; nothing is allocated.
void latentDecodeAttention(std::int64_t heads, std::int64_t keyDims, std::int64_t valueDims, float *queries,
                           const std::uint16_t *cache, std::int64_t length, float scale, float *out);

} // namespace deskseek::engine::inference
