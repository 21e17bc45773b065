#pragma once

#include "engine/inference/sampler.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace deskseek::engine::inference {

// What to do when the conversation no longer fits in the context.
enum class ContextOverflow {
    Error,       // refuse a prompt that is too long; end an answer that reaches the end
    SlideWindow, // forget the oldest tokens (after the first keepTokens) and carry on
};

struct GenerationOptions
{
    SamplingOptions sampling;
    std::int64_t maxTokens = 512;        // generated tokens at most; <= 0: until the context ends
    std::vector<std::string> stopStrings; // the text ends just before the first one
    bool stopAtEos = true;               // end at the model's end-of-sequence tokens
    ContextOverflow overflow = ContextOverflow::Error;
    std::int64_t keepTokens = 0;         // SlideWindow: tokens at the start that are never dropped
    // Set from any thread to stop: takes effect before the next token (or prefill chunk).
    const std::atomic<bool> *cancel = nullptr;
};

// One step of the stream: text that became final with this token (possibly empty while a UTF-8
// character or a possible stop string is incomplete), and the counts so far.
struct GenerationEvent
{
    std::string text;
    std::int32_t token = -1;
    std::int64_t promptTokens = 0;
    std::int64_t generatedTokens = 0;
};

enum class FinishReason { EndOfSequence, StopString, MaxTokens, ContextFull, Cancelled };
const char *finishReasonName(FinishReason reason);

struct GenerationStats
{
    FinishReason finish = FinishReason::MaxTokens;
    std::string text;                 // everything streamed
    std::vector<std::int32_t> tokens; // generated token ids (an end-of-sequence token included)
    std::int64_t promptTokens = 0;
    std::int64_t reusedPromptTokens = 0; // found in the cache from the previous call
    std::int64_t generatedTokens = 0;
    double timeToFirstTokenSeconds = 0.0; // from the call to the first sampled token
    double prefillSeconds = 0.0;
    double decodeSeconds = 0.0;           // from the first token to the last
    double prefillTokensPerSecond = 0.0;  // evaluated prompt tokens / prefill time
    double decodeTokensPerSecond = 0.0;   // tokens after the first / decode time
};

} // namespace deskseek::engine::inference
