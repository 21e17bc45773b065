#pragma once

#include "engine/inference/generation.h"
#include "engine/inference/sampler.h"
#include "engine/inference/stopmatcher.h"
#include "engine/tokenizer/incrementaldecoder.h"

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace deskseek::engine::tokenizer {
class Tokenizer;
}

namespace deskseek::engine::inference {

// What happens to one sequence's logits after a forward pass: the next token is drawn, turned
// into text (whole UTF-8 characters, stop strings held back and cut) and the stream ends at an
// end-of-sequence token, a stop string or the token limit. InferenceModel::generate and the
// serving layer's scheduler (one per running sequence) share it. Not thread-safe.
class TokenStream
{
public:
    TokenStream(std::shared_ptr<const tokenizer::Tokenizer> tokenizer, std::set<std::int32_t> endOfSequence,
                const GenerationOptions &options);

    struct Step
    {
        std::int32_t token = -1;
        std::string text;           // this token's text, ready to show (empty for an end-of-sequence token)
        std::string tail;           // when the stream ended with this token: what was still held back
        bool finished = false;
        bool endOfSequence = false; // the token ends the sequence and shows nothing
    };

    // Draws the token that follows `logits` (changed in place by the repetition penalty);
    // `history` is the sequence so far (prompt and generated tokens).
    Step next(std::vector<float> &logits, const std::vector<std::int32_t> &history);
    // Ends the stream before its own end (cancelled, the context is full): returns what was
    // still held back.
    std::string finish(FinishReason reason);

    bool finished() const { return m_finished; }
    FinishReason finishReason() const { return m_reason; }
    std::int64_t generatedTokens() const { return static_cast<std::int64_t>(m_tokens.size()); }
    const std::vector<std::int32_t> &tokens() const { return m_tokens; }
    const std::string &text() const { return m_text; }

private:
    std::string flush();

    Sampler m_sampler;
    tokenizer::IncrementalDecoder m_decoder;
    StopMatcher m_stops;
    std::set<std::int32_t> m_endOfSequence;
    bool m_stopAtEos = true;
    std::int64_t m_maxTokens = 0;
    std::vector<std::int32_t> m_tokens;
    std::string m_text;
    bool m_finished = false;
    FinishReason m_reason = FinishReason::MaxTokens;
};

} // namespace deskseek::engine::inference
