#pragma once

// Internal to the engine: includes ATen.

#include "engine/inference/kvcache.h"
#include "engine/inference/linearweight.h"
#include "engine/model/modelfiles.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace deskseek::engine::inference {

// Where the layers run: the first `gpuLayers` on the GPU, the rest (and the embedding lookup) on
// the CPU; the output head follows the last layer.
struct Placement
{
    at::Device gpu = at::Device(at::kCPU);
    std::int64_t gpuLayers = 0;
};

// The decoder of the llama family as DeskSeek runs it: qwen2 (q/k/v biases), qwen3 (per-head
// q/k RMSNorm, explicit head_dim) and llama. Pre-norm blocks of grouped-query attention with
// rotary positions and a SwiGLU MLP, then RMSNorm and the output head (tied to the embeddings or
// not). Weights stay in their file format (see LinearWeight).
class Transformer
{
public:
    // `files` must outlive the transformer (the weights are views of its mapped files).
    // progress(fraction) returning false cancels loading (EngineException Cancelled).
    Transformer(const model::ModelFiles &files, const Placement &placement,
                const std::function<bool(double)> &progress);

    // A cache for `capacity` positions on the layers' devices; rotary tables are sized to it.
    KvCache createCache(std::int64_t capacity);

    // Runs `count` tokens at positions cache.length() onwards, appending their keys and values.
    // Returns float logits on the CPU: [vocab] for the last token, or [count, vocab] for all.
    at::Tensor forward(const std::int32_t *tokens, std::int64_t count, KvCache &cache, bool allPositions = false);
    // One decoding step of several sequences together: token i goes to caches[i] (at its own
    // position; the caches are distinct). Every weight is read once for all of them, and each
    // sequence's numbers are those of forward() with its token alone. Returns [n, vocab].
    at::Tensor decode(const std::int32_t *tokens, const std::vector<KvCache *> &caches);

    const model::ModelConfig &config() const { return m_config; }

    // Time spent per part of the forward pass, by phase ("decode: mlp", "prefill: attention",
    // ...), in seconds, while profiling is on (CPU timings; it adds a clock read per part).
    void setProfiling(bool on) { m_profiling = on; }
    const std::vector<std::pair<std::string, double>> &profile() const { return m_profile; }
    std::uint64_t weightBytes() const { return m_weightBytes; }
    std::uint64_t bytesReadPerToken() const { return m_bytesPerToken; }

private:
    struct Layer
    {
        at::Device device = at::Device(at::kCPU);
        at::Tensor attentionNorm, mlpNorm, qNorm, kNorm, qBias, kBias, vBias;
        LinearWeight q, k, v, o, gate, up, down;
    };
    struct RopeTable
    {
        at::Tensor cos, sin; // [positions, head_dim / 2]
    };

    at::Tensor embed(const std::int32_t *tokens, std::int64_t count) const;
    // The embedding, the layers and the output head: one cache for all `count` tokens (a
    // prompt's chunk), or one cache per token (a decoding step).
    at::Tensor run(const std::int32_t *tokens, std::int64_t count, const std::vector<KvCache *> &caches, bool allPositions);
    at::Tensor attention(const Layer &layer, std::size_t index, const at::Tensor &x, const std::vector<KvCache *> &caches) const;
    // Attention of `tokens` queries on one cache (before the output projection): [tokens, heads * head_dim].
    at::Tensor attend(const Layer &layer, std::size_t index, at::Tensor q, at::Tensor k, at::Tensor v, KvCache &cache) const;
    // One token on the CPU, written to out (heads * head_dim floats).
    void attendOne(const Layer &layer, std::size_t index, at::Tensor q, at::Tensor k, at::Tensor v, KvCache &cache,
                   float *out) const;
    at::Tensor mlp(const Layer &layer, const at::Tensor &x) const;
    at::Tensor rmsNorm(const at::Tensor &x, const at::Tensor &weight) const;
    at::Tensor rotate(const at::Tensor &x, const RopeTable &table, std::int64_t position) const;
    const RopeTable &ropeTable(const at::Device &device) const;
    at::Tensor vector(const std::string &name, const at::Device &device) const;

    const model::ModelFiles &m_files;
    model::ModelConfig m_config;
    const model::TensorData *m_embedding = nullptr;
    std::vector<Layer> m_layers;
    at::Tensor m_outputNorm;
    LinearWeight m_head;
    at::Device m_outputDevice = at::Device(at::kCPU);
    std::vector<std::pair<at::Device, RopeTable>> m_ropeTables;
    std::uint64_t m_weightBytes = 0;
    std::uint64_t m_bytesPerToken = 0;
    mutable at::Tensor m_attentionOutput; // one token's attention, reused
    bool m_profiling = false;
    std::vector<std::pair<std::string, double>> m_profile;
    void addTime(const char *phase, const char *part, double seconds);
};

} // namespace deskseek::engine::inference
