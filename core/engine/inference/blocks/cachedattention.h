#pragma once

// Internal to the engine: includes ATen.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace deskseek::engine::inference::blocks {

// Causal grouped-query attention of `tokens` new queries on an F16 cache whose keys and values
// for positions [0, position + tokens) are already written: q [tokens, heads, key dims] float,
// keys [kv heads, capacity, key dims] and values [kv heads, capacity, value dims] (a view is
// fine: MLA's values are the first part of its keys). Query head h reads kv head
// h / (heads / kv heads). As ggml computes with an F16 cache, the queries and the softmax's
// weights are rounded to F16 for their products with it. Returns [tokens, heads × value dims].
// The queries go in blocks of about this many scores each: on the CPU 1 MB of them (a few such
// tensors live at once), on a GPU 64 MB (fewer launches).
constexpr std::int64_t kScoreFloatsCpu = std::int64_t{1} << 18;
constexpr std::int64_t kScoreFloatsGpu = std::int64_t{1} << 24;
at::Tensor attendCached(const at::Tensor &q, const at::Tensor &keys, const at::Tensor &values, std::int64_t position,
                        double scale);

} // namespace deskseek::engine::inference::blocks
