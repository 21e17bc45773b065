#pragma once

#include "engine/inference/generation.h"
#include "engine/model/modelfiles.h"
#include "engine/result.h"
#include "engine/tokenizer/chattemplate.h"
#include "engine/tokenizer/tokenizer.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace deskseek::engine::inference {

enum class Device { Cpu, Cuda };

struct LoadOptions
{
    Device device = Device::Cpu;
    int threads = 0;                   // CPU threads (process-wide); 0: one per core
    std::int64_t gpuLayers = -1;       // Cuda: layers on the GPU, the rest on the CPU; -1: as many as fit
    std::uint64_t freeGpuBytes = 0;    // free GPU memory (from NVML); 0: unknown, then -1 means all
    // Cuda, DeepSeek2: the routed experts in RAM, computed by the CPU (1), or on the GPU (0); -1:
    // in RAM when the GPU cannot hold them and the rest (attention, shared experts, latent cache) fits.
    int routedExpertsOnCpu = -1;
    std::int64_t contextLength = 4096; // positions in each KV-cache slot (capped by the model's maximum)
    int sequences = 1;                 // KV-cache slots: sequences that can be generated at the same time
    std::int64_t prefillChunk = 512;   // prompt tokens evaluated per step
    std::function<bool(double fraction)> progress; // loading progress; return false to cancel
    bool profile = false;              // time the parts of the forward pass (see profile())
};

// A loaded model ready to generate: weights (kept in their file format), tokenizer, chat format
// and a KV cache. Plain C++ for every caller (the GUI, the CLI, the API server); libtorch stays
// inside. One generation at a time through generate(); cancel through GenerationOptions::cancel
// from any thread. Several sequences at once (the serving layer's scheduler) go through the
// slot functions: each slot has a KV cache of its own, and decodeStep() advances several slots
// with one read of the weights. Not thread-safe: one thread uses a model at a time.
class InferenceModel
{
public:
    ~InferenceModel();
    InferenceModel(const InferenceModel &) = delete;
    InferenceModel &operator=(const InferenceModel &) = delete;

    // A Hugging Face folder or a .gguf file.
    static Result<std::unique_ptr<InferenceModel>> load(const std::filesystem::path &path, const LoadOptions &options);

    // The model's files; their vocabulary is the tokenizer's (tokenizer()->vocabulary()).
    const model::ModelFiles &files() const;
    const model::ModelConfig &config() const;
    std::shared_ptr<const tokenizer::Tokenizer> tokenizer() const;
    // The chat format of the model's template (ChatML when it has none).
    const tokenizer::ChatTemplate &chatTemplate() const;
    std::vector<std::int32_t> endOfSequenceTokens() const;
    std::int64_t contextLength() const;
    std::uint64_t weightBytes() const;
    // Weight bytes one decoded token reads (every weight once, one embedding row): with the
    // memory's read bandwidth, the upper bound of decode speed.
    std::uint64_t bytesReadPerToken() const;
    std::uint64_t cacheBytes() const;
    std::string deviceDescription() const; // "CPU, 2 threads", "CUDA (28 of 28 layers)"

    // The last position's logits after `tokens`, evaluated from an empty cache.
    Result<std::vector<float>> logits(const std::vector<std::int32_t> &tokens);

    // Evaluates `tokens` after the ones slot 0 holds (resetCache() first to start a text) and
    // returns the logits after each of them: tokens.size() × vocabSize values. For comparing two
    // models over a text a chunk at a time.
    Result<std::vector<float>> extendWithLogits(const std::vector<std::int32_t> &tokens);

    // Generates after `prompt` (token ids, e.g. an encoded chat template). A prompt that starts
    // like the previous call's tokens reuses their cache entries. onEvent is called on this
    // thread for every generated token.
    Result<GenerationStats> generate(const std::vector<std::int32_t> &prompt, const GenerationOptions &options,
                                     const std::function<void(const GenerationEvent &)> &onEvent = {});

    // With LoadOptions::profile: seconds spent per phase and part ("decode: mlp block", ...).
    std::vector<std::pair<std::string, double>> profile() const;

    // Forgets the cached tokens (the next call evaluates its whole prompt).
    void resetCache();

    // Sequences. Slot 0 is also the one generate() and logits() use.
    struct SlotToken
    {
        int slot = 0;
        std::int32_t token = 0;
    };
    int slotCount() const;
    // The tokens whose keys and values a slot holds.
    const std::vector<std::int32_t> &slotTokens(int slot) const;
    // Keeps the first `length` cached tokens of a slot (the prefix a new prompt shares with them).
    void truncateSlot(int slot, std::int64_t length);
    // Empties a slot and gives its cache's memory back (CPU), for another slot's tokens.
    void releaseSlot(int slot);
    // Evaluates tokens after the slot's cached ones (a chunk of a prompt), without logits.
    Status extendSlot(int slot, const std::vector<std::int32_t> &tokens);
    // One decoding step of several slots (each at most once): every token is appended to its
    // slot, and the logits after it come back in the same order. A slot's logits are the same
    // as if its token had been evaluated alone.
    Result<std::vector<std::vector<float>>> decodeStep(const std::vector<SlotToken> &steps);

private:
    struct Impl;
    explicit InferenceModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

// Layers that fit in `freeBytes` of GPU memory, keeping a reserve for activations and the
// output: what "GPU layers" defaults to. All layers when everything fits.
std::int64_t defaultGpuLayers(const model::ModelConfig &config, std::uint64_t weightBytes,
                              std::uint64_t freeBytes, std::int64_t contextLength);
// Whether a mixture of experts should keep its routed experts (`expertBytes` of `weightBytes`)
// in RAM: when everything does not fit in `freeBytes` of GPU memory but everything else does
// (as ktransformers runs DeepSeek-V3 on one GPU).
bool defaultRoutedExpertsOnCpu(const model::ModelConfig &config, std::uint64_t weightBytes, std::uint64_t expertBytes,
                               std::uint64_t freeBytes, std::int64_t contextLength);

} // namespace deskseek::engine::inference
