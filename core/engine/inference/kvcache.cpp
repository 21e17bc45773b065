#include "engine/inference/kvcache.h"

#include "engine/inference/kvcachesize.h"

#include <ATen/ATen.h>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace deskseek::engine::inference {

KvCache::KvCache(const std::vector<at::Device> &layerDevices, std::int64_t kvHeads, std::int64_t keyDims,
                 std::int64_t valueDims, std::int64_t capacity)
    : m_capacity(capacity)
{
    for (const at::Device &device : layerDevices) {
        const auto options = at::TensorOptions().dtype(at::kHalf).device(device);
        m_keys.push_back(at::empty({kvHeads, capacity, keyDims}, options));
        m_values.push_back(valueDims > 0 ? at::empty({kvHeads, capacity, valueDims}, options) : at::Tensor());
    }
}

void KvCache::release()
{
    m_length = 0;
#if defined(__unix__) || defined(__APPLE__)
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    for (const std::vector<at::Tensor> *tensors : {&m_keys, &m_values})
        for (const at::Tensor &tensor : *tensors) {
            if (!tensor.defined() || !tensor.device().is_cpu())
                continue;
            // Whole pages inside the tensor only: its neighbours in the heap keep theirs.
            const auto begin = reinterpret_cast<std::uintptr_t>(tensor.data_ptr());
            const std::uintptr_t first = (begin + page - 1) / page * page;
            const std::uintptr_t last = (begin + tensor.nbytes()) / page * page;
            if (last > first)
                ::madvise(reinterpret_cast<void *>(first), last - first, MADV_DONTNEED);
        }
#endif
}

std::uint64_t KvCache::bytes() const
{
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < m_keys.size(); ++i)
        total += static_cast<std::uint64_t>(m_keys[i].numel() + (m_values[i].defined() ? m_values[i].numel() : 0))
                 * kKvCacheValueBytes;
    return total;
}

} // namespace deskseek::engine::inference
