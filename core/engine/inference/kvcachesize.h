#pragma once

#include <cstdint>

namespace deskseek::engine::inference {

// The KV cache stores keys and values as F16 (as llama.cpp does by default): 2 bytes a value.
constexpr std::uint64_t kKvCacheValueBytes = 2;

// The bytes the engine allocates for the KV cache of one sequence of `positions` positions:
// keys and values of every layer. What memory estimates (the recommender, GPU layers) use.
constexpr std::uint64_t kvCacheBytes(std::int64_t layers, std::int64_t kvHeads, std::int64_t headDim, std::int64_t positions)
{
    return 2 * kKvCacheValueBytes * static_cast<std::uint64_t>(layers) * static_cast<std::uint64_t>(kvHeads)
           * static_cast<std::uint64_t>(headDim) * static_cast<std::uint64_t>(positions < 0 ? 0 : positions);
}

// The same for multi-head latent attention (DeepSeek-V2/V3): one latent of `latentDims`
// (kv_lora_rank + qk_rope_head_dim) values per position and layer, whatever the heads.
constexpr std::uint64_t latentCacheBytes(std::int64_t layers, std::int64_t latentDims, std::int64_t positions)
{
    return kKvCacheValueBytes * static_cast<std::uint64_t>(layers) * static_cast<std::uint64_t>(latentDims)
           * static_cast<std::uint64_t>(positions < 0 ? 0 : positions);
}

} // namespace deskseek::engine::inference
