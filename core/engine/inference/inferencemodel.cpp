#include "engine/inference/inferencemodel.h"

#include "engine/error.h"
#include "engine/inference/kvcache.h"
#include "engine/inference/quantkernels.h"
#include "engine/inference/stopmatcher.h"
#include "engine/inference/transformer.h"
#include "engine/tokenizer/incrementaldecoder.h"

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
    model::ModelFiles files;
    std::shared_ptr<const tokenizer::Tokenizer> tokenizer;
    tokenizer::ChatTemplate chat = tokenizer::ChatTemplate::forFormat(tokenizer::ChatFormat::ChatML);
    std::set<std::int32_t> endOfSequence;
    std::unique_ptr<Transformer> transformer;
    std::unique_ptr<KvCache> cache;
    std::vector<std::int32_t> cachedTokens; // the tokens whose keys and values the cache holds
    std::int64_t prefillChunk = 512;
    std::string device;

    // Evaluates sequence[cache length ..) in chunks; returns the last logits (undefined when
    // there was nothing to evaluate), or nothing when cancelled.
    std::optional<at::Tensor> evaluate(const std::vector<std::int32_t> &sequence, const GenerationOptions *options)
    {
        at::Tensor logits;
        auto position = static_cast<std::size_t>(cache->length());
        while (position < sequence.size()) {
            if (options && cancelled(*options))
                return std::nullopt;
            const auto count = std::min<std::size_t>(static_cast<std::size_t>(prefillChunk), sequence.size() - position);
            logits = transformer->forward(sequence.data() + position, static_cast<std::int64_t>(count), *cache);
            cachedTokens.insert(cachedTokens.end(), sequence.begin() + static_cast<std::ptrdiff_t>(position),
                                sequence.begin() + static_cast<std::ptrdiff_t>(position + count));
            position += count;
        }
        return logits;
    }

    // The logits after `sequence`: everything but the last token in chunks, then the last token
    // on its own, as every generated token is. The numbers of the first sampled token then do not
    // depend on what the cache already held, so the same seed gives the same answer again.
    std::optional<at::Tensor> prefill(const std::vector<std::int32_t> &sequence, const GenerationOptions &options)
    {
        const std::vector<std::int32_t> head(sequence.begin(), sequence.end() - 1);
        if (!evaluate(head, &options))
            return std::nullopt;
        return evaluate(sequence, &options);
    }

    // Keeps the cache entries that `sequence` shares with what was evaluated before (at least
    // one token is always evaluated again, for its logits).
    std::int64_t reusePrefix(const std::vector<std::int32_t> &sequence)
    {
        std::size_t common = 0;
        while (common < cachedTokens.size() && common < sequence.size() && cachedTokens[common] == sequence[common])
            ++common;
        if (common == sequence.size() && common > 0)
            --common;
        cachedTokens.resize(common);
        cache->setLength(static_cast<std::int64_t>(common));
        return static_cast<std::int64_t>(common);
    }

    // Drops the oldest tokens after the first `keep`, leaving half of the rest of the context free.
    std::vector<std::int32_t> slide(const std::vector<std::int32_t> &sequence, std::int64_t keepTokens) const
    {
        const std::int64_t capacity = cache->capacity();
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

        auto tokenizer = tokenizer::Tokenizer::create(impl->files.vocabulary);
        if (!tokenizer)
            fail(tokenizer.error().code, tokenizer.error().message);
        impl->tokenizer = tokenizer.value();
        if (auto chat = tokenizer::ChatTemplate::fromConfig(impl->files.tokenizerConfig))
            impl->chat = chat.value();
        for (const std::int64_t id : config.eosTokenIds)
            impl->endOfSequence.insert(static_cast<std::int32_t>(id));
        for (const std::int64_t id : impl->files.generation.eosTokenIds)
            impl->endOfSequence.insert(static_cast<std::int32_t>(id));
        if (impl->files.vocabulary.eosId)
            impl->endOfSequence.insert(*impl->files.vocabulary.eosId);

        // libtorch may start with one thread (Debian's does): use every core unless told otherwise.
        at::set_num_threads(options.threads > 0 ? options.threads
                                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
        if (options.contextLength < 2)
            fail(ErrorCode::InvalidArgument, "The context length must be at least 2 tokens.");
        const std::int64_t context = config.maxPositions > 0 ? std::min(options.contextLength, config.maxPositions)
                                                             : options.contextLength;
        Placement placement;
        if (options.device == Device::Cuda) {
            if (!at::hasCUDA())
                fail(ErrorCode::Unsupported, "This build has no CUDA support or no NVIDIA GPU is available. "
                                             "Run on the CPU instead (--device cpu).");
            placement.gpu = at::Device(at::kCUDA, 0);
            if (options.gpuLayers >= 0) {
                placement.gpuLayers = std::min(options.gpuLayers, config.layerCount);
            } else if (options.freeGpuBytes > 0) {
                std::uint64_t weights = 0;
                for (const model::TensorData &tensor : impl->files.tensors)
                    weights += tensor.bytes;
                placement.gpuLayers = defaultGpuLayers(config, weights, options.freeGpuBytes, context);
            } else {
                placement.gpuLayers = config.layerCount;
            }
            impl->device = "CUDA, " + std::to_string(placement.gpuLayers) + " of " + std::to_string(config.layerCount)
                           + " layers on the GPU";
        } else {
            impl->device = "CPU, " + std::to_string(at::get_num_threads()) + " threads, "
                           + kernelLevelName(bestKernelLevel()) + " kernels";
        }
        impl->prefillChunk = std::max<std::int64_t>(1, options.prefillChunk);
        impl->transformer = std::make_unique<Transformer>(impl->files, placement, options.progress);
        impl->cache = std::make_unique<KvCache>(impl->transformer->createCache(context));
        impl->transformer->setProfiling(options.profile);
        return std::unique_ptr<InferenceModel>(new InferenceModel(std::move(impl)));
    });
}

