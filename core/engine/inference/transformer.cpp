#include "engine/inference/transformer.h"

#include "engine/error.h"
#include "engine/inference/blocks/cachedattention.h"
#include "engine/inference/blocks/gatedmlp.h"
#include "engine/inference/decodeattention.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <cmath>

namespace deskseek::engine::inference {

Transformer::Transformer(const model::ModelFiles &files, const Placement &placement,
                         const std::function<bool(double)> &progress)
    : Decoder(files)
{
    c10::InferenceMode inferenceMode;
    m_weightBytes += m_embedding->bytes;
    const auto layerCount = static_cast<std::size_t>(m_config.layerCount);
    for (std::size_t i = 0; i < layerCount; ++i) {
        report(progress, static_cast<double>(i) / static_cast<double>(layerCount + 1));
        Layer layer;
        layer.device = deviceOf(placement, i);
        layer.attentionNorm = vector(layerTensor(i, "input_layernorm.weight"), layer.device);
        layer.mlpNorm = vector(layerTensor(i, "post_attention_layernorm.weight"), layer.device);
        layer.q = linear(layerTensor(i, "self_attn.q_proj.weight"), layer.device);
        layer.k = linear(layerTensor(i, "self_attn.k_proj.weight"), layer.device);
        layer.v = linear(layerTensor(i, "self_attn.v_proj.weight"), layer.device);
        layer.o = linear(layerTensor(i, "self_attn.o_proj.weight"), layer.device);
        if (m_config.attentionBias) {
            layer.qBias = vector(layerTensor(i, "self_attn.q_proj.bias"), layer.device);
            layer.kBias = vector(layerTensor(i, "self_attn.k_proj.bias"), layer.device);
            layer.vBias = vector(layerTensor(i, "self_attn.v_proj.bias"), layer.device);
        }
        if (m_config.qkNorm) {
            layer.qNorm = vector(layerTensor(i, "self_attn.q_norm.weight"), layer.device);
            layer.kNorm = vector(layerTensor(i, "self_attn.k_norm.weight"), layer.device);
        }
        layer.gate = linear(layerTensor(i, "mlp.gate_proj.weight"), layer.device);
        layer.up = linear(layerTensor(i, "mlp.up_proj.weight"), layer.device);
        layer.down = linear(layerTensor(i, "mlp.down_proj.weight"), layer.device);
        m_layers.push_back(std::move(layer));
    }
    const bool tied = loadOutputHead();
    // A token reads every weight once, and one row of the embedding table (all of it when it is
    // also the output head).
    const auto vocabulary = static_cast<std::uint64_t>(std::max<std::int64_t>(1, m_config.vocabSize));
    const std::uint64_t embeddingRow = m_embedding->bytes / vocabulary;
    m_bytesPerToken = m_weightBytes - (tied ? 0 : m_embedding->bytes) + embeddingRow;
    report(progress, 1.0);
}

KvCache Transformer::createCache(std::int64_t capacity)
{
    c10::InferenceMode inferenceMode;
    std::vector<at::Device> devices;
    for (const Layer &layer : m_layers)
        devices.push_back(layer.device);
    prepareRotaryTables(devices, capacity);
    return KvCache(devices, m_config.kvHeadCount, m_config.headDim, m_config.headDim, capacity);
}

at::Tensor Transformer::attention(const Layer &layer, std::size_t index, const at::Tensor &x,
                                  const std::vector<KvCache *> &caches) const
{
    std::vector<at::Tensor> qkv = LinearWeight::forwardShared({&layer.q, &layer.k, &layer.v}, x);
    if (caches.size() == 1)
        return layer.o.forward(attend(layer, index, qkv[0], qkv[1], qkv[2], *caches.front()));
    // A decoding step: row i is one token of the sequence in caches[i].
    const auto tokens = static_cast<std::int64_t>(caches.size());
    const std::int64_t width = m_config.headCount * m_config.headDim;
    const at::Tensor output = at::empty({tokens, width}, x.options());
    for (std::int64_t i = 0; i < tokens; ++i) {
        const at::Tensor q = qkv[0].narrow(0, i, 1), k = qkv[1].narrow(0, i, 1), v = qkv[2].narrow(0, i, 1);
        KvCache &cache = *caches[static_cast<std::size_t>(i)];
        if (layer.device.is_cpu())
            attendCpu(layer, index, q, k, v, cache, output.data_ptr<float>() + i * width);
        else
            output.narrow(0, i, 1).copy_(attend(layer, index, q, k, v, cache));
    }
    return layer.o.forward(output);
}

at::Tensor Transformer::attend(const Layer &layer, std::size_t index, at::Tensor q, at::Tensor k, at::Tensor v,
                               KvCache &cache) const
{
    const std::int64_t tokens = q.size(0);
    const std::int64_t heads = m_config.headCount;
    const std::int64_t kvHeads = m_config.kvHeadCount;
    const std::int64_t headDim = m_config.headDim;
    const std::int64_t position = cache.length();

    if (layer.device.is_cpu()) {
        if (tokens > 1) {
            at::Tensor out = at::empty({tokens, heads * headDim}, at::kFloat);
            attendCpu(layer, index, q, k, v, cache, out.data_ptr<float>());
            return out;
        }
        // One token: one buffer for every layer's output (the o projection reads it before the
        // next layer writes it again), no allocation per token.
        if (!m_attentionOutput.defined())
            m_attentionOutput = at::empty({1, heads * headDim}, at::kFloat);
        attendCpu(layer, index, q, k, v, cache, m_attentionOutput.data_ptr<float>());
        return m_attentionOutput;
    }
    if (layer.qBias.defined()) {
        q = q + layer.qBias;
        k = k + layer.kBias;
        v = v + layer.vBias;
    }
    q = q.reshape({tokens, heads, headDim});
    k = k.reshape({tokens, kvHeads, headDim});
    v = v.reshape({tokens, kvHeads, headDim});
    if (layer.qNorm.defined()) {
        q = norm(q, layer.qNorm);
        k = norm(k, layer.kNorm);
    }
    const blocks::RotaryTable &table = ropeTable(layer.device);
    q = blocks::rotate(q, table, position, blocks::RotaryStyle::Halves);
    k = blocks::rotate(k, table, position, blocks::RotaryStyle::Halves);

    const at::Tensor &keys = cache.keys(index);
    const at::Tensor &values = cache.values(index);
    keys.narrow(1, position, tokens).copy_(k.permute({1, 0, 2}));
    values.narrow(1, position, tokens).copy_(v.permute({1, 0, 2}));
    return blocks::attendCached(q, keys, values, position, 1.0 / std::sqrt(static_cast<double>(headDim)));
}

void Transformer::attendCpu(const Layer &layer, std::size_t index, at::Tensor q, at::Tensor k, at::Tensor v,
                            KvCache &cache, float *out) const
{
    // decodeAttention's loops instead of some thirty tensor operations. A prompt's tokens go in
    // turn, each over the positions up to its own (causal by construction): no scores tensor of
    // tokens × context values per head, so a prompt step's memory does not grow with the context.
    const std::int64_t tokens = q.size(0);
    const std::int64_t heads = m_config.headCount;
    const std::int64_t kvHeads = m_config.kvHeadCount;
    const std::int64_t headDim = m_config.headDim;
    q = q.contiguous();
    k = k.contiguous();
    v = v.contiguous();
    if (layer.qBias.defined()) {
        q.add_(layer.qBias);
        k.add_(layer.kBias);
        v.add_(layer.vBias);
    }
    if (layer.qNorm.defined()) {
        q = norm(q.view({tokens, heads, headDim}), layer.qNorm).contiguous();
        k = norm(k.view({tokens, kvHeads, headDim}), layer.kNorm).contiguous();
    }
    const std::int64_t position = cache.length();
    const blocks::RotaryTable &table = ropeTable(layer.device);
    const std::int64_t pairs = table.cos.size(1);
    DecodeAttentionShape shape;
    shape.heads = heads;
    shape.kvHeads = kvHeads;
    shape.headDim = headDim;
    shape.capacity = cache.capacity();
    auto *keys = reinterpret_cast<std::uint16_t *>(cache.keys(index).data_ptr<at::Half>());
    auto *values = reinterpret_cast<std::uint16_t *>(cache.values(index).data_ptr<at::Half>());
    for (std::int64_t t = 0; t < tokens; ++t) {
        const std::int64_t at = position + t;
        decodeAttention(shape, q.data_ptr<float>() + t * heads * headDim, k.data_ptr<float>() + t * kvHeads * headDim,
                        v.data_ptr<float>() + t * kvHeads * headDim, table.cos.data_ptr<float>() + at * pairs,
                        table.sin.data_ptr<float>() + at * pairs, at, keys, values, out + t * heads * headDim);
    }
}

at::Tensor Transformer::mlp(const Layer &layer, const at::Tensor &x) const
{
    return blocks::gatedMlp(layer.gate, layer.up, layer.down, x);
}

at::Tensor Transformer::layer(std::size_t index, const at::Tensor &input, const std::vector<KvCache *> &caches, Laps &laps)
{
    const Layer &layer = m_layers[index];
    at::Tensor x = input + attention(layer, index, norm(input, layer.attentionNorm), caches);
    laps.lap("attention block");
    x = x + mlp(layer, norm(x, layer.mlpNorm));
    laps.lap("mlp block");
    return x;
}

} // namespace deskseek::engine::inference
