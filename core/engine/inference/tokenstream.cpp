#include "engine/inference/tokenstream.h"

namespace deskseek::engine::inference {

TokenStream::TokenStream(std::shared_ptr<const tokenizer::Tokenizer> tokenizer, std::set<std::int32_t> endOfSequence,
                         const GenerationOptions &options)
    : m_sampler(options.sampling)
    , m_decoder(std::move(tokenizer), true)
    , m_stops(options.stopStrings)
    , m_endOfSequence(std::move(endOfSequence))
    , m_stopAtEos(options.stopAtEos)
    , m_maxTokens(options.maxTokens)
{
}

TokenStream::Step TokenStream::next(std::vector<float> &logits, const std::vector<std::int32_t> &history)
{
    Step step;
    if (m_finished)
        return step;
    step.token = m_sampler.sample(logits, history);
    m_tokens.push_back(step.token);
    if (m_stopAtEos && m_endOfSequence.count(step.token)) {
        step.endOfSequence = true;
        step.finished = true;
        step.tail = finish(FinishReason::EndOfSequence);
        return step;
    }
    const StopMatcher::Output output = m_stops.push(m_decoder.push(step.token));
    step.text = output.text;
    m_text += output.text;
    if (output.stopped) {
        m_finished = true;
        m_reason = FinishReason::StopString;
        step.finished = true;
        return step;
    }
    if (m_maxTokens > 0 && generatedTokens() >= m_maxTokens) {
        step.finished = true;
        step.tail = finish(FinishReason::MaxTokens);
    }
    return step;
}

std::string TokenStream::flush()
{
    return m_stops.push(m_decoder.flush()).text + m_stops.flush();
}

std::string TokenStream::finish(FinishReason reason)
{
    if (m_finished)
        return {};
    m_finished = true;
    m_reason = reason;
    std::string rest = flush();
    m_text += rest;
    return rest;
}

} // namespace deskseek::engine::inference
