#include "engine/inference/architectures/llamafamily.h"

#include "engine/inference/blocks/gatedmlp.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

namespace deskseek::engine::inference {

LlamaFamily::LlamaFamily(const model::ModelFiles &files, const Placement &placement,
                         const std::function<bool(double)> &progress)
    : Decoder(files), m_attention(m_config.headCount, m_config.kvHeadCount, m_config.headDim)
{
    loadLayers(placement, progress, [this](std::size_t i, const at::Device &device) {
        Layer layer;
        layer.device = device;
        layer.attentionNorm = vector(layerTensor(i, "input_layernorm.weight"), device);
        layer.mlpNorm = vector(layerTensor(i, "post_attention_layernorm.weight"), device);
        layer.q = linear(layerTensor(i, "self_attn.q_proj.weight"), device);
        layer.k = linear(layerTensor(i, "self_attn.k_proj.weight"), device);
        layer.v = linear(layerTensor(i, "self_attn.v_proj.weight"), device);
        layer.o = linear(layerTensor(i, "self_attn.o_proj.weight"), device);
        layer.gate = linear(layerTensor(i, "mlp.gate_proj.weight"), device);
        layer.up = linear(layerTensor(i, "mlp.up_proj.weight"), device);
        layer.down = linear(layerTensor(i, "mlp.down_proj.weight"), device);
        m_layers.push_back(std::move(layer));
    });
    loadOutputHead();
    report(progress, 1.0);
}

KvCache LlamaFamily::createCache(std::int64_t capacity)
{
    c10::InferenceMode inferenceMode;
    const std::vector<at::Device> devices = prepareRotaryTables(capacity);
    return KvCache(devices, m_config.kvHeadCount, m_config.headDim, m_config.headDim, capacity);
}

void LlamaFamily::Biases::addTo(std::vector<at::Tensor> &qkv) const
{
    qkv[0].add_(q);
    qkv[1].add_(k);
    qkv[2].add_(v);
}

std::vector<LlamaFamily::Biases> LlamaFamily::loadBiases() const
{
    const std::vector<at::Tensor> q = loadVectors("self_attn.q_proj.bias");
    const std::vector<at::Tensor> k = loadVectors("self_attn.k_proj.bias");
    const std::vector<at::Tensor> v = loadVectors("self_attn.v_proj.bias");
    std::vector<Biases> biases;
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        biases.push_back({q[i], k[i], v[i]});
    return biases;
}

std::vector<at::Tensor> LlamaFamily::loadVectors(const char *name) const
{
    c10::InferenceMode inferenceMode;
    std::vector<at::Tensor> vectors;
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        vectors.push_back(vector(layerTensor(i, name), m_layers[i].device));
    return vectors;
}

std::vector<at::Tensor> LlamaFamily::project(const Layer &layer, const at::Tensor &x) const
{
    return LinearWeight::forwardShared({&layer.q, &layer.k, &layer.v}, x);
}

at::Tensor LlamaFamily::normHeads(const at::Tensor &x, std::int64_t heads, const at::Tensor &weight) const
{
    const std::int64_t tokens = x.size(0);
    return norm(x.contiguous().view({tokens, heads, m_config.headDim}), weight).view({tokens, heads * m_config.headDim});
}

at::Tensor LlamaFamily::attentionBlock(std::size_t index, const at::Tensor &input, const std::vector<at::Tensor> &qkv,
                                       const std::vector<KvCache *> &caches, Laps &laps) const
{
    const Layer &layer = m_layers[index];
    const at::Tensor heads = m_attention(qkv[0], qkv[1], qkv[2], index, caches, ropeTable(layer.device));
    at::Tensor x = input + layer.o.forward(heads);
    laps.lap("attention block");
    return x;
}

at::Tensor LlamaFamily::mlpBlock(std::size_t index, const at::Tensor &x, Laps &laps) const
{
    const Layer &layer = m_layers[index];
    at::Tensor y = x + blocks::gatedMlp(layer.gate, layer.up, layer.down, norm(x, layer.mlpNorm));
    laps.lap("mlp block");
    return y;
}

} // namespace deskseek::engine::inference
