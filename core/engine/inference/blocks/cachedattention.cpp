#include "engine/inference/blocks/cachedattention.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <limits>

namespace deskseek::engine::inference::blocks {

namespace {

// Queries at positions position, position + 1, ...: each sees the keys up to its own position,
// so the block reads no key past its last query's.
at::Tensor attendBlock(const at::Tensor &q, const at::Tensor &pastKeys, const at::Tensor &pastValues, std::int64_t position,
                       double scale)
{
    const std::int64_t tokens = q.size(0);
    const std::int64_t heads = q.size(1);
    const std::int64_t keyDims = q.size(2);
    const std::int64_t kvHeads = pastKeys.size(0);
    const std::int64_t valueDims = pastValues.size(2);
    const std::int64_t group = heads / kvHeads;
    const std::int64_t length = position + tokens;
    const at::Tensor keys = pastKeys.narrow(1, 0, length);
    const at::Tensor values = pastValues.narrow(1, 0, length);

    // [kv heads, group × tokens, key dims]
    const at::Tensor queries = q.reshape({tokens, kvHeads, group, keyDims})
                                   .permute({1, 2, 0, 3})
                                   .reshape({kvHeads, group * tokens, keyDims})
                                   .to(at::kHalf)
                                   .to(at::kFloat);
    at::Tensor scores = at::bmm(queries, keys.transpose(1, 2)) * scale;
    if (tokens > 1) {
        // Causal: the query at position + t sees keys 0 .. position + t.
        const auto options = at::TensorOptions().dtype(at::kLong).device(q.device());
        const at::Tensor future = at::arange(length, options).unsqueeze(0) > (at::arange(tokens, options) + position).unsqueeze(1);
        scores = scores.view({kvHeads, group, tokens, length})
                     .masked_fill(future, -std::numeric_limits<float>::infinity())
                     .view({kvHeads, group * tokens, length});
    }
    const at::Tensor probabilities = at::softmax(scores, -1).to(at::kHalf).to(at::kFloat);
    return at::bmm(probabilities, values) // [kv heads, group × tokens, value dims]
        .view({kvHeads, group, tokens, valueDims})
        .permute({2, 0, 1, 3})
        .reshape({tokens, heads * valueDims});
}

} // namespace

at::Tensor attendCached(const at::Tensor &q, const at::Tensor &keys, const at::Tensor &values, std::int64_t position,
                        double scale)
{
    const std::int64_t tokens = q.size(0);
    const std::int64_t heads = q.size(1);
    const std::int64_t length = position + tokens;
    const at::Tensor pastKeys = keys.narrow(1, 0, length).to(at::kFloat); // [kv heads, length, key dims]
    const at::Tensor pastValues = values.narrow(1, 0, length).to(at::kFloat);
    // A prompt's queries go in blocks of a bounded number of scores (a few such tensors live at
    // once: the scores, their softmax and its F16 rounding), so that a long prompt's memory does
    // not grow with tokens × context.
    const std::int64_t scoreFloats = q.device().is_cpu() ? kScoreFloatsCpu : kScoreFloatsGpu;
    const std::int64_t block = std::clamp<std::int64_t>(scoreFloats / std::max<std::int64_t>(1, heads * length), 1, tokens);
    if (block == tokens)
        return attendBlock(q, pastKeys, pastValues, position, scale);
    at::Tensor out = at::empty({tokens, heads * pastValues.size(2)}, q.options());
    for (std::int64_t first = 0; first < tokens; first += block) {
        const std::int64_t count = std::min(block, tokens - first);
        out.narrow(0, first, count).copy_(attendBlock(q.narrow(0, first, count), pastKeys, pastValues, position + first, scale));
    }
    return out;
}

} // namespace deskseek::engine::inference::blocks
