#include "engine/inference/blocks/cachedattention.h"

#include <ATen/ATen.h>

#include <limits>

namespace deskseek::engine::inference::blocks {

at::Tensor attendCached(const at::Tensor &q, const at::Tensor &keys, const at::Tensor &values, std::int64_t position,
                        double scale)
{
    const std::int64_t tokens = q.size(0);
    const std::int64_t heads = q.size(1);
    const std::int64_t keyDims = q.size(2);
    const std::int64_t kvHeads = keys.size(0);
    const std::int64_t valueDims = values.size(2);
    const std::int64_t group = heads / kvHeads;
    const std::int64_t length = position + tokens;
    const at::Tensor pastKeys = keys.narrow(1, 0, length).to(at::kFloat); // [kv heads, length, key dims]
    const at::Tensor pastValues = values.narrow(1, 0, length).to(at::kFloat);

    // [kv heads, group × tokens, key dims]
    const at::Tensor queries = q.reshape({tokens, kvHeads, group, keyDims})
                                   .permute({1, 2, 0, 3})
                                   .reshape({kvHeads, group * tokens, keyDims})
                                   .to(at::kHalf)
                                   .to(at::kFloat);
    at::Tensor scores = at::bmm(queries, pastKeys.transpose(1, 2)) * scale;
    if (tokens > 1) {
        // Causal: the query at position + t sees keys 0 .. position + t.
        const auto options = at::TensorOptions().dtype(at::kLong).device(q.device());
        const at::Tensor future = at::arange(length, options).unsqueeze(0) > (at::arange(tokens, options) + position).unsqueeze(1);
        scores = scores.view({kvHeads, group, tokens, length})
                     .masked_fill(future, -std::numeric_limits<float>::infinity())
                     .view({kvHeads, group * tokens, length});
    }
    const at::Tensor probabilities = at::softmax(scores, -1).to(at::kHalf).to(at::kFloat);
    return at::bmm(probabilities, pastValues) // [kv heads, group × tokens, value dims]
        .view({kvHeads, group, tokens, valueDims})
        .permute({2, 0, 1, 3})
        .reshape({tokens, heads * valueDims});
}

} // namespace deskseek::engine::inference::blocks
