#pragma once

// Internal to the engine: includes ATen.

#include "engine/inference/blocks/rotary.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace deskseek::engine::inference {
class KvCache;
}

namespace deskseek::engine::inference::blocks {

// Grouped-query attention with rotary positions (Hugging Face's halves) on the F16 cache, from
// the projected queries, keys and values to the heads' outputs (before the output projection).
// On the CPU each token goes through decodeAttention's loops in turn, over the positions up to
// its own: no scores tensor, so a prompt step's memory does not grow with the context. On a GPU,
// tensor operations (attendCached).
class GroupedQueryAttention
{
public:
    GroupedQueryAttention(std::int64_t heads, std::int64_t kvHeads, std::int64_t headDim);

    // Layer `layer`'s attention: q [tokens, heads × head dim], k and v [tokens, kv heads × head
    // dim], on the device of the tables. One cache: the tokens are its next positions. Several:
    // token i is the next position of caches[i] (a decoding step of several sequences). Rotates q
    // and k, writes k and v to the cache(s) and returns [tokens, heads × head dim]. On the CPU q
    // and k may be rotated in place.
    at::Tensor operator()(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, std::size_t layer,
                          const std::vector<KvCache *> &caches, const RotaryTable &table) const;

private:
    at::Tensor sequence(at::Tensor q, at::Tensor k, at::Tensor v, std::size_t layer, KvCache &cache,
                        const RotaryTable &table) const;
    // The CPU's loops, written to out (tokens × heads × head dim floats).
    void sequenceCpu(at::Tensor q, at::Tensor k, at::Tensor v, std::size_t layer, KvCache &cache,
                     const RotaryTable &table, float *out) const;

    std::int64_t m_heads = 0, m_kvHeads = 0, m_headDim = 0;
    mutable at::Tensor m_output; // one token's output on the CPU, reused by every layer
};

} // namespace deskseek::engine::inference::blocks
