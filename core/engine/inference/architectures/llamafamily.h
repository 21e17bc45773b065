#pragma once

// Internal to the engine: includes ATen.

#include "engine/inference/blocks/groupedattention.h"
#include "engine/inference/decoder.h"
#include "engine/inference/linearweight.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace deskseek::engine::inference {

// What qwen2, qwen3 and llama share; each has its own file, which gives its layer's forward.
// Pre-norm blocks of grouped-query attention with rotary positions and a SwiGLU MLP, then
// RMSNorm and the output head (tied to the embeddings or not). Weights stay in their file
// format (see LinearWeight).
class LlamaFamily : public Decoder
{
public:
    KvCache createCache(std::int64_t capacity) override;

protected:
    // `files` must outlive the decoder (the weights are views of its mapped files).
    // progress(fraction) returning false cancels loading (EngineException Cancelled).
    LlamaFamily(const model::ModelFiles &files, const Placement &placement, const std::function<bool(double)> &progress);

    struct Layer
    {
        at::Device device = at::Device(at::kCPU);
        at::Tensor attentionNorm, mlpNorm;
        LinearWeight q, k, v, o, gate, up, down;
    };
    // A layer's q, k and v biases.
    struct Biases
    {
        at::Tensor q, k, v;
        void addTo(std::vector<at::Tensor> &qkv) const;
    };

    at::Device layerDevice(std::size_t index) const override { return m_layers[index].device; }

    // Every layer's q/k/v biases (self_attn.{q,k,v}_proj.bias).
    std::vector<Biases> loadBiases() const;
    // The same where config.json's attention_bias says the model has them; none otherwise.
    std::vector<Biases> loadOptionalBiases() const
    {
        return m_config.attentionBias ? loadBiases() : std::vector<Biases>{};
    }
    // Every layer's weights of `name` ("self_attn.q_norm.weight"), as vectors on its device.
    std::vector<at::Tensor> loadVectors(const char *name) const;
    // The q, k and v projections of the normed input: [tokens, heads × head dim], [tokens, kv
    // heads × head dim] twice.
    std::vector<at::Tensor> project(const Layer &layer, const at::Tensor &x) const;
    // x [tokens, heads × head dim] normed head by head: qwen3's q/k norms.
    at::Tensor normHeads(const at::Tensor &x, std::int64_t heads, const at::Tensor &weight) const;
    // input + o(attention(q, k, v)), its time booked as the attention block's.
    at::Tensor attentionBlock(std::size_t index, const at::Tensor &input, const std::vector<at::Tensor> &qkv,
                              const std::vector<KvCache *> &caches, Laps &laps) const;
    // x + mlp(norm(x)), its time booked as the MLP block's.
    at::Tensor mlpBlock(std::size_t index, const at::Tensor &x, Laps &laps) const;

    std::vector<Layer> m_layers;

private:
    blocks::GroupedQueryAttention m_attention;
};

// The decoders of each, in their files (qwen2.cpp, qwen3.cpp, llama.cpp).
std::unique_ptr<Decoder> createQwen2(const model::ModelFiles &files, const Placement &placement,
                                     const std::function<bool(double)> &progress);
std::unique_ptr<Decoder> createQwen3(const model::ModelFiles &files, const Placement &placement,
                                     const std::function<bool(double)> &progress);
std::unique_ptr<Decoder> createLlama(const model::ModelFiles &files, const Placement &placement,
                                     const std::function<bool(double)> &progress);

} // namespace deskseek::engine::inference
