#include "engine/inference/kvcache.h"

#include "engine/inference/kvcachesize.h"

#include <ATen/ATen.h>

namespace deskseek::engine::inference {

KvCache::KvCache(const std::vector<at::Device> &layerDevices, std::int64_t kvHeads, std::int64_t headDim,
                 std::int64_t capacity)
    : m_capacity(capacity)
{
    for (const at::Device &device : layerDevices) {
        const auto options = at::TensorOptions().dtype(at::kHalf).device(device);
        m_keys.push_back(at::empty({kvHeads, capacity, headDim}, options));
        m_values.push_back(at::empty({kvHeads, capacity, headDim}, options));
    }
}

std::uint64_t KvCache::bytes() const
{
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < m_keys.size(); ++i)
        total += static_cast<std::uint64_t>(m_keys[i].numel() + m_values[i].numel()) * kKvCacheValueBytes;
    return total;
}

} // namespace deskseek::engine::inference
