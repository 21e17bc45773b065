#include "engine/inference/blocks/groupedattention.h"

#include "engine/inference/blocks/cachedattention.h"
#include "engine/inference/decodeattention.h"
#include "engine/inference/kvcache.h"

#include <ATen/ATen.h>

#include <cmath>

namespace deskseek::engine::inference::blocks {

GroupedQueryAttention::GroupedQueryAttention(std::int64_t heads, std::int64_t kvHeads, std::int64_t headDim)
    : m_heads(heads), m_kvHeads(kvHeads), m_headDim(headDim)
{
}

at::Tensor GroupedQueryAttention::operator()(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                             std::size_t layer, const std::vector<KvCache *> &caches,
                                             const RotaryTable &table) const
{
    if (caches.size() == 1)
        return sequence(q, k, v, layer, *caches.front(), table);
    const auto tokens = static_cast<std::int64_t>(caches.size());
    const std::int64_t width = m_heads * m_headDim;
    const at::Tensor output = at::empty({tokens, width}, q.options());
    for (std::int64_t i = 0; i < tokens; ++i) {
        const at::Tensor qi = q.narrow(0, i, 1), ki = k.narrow(0, i, 1), vi = v.narrow(0, i, 1);
        KvCache &cache = *caches[static_cast<std::size_t>(i)];
        if (q.device().is_cpu())
            sequenceCpu(qi, ki, vi, layer, cache, table, output.data_ptr<float>() + i * width);
        else
            output.narrow(0, i, 1).copy_(sequence(qi, ki, vi, layer, cache, table));
    }
    return output;
}

at::Tensor GroupedQueryAttention::sequence(at::Tensor q, at::Tensor k, at::Tensor v, std::size_t layer,
                                           KvCache &cache, const RotaryTable &table) const
{
    const std::int64_t tokens = q.size(0);
    if (q.device().is_cpu()) {
        if (tokens > 1) {
            at::Tensor out = at::empty({tokens, m_heads * m_headDim}, at::kFloat);
            sequenceCpu(q, k, v, layer, cache, table, out.data_ptr<float>());
            return out;
        }
        // One token: the o projection reads the output before the next layer writes it again.
        if (!m_output.defined())
            m_output = at::empty({1, m_heads * m_headDim}, at::kFloat);
        sequenceCpu(q, k, v, layer, cache, table, m_output.data_ptr<float>());
        return m_output;
    }
    const std::int64_t position = cache.length();
    q = rotate(q.reshape({tokens, m_heads, m_headDim}), table, position, RotaryStyle::Halves);
    k = rotate(k.reshape({tokens, m_kvHeads, m_headDim}), table, position, RotaryStyle::Halves);
    v = v.reshape({tokens, m_kvHeads, m_headDim});
    const at::Tensor &keys = cache.keys(layer);
    const at::Tensor &values = cache.values(layer);
    keys.narrow(1, position, tokens).copy_(k.permute({1, 0, 2}));
    values.narrow(1, position, tokens).copy_(v.permute({1, 0, 2}));
    return attendCached(q, keys, values, position, 1.0 / std::sqrt(static_cast<double>(m_headDim)));
}

void GroupedQueryAttention::sequenceCpu(at::Tensor q, at::Tensor k, at::Tensor v, std::size_t layer,
                                        KvCache &cache, const RotaryTable &table, float *out) const
{
    const std::int64_t tokens = q.size(0);
    q = q.contiguous();
    k = k.contiguous();
    v = v.contiguous();
    const std::int64_t position = cache.length();
    const std::int64_t pairs = table.cos.size(1);
    DecodeAttentionShape shape;
    shape.heads = m_heads;
    shape.kvHeads = m_kvHeads;
    shape.headDim = m_headDim;
    shape.capacity = cache.capacity();
    auto *keys = reinterpret_cast<std::uint16_t *>(cache.keys(layer).data_ptr<at::Half>());
    auto *values = reinterpret_cast<std::uint16_t *>(cache.values(layer).data_ptr<at::Half>());
    const std::int64_t qWidth = m_heads * m_headDim, kvWidth = m_kvHeads * m_headDim;
    for (std::int64_t t = 0; t < tokens; ++t) {
        const std::int64_t at = position + t;
        decodeAttention(shape, q.data_ptr<float>() + t * qWidth, k.data_ptr<float>() + t * kvWidth,
                        v.data_ptr<float>() + t * kvWidth, table.cos.data_ptr<float>() + at * pairs,
                        table.sin.data_ptr<float>() + at * pairs, at, keys, values, out + t * qWidth);
    }
}

} // namespace deskseek::engine::inference::blocks
