#pragma once

#include "engine/inference/generation.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace deskseek::serving {

// Who asked: the Monitor page's tokens/s chart and the metrics split by it.
enum class JobSource { Chat, Api };

// What a job reports, in order: Token events (text ready to show; possibly empty while a
// character or a possible stop string is incomplete), then one Finished or Failed event.
struct JobEvent
{
    enum class Kind { Token, Finished, Failed };
    Kind kind = Kind::Token;
    std::string text;
    std::int32_t token = -1;
    // Finished (and Failed, as far as it got):
    engine::inference::FinishReason finish = engine::inference::FinishReason::EndOfSequence;
    std::int64_t promptTokens = 0;
    std::int64_t cachedPromptTokens = 0; // reused from the slot's cache
    std::int64_t generatedTokens = 0;
    double queueSeconds = 0.0;        // waiting for a slot
    double timeToFirstTokenSeconds = 0.0; // from submission
    double decodeTokensPerSecond = 0.0;
    std::string error;                // Failed: for people
};

// One generation handed to a ModelRunner: the prompt as token ids, how to sample and when to
// stop, a cancel flag the caller may set at any time (a queued job leaves the queue, a running
// one frees its slot within one decoding step), and the sink that receives the events. The sink
// is called on the runner's thread, one event at a time: it must return quickly (hand the event
// to the caller's thread).
struct GenerationJob
{
    std::vector<std::int32_t> prompt;
    engine::inference::GenerationOptions options; // options.cancel is ignored: use `cancel`
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);
    std::function<void(const JobEvent &)> sink;
    JobSource source = JobSource::Api;
};

} // namespace deskseek::serving
