#pragma once

// Internal to the engine: includes ATen.

#include "engine/inference/blocks/rotary.h"
#include "engine/inference/decoder.h"
#include "engine/inference/linearweight.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <vector>

namespace deskseek::engine::inference {

// The decoder of the llama family as DeskSeek runs it: qwen2 (q/k/v biases), qwen3 (per-head
// q/k RMSNorm, explicit head_dim) and llama. Pre-norm blocks of grouped-query attention with
// rotary positions and a SwiGLU MLP, then RMSNorm and the output head (tied to the embeddings or
// not). Weights stay in their file format (see LinearWeight).
class Transformer : public Decoder
{
public:
    // `files` must outlive the transformer (the weights are views of its mapped files).
    // progress(fraction) returning false cancels loading (EngineException Cancelled).
    Transformer(const model::ModelFiles &files, const Placement &placement,
                const std::function<bool(double)> &progress);

    KvCache createCache(std::int64_t capacity) override;

protected:
    at::Tensor layer(std::size_t index, const at::Tensor &x, const std::vector<KvCache *> &caches, Laps &laps) override;
    at::Device layerDevice(std::size_t index) const override { return m_layers[index].device; }

private:
    struct Layer
    {
        at::Device device = at::Device(at::kCPU);
        at::Tensor attentionNorm, mlpNorm, qNorm, kNorm, qBias, kBias, vBias;
        LinearWeight q, k, v, o, gate, up, down;
    };

    at::Tensor attention(const Layer &layer, std::size_t index, const at::Tensor &x, const std::vector<KvCache *> &caches) const;
    // Attention of `tokens` queries on one cache (before the output projection): [tokens, heads * head_dim].
    at::Tensor attend(const Layer &layer, std::size_t index, at::Tensor q, at::Tensor k, at::Tensor v, KvCache &cache) const;
    // On the CPU: the tokens one after another, each written to out (tokens × heads × head_dim floats).
    void attendCpu(const Layer &layer, std::size_t index, at::Tensor q, at::Tensor k, at::Tensor v, KvCache &cache,
                   float *out) const;
    at::Tensor mlp(const Layer &layer, const at::Tensor &x) const;

    std::vector<Layer> m_layers;
    mutable at::Tensor m_attentionOutput; // one token's attention, reused
};

} // namespace deskseek::engine::inference