const model::ModelFiles &InferenceModel::files() const { return d->files; }
const model::ModelConfig &InferenceModel::config() const { return d->files.config; }
std::shared_ptr<const tokenizer::Tokenizer> InferenceModel::tokenizer() const { return d->tokenizer; }
const tokenizer::ChatTemplate &InferenceModel::chatTemplate() const { return d->chat; }
std::int64_t InferenceModel::contextLength() const { return d->cache->capacity(); }
std::uint64_t InferenceModel::weightBytes() const { return d->transformer->weightBytes(); }

std::uint64_t InferenceModel::bytesReadPerToken() const { return d->transformer->bytesReadPerToken(); }
std::uint64_t InferenceModel::cacheBytes() const { return d->cache->bytes(); }
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
    d->cachedTokens.clear();
    d->cache->clear();
}

Result<std::vector<float>> InferenceModel::logits(const std::vector<std::int32_t> &tokens)
{
    return catchErrors([&]() -> std::vector<float> {
        if (tokens.empty())
            fail(ErrorCode::InvalidArgument, "Give at least one token.");
        if (static_cast<std::int64_t>(tokens.size()) > d->cache->capacity())
            fail(ErrorCode::InvalidArgument, std::to_string(tokens.size()) + " tokens do not fit in the context of "
                                                 + std::to_string(d->cache->capacity()) + ".");
        resetCache();
        return d->toVector(*d->evaluate(tokens, nullptr));
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
        const std::int64_t capacity = d->cache->capacity();
        std::vector<std::int32_t> sequence = prompt;
        if (static_cast<std::int64_t>(sequence.size()) >= capacity) {
            if (options.overflow == ContextOverflow::Error)
                fail(ErrorCode::InvalidArgument,
                     "The conversation is " + std::to_string(sequence.size()) + " tokens long, but the context holds "
                         + std::to_string(capacity) + ". Start a new chat, shorten the text, or raise the context length.");
            sequence = d->slide(sequence, options.keepTokens);
        }
        stats.promptTokens = static_cast<std::int64_t>(prompt.size());
        stats.reusedPromptTokens = d->reusePrefix(sequence);

        std::optional<at::Tensor> prefilled = d->prefill(sequence, options);
        stats.prefillSeconds = secondsSince(start);
        const std::int64_t evaluated = static_cast<std::int64_t>(sequence.size()) - stats.reusedPromptTokens;
        if (stats.prefillSeconds > 0.0)
            stats.prefillTokensPerSecond = static_cast<double>(evaluated) / stats.prefillSeconds;
        if (!prefilled) {
            stats.finish = FinishReason::Cancelled;
            return stats;
        }
        at::Tensor logits = *prefilled;

        Sampler sampler(options.sampling);
        tokenizer::IncrementalDecoder decoder(d->tokenizer, true);
        StopMatcher stops(options.stopStrings);
        Clock::time_point firstToken;
        const auto emit = [&](std::string text, std::int32_t token) {
            stats.text += text;
            if (onEvent)
                onEvent({std::move(text), token, stats.promptTokens, stats.generatedTokens});
        };
        for (;;) {
            std::vector<float> values = d->toVector(logits);
            const std::int32_t token = sampler.sample(values, sequence);
            if (stats.generatedTokens == 0) {
                firstToken = Clock::now();
                stats.timeToFirstTokenSeconds = std::chrono::duration<double>(firstToken - start).count();
            }
            stats.tokens.push_back(token);
            ++stats.generatedTokens;
            if (options.stopAtEos && d->endOfSequence.count(token)) {
                stats.finish = FinishReason::EndOfSequence;
                break;
            }
            const StopMatcher::Output output = stops.push(decoder.push(token));
            emit(output.text, token);
            if (output.stopped) {
                stats.finish = FinishReason::StopString;
                break;
            }
            if (options.maxTokens > 0 && stats.generatedTokens >= options.maxTokens) {
                stats.finish = FinishReason::MaxTokens;
                break;
            }
            if (cancelled(options)) {
                stats.finish = FinishReason::Cancelled;
                break;
            }
            sequence.push_back(token);
            if (d->cache->length() >= capacity) {
                if (options.overflow == ContextOverflow::Error) {
                    stats.finish = FinishReason::ContextFull;
                    break;
                }
                sequence = d->slide(sequence, options.keepTokens);
                d->reusePrefix(sequence);
                prefilled = d->prefill(sequence, options);
            } else {
                prefilled = d->evaluate(sequence, &options);
            }
            if (!prefilled) {
                stats.finish = FinishReason::Cancelled;
                break;
            }
            logits = *prefilled;
        }
        if (stats.finish != FinishReason::StopString) {
            const std::string rest = stops.push(decoder.flush()).text + stops.flush();
            if (!rest.empty())
                emit(rest, -1);
        }
        stats.decodeSeconds = secondsSince(firstToken);
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
    const std::uint64_t cachePerLayer = 2ull * static_cast<std::uint64_t>(config.kvHeadCount * config.headDim)
                                        * static_cast<std::uint64_t>(std::max<std::int64_t>(contextLength, 0)) * sizeof(float);
    // The embedding table stays on the CPU; the output head counts as one more layer.
    const std::uint64_t perLayer = weightBytes / (layers + 1) + cachePerLayer;
    if (freeBytes <= kReserve || perLayer == 0)
        return 0;
    const std::uint64_t fit = (freeBytes - kReserve) / perLayer;
    return static_cast<std::int64_t>(std::min(fit, layers));
}

} // namespace deskseek::engine::inference
