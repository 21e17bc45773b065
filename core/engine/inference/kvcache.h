#pragma once

// Internal to the engine: includes ATen.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace deskseek::engine::inference {

// Keys and values of every layer for up to `capacity` positions, allocated once at the size the
// user picked (no growth, no reallocation while generating; pages are touched as they fill). Each
// layer's tensors live on that layer's device: keys [kv heads, capacity, key dims] and values
// [kv heads, capacity, value dims], F16 (kvcachesize.h). With no value dims there are only keys
// (MLA keeps its latent and rotary key there, and reads its values from the keys).
class KvCache
{
public:
    KvCache(const std::vector<at::Device> &layerDevices, std::int64_t kvHeads, std::int64_t keyDims,
            std::int64_t valueDims, std::int64_t capacity);

    std::int64_t capacity() const { return m_capacity; }
    std::int64_t length() const { return m_length; } // positions filled
    void setLength(std::int64_t length) { m_length = length; }

    // Forgets every position and gives the memory of the CPU layers' tensors back to the system
    // (their pages are read as zeros again when the cache fills anew).
    void release();

    const at::Tensor &keys(std::size_t layer) const { return m_keys[layer]; }
    const at::Tensor &values(std::size_t layer) const { return m_values[layer]; } // undefined without value dims
    std::uint64_t bytes() const;

private:
    std::vector<at::Tensor> m_keys;
    std::vector<at::Tensor> m_values;
    std::int64_t m_capacity = 0;
    std::int64_t m_length = 0;
};

} // namespace deskseek::engine::inference
