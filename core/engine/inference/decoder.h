#pragma once

// Internal to the engine: includes ATen.

#include "engine/inference/blocks/rotary.h"
#include "engine/inference/kvcache.h"
#include "engine/inference/linearweight.h"
#include "engine/model/modelfiles.h"

#include <ATen/core/Tensor.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace deskseek::engine::inference {

// Where the layers run: the first `gpuLayers` on the GPU, the rest (and the embedding lookup) on
// the CPU; the output head follows the last layer. A mixture of experts may keep its routed
// experts on the CPU whatever the layer's device.
struct Placement
{
    at::Device gpu = at::Device(at::kCPU);
    std::int64_t gpuLayers = 0;
    bool routedExpertsOnCpu = false; // a mixture of experts: the routed experts stay in RAM
};

// A decoder-only language model as the engine runs it: what every architecture shares (the
// embedding lookup, checks on the caches, the profile of where time goes, the weights' bytes);
// each architecture's file (architectures/qwen2, qwen3, llama, deepseek2) builds its
// layers from the blocks in blocks/ and says how its cache is laid out.
class Decoder
{
public:
    virtual ~Decoder() = default;
    Decoder(const Decoder &) = delete;
    Decoder &operator=(const Decoder &) = delete;

    // A cache for `capacity` positions on the layers' devices (rotary tables are sized to it).
    virtual KvCache createCache(std::int64_t capacity) = 0;

    // Runs `count` tokens at positions cache.length() onwards, appending to the cache.
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

protected:
    // `files` must outlive the decoder (the weights are views of its mapped files).
    explicit Decoder(const model::ModelFiles &files);

    class Laps;
    // What each architecture computes: layer `index`'s residual updates of x (on the layer's
    // device; `caches` as in run()), booking its parts' times in `laps`.
    virtual at::Tensor layer(std::size_t index, const at::Tensor &x, const std::vector<KvCache *> &caches, Laps &laps) = 0;
    virtual at::Device layerDevice(std::size_t index) const = 0;
    // Each layer in turn, load(index, device), with progress between them (report()).
    void loadLayers(const Placement &placement, const std::function<bool(double)> &progress,
                    const std::function<void(std::size_t, const at::Device &)> &load);
    // The output norm and head (tied to the embeddings or not) on the last layer's device; then
    // what a token reads: every weight but `unreadPerToken` bytes of them (experts it does not
    // choose), and one row of the embedding table (all of it when it is also the output head).
    void loadOutputHead(std::uint64_t unreadPerToken = 0);

    // Looks the tokens up in the embedding table: [count, hidden] float on the CPU.
    at::Tensor embed(const std::int32_t *tokens, std::int64_t count) const;
    const model::TensorData &require(const std::string &name) const;
    // A small tensor's values (a norm's weight, a bias), read once: its mapped pages are let go.
    std::vector<float> floats(const std::string &name) const;
    // The same as a 1-D float tensor on `device`.
    at::Tensor vector(const std::string &name, const at::Device &device) const;
    // A weight loaded on `device`, its bytes counted in weightBytes().
    LinearWeight linear(const model::TensorData &tensor, const at::Device &device);
    LinearWeight linear(const std::string &name, const at::Device &device) { return linear(require(name), device); }
    // "model.layers.<index>.<name>"
    static std::string layerTensor(std::size_t index, const char *name);
    // Where layer `index` runs.
    static at::Device deviceOf(const Placement &placement, std::size_t index);
    // Throws Cancelled when progress(fraction) says to stop.
    static void report(const std::function<bool(double)> &progress, double fraction);
    // The rotary tables for `capacity` positions, on each device a layer runs on (once each).
    // Returns the layers' devices, in order: where a cache puts each layer's rows.
    std::vector<at::Device> prepareRotaryTables(std::int64_t capacity);
    const blocks::RotaryTable &ropeTable(const at::Device &device) const;
    at::Tensor norm(const at::Tensor &x, const at::Tensor &weight) const; // RMSNorm with the model's epsilon

    // Profile laps within one run(): lap("mlp block") books the time since the last lap.
    class Laps
    {
    public:
        Laps(Decoder &decoder, const char *phase);
        void lap(const char *part);

    private:
        Decoder &m_decoder;
        const char *m_phase;
        std::chrono::steady_clock::time_point m_mark;
    };
    static const char *phaseOf(std::int64_t count, std::size_t caches);

    at::Tensor m_outputNorm;
    LinearWeight m_head;
    at::Device m_outputDevice = at::Device(at::kCPU);

    const model::ModelFiles &m_files;
    model::ModelConfig m_config;
    const model::TensorData *m_embedding = nullptr;
    std::uint64_t m_weightBytes = 0;
    std::uint64_t m_bytesPerToken = 0;

private:
    // The embedding, the layers and the output head: one cache for all `count` tokens (a
    // prompt's chunk), or one cache per token (a decoding step). Lengths are advanced by the caller.
    at::Tensor run(const std::int32_t *tokens, std::int64_t count, const std::vector<KvCache *> &caches, bool allPositions);
    void addTime(const char *phase, const char *part, double seconds);

    std::vector<std::pair<at::Device, blocks::RotaryTable>> m_ropeTables;
    bool m_profiling = false;
    std::vector<std::pair<std::string, double>> m_profile;
};

// The decoder for the files' architecture.
std::unique_ptr<Decoder> createDecoder(const model::ModelFiles &files, const Placement &placement,
                                       const std::function<bool(double)> &progress);

} // namespace deskseek::engine::inference
