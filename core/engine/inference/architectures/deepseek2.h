#pragma once

// Internal to the engine: includes ATen.

#include "engine/inference/blocks/moe.h"
#include "engine/inference/blocks/rotary.h"
#include "engine/inference/decoder.h"
#include "engine/inference/linearweight.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

namespace deskseek::engine::inference {

// DeepSeek-V2/V3 (llama.cpp's deepseek2): multi-head latent attention and routed experts.
//
// Attention: q = W_q x, or W_qb norm(W_qa x) with a q LoRA rank; W_kva x gives the latent c
// (kv_lora values, normed) and one rotary key k_r shared by all heads; rope (pairs, on the rope
// dimensions only) on q's rope part and k_r. Head h's key is (W_kb,h c, k_r) and its value
// W_vb,h c, so q_h · k_h = (W_kb,h^T q_nope,h) · c + q_rope,h · k_r: the cache holds only
// (c, k_r) per token (kv_lora + rope values a layer), each query is absorbed into the latent
// space first, the softmax's weighted sum of latents is expanded by W_vb,h afterwards. This is
// the form llama.cpp's MLA files run, for prompts and single tokens alike.
//
// Feed-forward: the first leading_dense layers a SwiGLU MLP; the others the routed experts
// (blocks::routeTokens, blocks::mixExperts) plus the shared experts.
class DeepSeek2 : public Decoder
{
public:
    DeepSeek2(const model::ModelFiles &files, const Placement &placement, const std::function<bool(double)> &progress);

    KvCache createCache(std::int64_t capacity) override;

protected:
    at::Tensor layer(std::size_t index, const at::Tensor &x, const std::vector<KvCache *> &caches, Laps &laps) override;
    at::Device layerDevice(std::size_t index) const override { return m_layers[index].device; }

private:
    struct Layer
    {
        at::Device device = at::Device(at::kCPU);
        at::Tensor attentionNorm, mlpNorm, qANorm, kvANorm;
        LinearWeight q, qA, qB, kvA, o;
        std::vector<LinearWeight> keyAbsorb;    // per head: W_kb,h^T [kv_lora, nope]
        std::vector<LinearWeight> valueExpand;  // per head: W_vb,h [v, kv_lora]
        LinearWeight gate, up, down; // the dense MLP
        bool experts = false;
        LinearWeight router;
        std::vector<float> selectionBias;
        std::vector<blocks::Expert> routed;
        blocks::Expert shared; // the shared experts: one MLP of their widths together
    };

    void loadAttention(Layer &layer, std::size_t index);
    at::Tensor attention(const Layer &layer, std::size_t index, const at::Tensor &x, const std::vector<KvCache *> &caches) const;
    // A decoding step of one sequence on the CPU, from q [1, heads, head dims] and the compressed
    // latent [1, kv_lora + rope]: the output projection's result.
    at::Tensor attentionOneToken(const Layer &layer, std::size_t index, const at::Tensor &q, const at::Tensor &compressed,
                                 KvCache &cache) const;
    // One token on the CPU: rope, the cache row and the heads' attention in loops; q [heads, head
    // dims], latent [kv_lora] (normed), ropeKey [rope]; queries [heads, kv_lora + rope] holds the
    // absorbed queries and gets the rotary parts; out [heads, kv_lora].
    void attendOne(const float *q, const float *latent, const float *ropeKey, std::int64_t position,
                   const blocks::RotaryTable &table, const at::Tensor &keys, float *queries, float *out) const;
    at::Tensor feedForward(const Layer &layer, const at::Tensor &x) const;

    std::vector<Layer> m_layers;
    // Each layer's per-head weights as lists for LinearWeight::forwardEach.
    std::vector<std::vector<const LinearWeight *>> m_keyAbsorb, m_valueExpand;
    double m_softmaxScale = 1.0;
    std::uint64_t m_expertBytes = 0;
    // Weights derived while loading (each head's absorbed key expansion from kv_b_proj), kept for
    // the views the LinearWeights hold.
    std::vector<std::unique_ptr<std::vector<float>>> m_derived;
};

} // namespace deskseek::engine::inference
