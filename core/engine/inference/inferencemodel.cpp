#include "engine/inference/inferencemodel.h"

#include "engine/error.h"
#include "engine/inference/kvcache.h"
#include "engine/inference/kvcachesize.h"
#include "engine/inference/quantkernels.h"
#include "engine/inference/tokenstream.h"
#include "engine/model/architecture.h"
#include "engine/inference/decoder.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <thread>

namespace deskseek::engine::inference {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

bool cancelled(const GenerationOptions &options)
{
    return options.cancel && options.cancel->load(std::memory_order_relaxed);
}

} // namespace

const char *finishReasonName(FinishReason reason)
{
    switch (reason) {
    case FinishReason::EndOfSequence:
        return "eos";
    case FinishReason::StopString:
        return "stop";
    case FinishReason::MaxTokens:
        return "length";
    case FinishReason::ContextFull:
        return "context";
    case FinishReason::Cancelled:
        return "cancelled";
    }
    return "?";
}

struct InferenceModel::Impl
{
    // A sequence's KV cache and the tokens it holds.
    struct Slot
    {
        std::unique_ptr<KvCache> cache;
        std::vector<std::int32_t> tokens;
    };

    model::ModelFiles files;
    std::shared_ptr<const tokenizer::Tokenizer> tokenizer;
    tokenizer::ChatTemplate chat = tokenizer::ChatTemplate::forFormat(tokenizer::ChatFormat::ChatML);
    std::set<std::int32_t> endOfSequence;
    std::unique_ptr<Decoder> transformer;
    std::vector<Slot> slots;
    std::int64_t prefillChunk = 512;
    std::string device;

    Slot &slot(int index)
    {
        if (index < 0 || index >= static_cast<int>(slots.size()))
            fail(ErrorCode::InvalidArgument, "There is no sequence slot " + std::to_string(index) + " (the model has "
                                                 + std::to_string(slots.size()) + ").");
        return slots[static_cast<std::size_t>(index)];
    }

    // Evaluates sequence[cache length ..) in chunks; returns the last logits (undefined when
    // there was nothing to evaluate), or nothing when cancelled.
    std::optional<at::Tensor> evaluate(Slot &slot, const std::vector<std::int32_t> &sequence, const GenerationOptions *options)
    {
        at::Tensor logits;
        auto position = static_cast<std::size_t>(slot.cache->length());
        while (position < sequence.size()) {
            if (options && cancelled(*options))
                return std::nullopt;
            const auto count = std::min<std::size_t>(static_cast<std::size_t>(prefillChunk), sequence.size() - position);
            logits = transformer->forward(sequence.data() + position, static_cast<std::int64_t>(count), *slot.cache);
            slot.tokens.insert(slot.tokens.end(), sequence.begin() + static_cast<std::ptrdiff_t>(position),
                               sequence.begin() + static_cast<std::ptrdiff_t>(position + count));
            position += count;
        }
        return logits;
    }

    // The logits after `sequence`: everything but the last token in chunks, then the last token
    // on its own, as every generated token is. The numbers of the first sampled token then do not
    // depend on what the cache already held, so the same seed gives the same answer again.
    std::optional<at::Tensor> prefill(Slot &slot, const std::vector<std::int32_t> &sequence, const GenerationOptions &options)
    {
        const std::vector<std::int32_t> head(sequence.begin(), sequence.end() - 1);
        if (!evaluate(slot, head, &options))
            return std::nullopt;
        return evaluate(slot, sequence, &options);
    }

    // Keeps the cache entries that `sequence` shares with what was evaluated before (at least
    // one token is always evaluated again, for its logits).
    std::int64_t reusePrefix(Slot &slot, const std::vector<std::int32_t> &sequence)
    {
        std::size_t common = 0;
        while (common < slot.tokens.size() && common < sequence.size() && slot.tokens[common] == sequence[common])
            ++common;
        if (common == sequence.size() && common > 0)
            --common;
        slot.tokens.resize(common);
        slot.cache->setLength(static_cast<std::int64_t>(common));
        return static_cast<std::int64_t>(common);
    }

    // Drops the oldest tokens after the first `keep`, leaving half of the rest of the context free.
    std::vector<std::int32_t> slide(const Slot &slot, const std::vector<std::int32_t> &sequence, std::int64_t keepTokens) const
    {
        const std::int64_t capacity = slot.cache->capacity();
        const std::int64_t keep = std::clamp<std::int64_t>(keepTokens, 0, capacity / 2);
        const std::int64_t tail = std::min<std::int64_t>((capacity - keep) / 2, static_cast<std::int64_t>(sequence.size()) - keep);
        std::vector<std::int32_t> result(sequence.begin(), sequence.begin() + keep);
        result.insert(result.end(), sequence.end() - tail, sequence.end());
        return result;
    }

    std::vector<float> toVector(const at::Tensor &logits) const
    {
        const at::Tensor values = logits.contiguous();
        const float *data = values.data_ptr<float>();
        return std::vector<float>(data, data + values.numel());
    }
};

InferenceModel::InferenceModel(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{
}

InferenceModel::~InferenceModel() = default;

Result<std::unique_ptr<InferenceModel>> InferenceModel::load(const std::filesystem::path &path, const LoadOptions &options)
{
    return catchErrors([&]() -> std::unique_ptr<InferenceModel> {
        auto impl = std::make_unique<Impl>();
        auto files = model::ModelFiles::open(path);
        if (!files)
            fail(files.error().code, files.error().message);
        impl->files = std::move(files.value());
        const model::ModelConfig &config = impl->files.config;

        // The tokenizer keeps the vocabulary (moved, not copied: tens of MB for 150000 tokens).
        auto tokenizer = tokenizer::Tokenizer::create(std::move(impl->files.vocabulary));
        impl->files.vocabulary = {};
        if (!tokenizer)
            fail(tokenizer.error().code, tokenizer.error().message);
        impl->tokenizer = tokenizer.value();
        if (auto chat = tokenizer::ChatTemplate::fromConfig(impl->files.tokenizerConfig))
            impl->chat = chat.value();
        for (const std::int64_t id : config.eosTokenIds)
            impl->endOfSequence.insert(static_cast<std::int32_t>(id));
        for (const std::int64_t id : impl->files.generation.eosTokenIds)
            impl->endOfSequence.insert(static_cast<std::int32_t>(id));
        if (const auto eos = impl->tokenizer->vocabulary().eosId)
            impl->endOfSequence.insert(*eos);

        // libtorch may start with one thread (Debian's does): use every core unless told otherwise.
        at::set_num_threads(options.threads > 0 ? options.threads
                                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
        if (options.contextLength < 2)
            fail(ErrorCode::InvalidArgument, "The context length must be at least 2 tokens.");
        if (options.sequences < 1 || options.sequences > 64)
            fail(ErrorCode::InvalidArgument, "The number of sequences must be from 1 to 64.");
        const std::int64_t context = config.maxPositions > 0 ? std::min(options.contextLength, config.maxPositions)
                                                             : options.contextLength;
        Placement placement;
        if (options.device == Device::Cuda) {
            if (!at::hasCUDA())
                fail(ErrorCode::Unsupported, "This build has no CUDA support or no NVIDIA GPU is available. "
                                             "Run on the CPU instead (--device cpu).");
            placement.gpu = at::Device(at::kCUDA, 0);
            std::uint64_t weights = 0, experts = 0;
            for (const model::TensorData &tensor : impl->files.tensors) {
                weights += tensor.bytes;
                if (tensor.name.find(".mlp.experts.") != std::string::npos)
                    experts += tensor.bytes;
            }
            placement.routedExpertsOnCpu
                = experts > 0
                  && (options.routedExpertsOnCpu == 1
                      || (options.routedExpertsOnCpu < 0 && options.freeGpuBytes > 0
                          && defaultRoutedExpertsOnCpu(config, weights, experts, options.freeGpuBytes, context * options.sequences)));
            const std::uint64_t onGpu = placement.routedExpertsOnCpu ? weights - experts : weights;
            if (options.gpuLayers >= 0) {
                placement.gpuLayers = std::min(options.gpuLayers, config.layerCount);
            } else if (options.freeGpuBytes > 0) {
                placement.gpuLayers = defaultGpuLayers(config, onGpu, options.freeGpuBytes, context * options.sequences);
            } else {
                placement.gpuLayers = config.layerCount;
            }
            impl->device = "CUDA, " + std::to_string(placement.gpuLayers) + " of " + std::to_string(config.layerCount)
                           + " layers on the GPU" + (placement.routedExpertsOnCpu ? ", the routed experts on the CPU" : "");
        } else {
            impl->device = "CPU, " + std::to_string(at::get_num_threads()) + " threads, "
                           + kernelLevelName(bestKernelLevel()) + " kernels";
        }
        impl->prefillChunk = std::max<std::int64_t>(1, options.prefillChunk);
        impl->transformer = createDecoder(impl->files, placement, options.progress);
        // Every slot gets the whole context; on the CPU a cache's pages are only touched as it
        // fills, so memory follows the tokens held, not the slots.
        for (int i = 0; i < options.sequences; ++i)
            impl->slots.push_back({std::make_unique<KvCache>(impl->transformer->createCache(context)), {}});
        impl->transformer->setProfiling(options.profile);
        return std::unique_ptr<InferenceModel>(new InferenceModel(std::move(impl)));
    });
}

const model::ModelFiles &InferenceModel::files() const { return d->files; }
const model::ModelConfig &InferenceModel::config() const { return d->files.config; }
std::shared_ptr<const tokenizer::Tokenizer> InferenceModel::tokenizer() const { return d->tokenizer; }
const tokenizer::ChatTemplate &InferenceModel::chatTemplate() const { return d->chat; }
std::int64_t InferenceModel::contextLength() const { return d->slots.front().cache->capacity(); }
std::uint64_t InferenceModel::weightBytes() const { return d->transformer->weightBytes(); }

std::uint64_t InferenceModel::bytesReadPerToken() const { return d->transformer->bytesReadPerToken(); }
std::uint64_t InferenceModel::cacheBytes() const
{
    std::uint64_t total = 0;
    for (const Impl::Slot &slot : d->slots)
        total += slot.cache->bytes();
    return total;
}
std::string InferenceModel::deviceDescription() const { return d->device; }

std::vector<std::int32_t> InferenceModel::endOfSequenceTokens() const
{
    return {d->endOfSequence.begin(), d->endOfSequence.end()};
}

std::vector<std::pair<std::string, double>> InferenceModel::profile() const
{
    return d->transformer->profile();
}

void InferenceModel::resetCache()
{
    truncateSlot(0, 0);
}

int InferenceModel::slotCount() const
{
    return static_cast<int>(d->slots.size());
}

const std::vector<std::int32_t> &InferenceModel::slotTokens(int slot) const
{
    return d->slot(slot).tokens;
}

void InferenceModel::truncateSlot(int slot, std::int64_t length)
{
    Impl::Slot &s = d->slot(slot);
    const auto kept = static_cast<std::size_t>(std::clamp<std::int64_t>(length, 0, static_cast<std::int64_t>(s.tokens.size())));
    s.tokens.resize(kept);
    s.cache->setLength(static_cast<std::int64_t>(kept));
}

void InferenceModel::releaseSlot(int slot)
{
    Impl::Slot &s = d->slot(slot);
    s.tokens.clear();
    s.cache->release();
}

Status InferenceModel::extendSlot(int slot, const std::vector<std::int32_t> &tokens)
{
    return catchErrors([&]() -> Ok {
        Impl::Slot &s = d->slot(slot);
        if (s.cache->length() + static_cast<std::int64_t>(tokens.size()) > s.cache->capacity())
            fail(ErrorCode::InvalidArgument, std::to_string(s.cache->length() + static_cast<std::int64_t>(tokens.size()))
                                                 + " tokens do not fit in the context of "
                                                 + std::to_string(s.cache->capacity()) + ".");
        std::vector<std::int32_t> sequence = s.tokens;
        sequence.insert(sequence.end(), tokens.begin(), tokens.end());
        d->evaluate(s, sequence, nullptr);
        return {};
    });
}

Result<std::vector<std::vector<float>>> InferenceModel::decodeStep(const std::vector<SlotToken> &steps)
{
    return catchErrors([&]() -> std::vector<std::vector<float>> {
        std::vector<KvCache *> caches;
        std::vector<std::int32_t> tokens;
        for (const SlotToken &step : steps) {
            caches.push_back(d->slot(step.slot).cache.get());
            tokens.push_back(step.token);
        }
        const at::Tensor logits = d->transformer->decode(tokens.data(), caches).contiguous();
        std::vector<std::vector<float>> result;
        const std::int64_t vocabulary = logits.size(1);
        const float *values = logits.data_ptr<float>();
        for (std::size_t i = 0; i < steps.size(); ++i) {
            d->slots[static_cast<std::size_t>(steps[i].slot)].tokens.push_back(steps[i].token);
            result.emplace_back(values + static_cast<std::int64_t>(i) * vocabulary,
                                values + static_cast<std::int64_t>(i + 1) * vocabulary);
        }
        return result;
    });
}

Result<std::vector<float>> InferenceModel::logits(const std::vector<std::int32_t> &tokens)
{
    return catchErrors([&]() -> std::vector<float> {
        if (tokens.empty())
            fail(ErrorCode::InvalidArgument, "Give at least one token.");
        Impl::Slot &slot = d->slots.front();
        if (static_cast<std::int64_t>(tokens.size()) > slot.cache->capacity())
            fail(ErrorCode::InvalidArgument, std::to_string(tokens.size()) + " tokens do not fit in the context of "
                                                 + std::to_string(slot.cache->capacity()) + ".");
        resetCache();
        return d->toVector(*d->evaluate(slot, tokens, nullptr));
    });
}

Result<std::vector<float>> InferenceModel::extendWithLogits(const std::vector<std::int32_t> &tokens)
{
    return catchErrors([&]() -> std::vector<float> {
        if (tokens.empty())
            fail(ErrorCode::InvalidArgument, "Give at least one token.");
        Impl::Slot &slot = d->slots.front();
        if (slot.cache->length() + static_cast<std::int64_t>(tokens.size()) > slot.cache->capacity())
            fail(ErrorCode::InvalidArgument, std::to_string(slot.cache->length() + static_cast<std::int64_t>(tokens.size()))
                                                 + " tokens do not fit in the context of "
                                                 + std::to_string(slot.cache->capacity()) + ".");
        const at::Tensor logits
            = d->transformer->forward(tokens.data(), static_cast<std::int64_t>(tokens.size()), *slot.cache, true).contiguous();
        slot.tokens.insert(slot.tokens.end(), tokens.begin(), tokens.end());
        const float *values = logits.data_ptr<float>();
        return std::vector<float>(values, values + logits.numel());
    });
}

Result<GenerationStats> InferenceModel::generate(const std::vector<std::int32_t> &prompt, const GenerationOptions &options,
                                                 const std::function<void(const GenerationEvent &)> &onEvent)
{
    return catchErrors([&]() -> GenerationStats {
        const Clock::time_point start = Clock::now();
        GenerationStats stats;
        if (prompt.empty())
            fail(ErrorCode::InvalidArgument, "The prompt is empty.");
        Impl::Slot &slot = d->slots.front();
        const std::int64_t capacity = slot.cache->capacity();
        std::vector<std::int32_t> sequence = prompt;
        if (static_cast<std::int64_t>(sequence.size()) >= capacity) {
            if (options.overflow == ContextOverflow::Error)
                fail(ErrorCode::InvalidArgument,
                     "The conversation is " + std::to_string(sequence.size()) + " tokens long, but the context holds "
                         + std::to_string(capacity) + ". Start a new chat, shorten the text, or raise the context length.");
            sequence = d->slide(slot, sequence, options.keepTokens);
        }
        stats.promptTokens = static_cast<std::int64_t>(prompt.size());
        stats.reusedPromptTokens = d->reusePrefix(slot, sequence);

        std::optional<at::Tensor> prefilled = d->prefill(slot, sequence, options);
        stats.prefillSeconds = secondsSince(start);
        const std::int64_t evaluated = static_cast<std::int64_t>(sequence.size()) - stats.reusedPromptTokens;
        if (stats.prefillSeconds > 0.0)
            stats.prefillTokensPerSecond = static_cast<double>(evaluated) / stats.prefillSeconds;

        TokenStream stream(d->tokenizer, d->endOfSequence, options);
        Clock::time_point firstToken = Clock::now();
        const auto emit = [&](std::string text, std::int32_t token) {
            if (onEvent)
                onEvent({std::move(text), token, stats.promptTokens, stream.generatedTokens()});
        };
        const auto end = [&](FinishReason reason) {
            const std::string rest = stream.finish(reason);
            if (!rest.empty())
                emit(rest, -1);
        };
        while (prefilled) {
            std::vector<float> values = d->toVector(*prefilled);
            const TokenStream::Step step = stream.next(values, sequence);
            if (stream.generatedTokens() == 1) {
                firstToken = Clock::now();
                stats.timeToFirstTokenSeconds = std::chrono::duration<double>(firstToken - start).count();
            }
            if (!step.endOfSequence)
                emit(step.text, step.token);
            if (!step.tail.empty())
                emit(step.tail, -1);
            if (step.finished)
                break;
            if (cancelled(options)) {
                end(FinishReason::Cancelled);
                break;
            }
            sequence.push_back(step.token);
            if (slot.cache->length() >= capacity) {
                if (options.overflow == ContextOverflow::Error) {
                    end(FinishReason::ContextFull);
                    break;
                }
                sequence = d->slide(slot, sequence, options.keepTokens);
                d->reusePrefix(slot, sequence);
                prefilled = d->prefill(slot, sequence, options);
            } else {
                prefilled = d->evaluate(slot, sequence, &options);
            }
        }
        if (!stream.finished())
            end(FinishReason::Cancelled);
        stats.finish = stream.finishReason();
        stats.text = stream.text();
        stats.tokens = stream.tokens();
        stats.generatedTokens = stream.generatedTokens();
        stats.decodeSeconds = stats.generatedTokens > 0 ? secondsSince(firstToken) : 0.0;
        if (stats.generatedTokens > 1 && stats.decodeSeconds > 0.0)
            stats.decodeTokensPerSecond = static_cast<double>(stats.generatedTokens - 1) / stats.decodeSeconds;
        return stats;
    });
}

std::int64_t defaultGpuLayers(const model::ModelConfig &config, std::uint64_t weightBytes, std::uint64_t freeBytes,
                              std::int64_t contextLength)
{
    if (config.layerCount <= 0)
        return 0;
    constexpr std::uint64_t kReserve = 768ull << 20; // activations, cuBLAS workspace, the CUDA context
    const auto layers = static_cast<std::uint64_t>(config.layerCount);
    // What the architecture's cache keeps a token, per layer (F16).
    const std::uint64_t cachePerLayer = kKvCacheValueBytes
                                        * static_cast<std::uint64_t>(model::describe(config.architecture).cacheValuesPerToken(config))
                                        * static_cast<std::uint64_t>(std::max<std::int64_t>(0, contextLength));
    // The embedding table stays on the CPU; the output head counts as one more layer.
    const std::uint64_t perLayer = weightBytes / (layers + 1) + cachePerLayer;
    if (freeBytes <= kReserve || perLayer == 0)
        return 0;
    const std::uint64_t fit = (freeBytes - kReserve) / perLayer;
    return static_cast<std::int64_t>(std::min(fit, layers));
}

bool defaultRoutedExpertsOnCpu(const model::ModelConfig &config, std::uint64_t weightBytes, std::uint64_t expertBytes,
                               std::uint64_t freeBytes, std::int64_t contextLength)
{
    if (expertBytes == 0 || expertBytes > weightBytes)
        return false;
    const auto layers = config.layerCount;
    return defaultGpuLayers(config, weightBytes, freeBytes, contextLength) < layers
           && defaultGpuLayers(config, weightBytes - expertBytes, freeBytes, contextLength) == layers;
}

} // namespace deskseek::engine::inference
