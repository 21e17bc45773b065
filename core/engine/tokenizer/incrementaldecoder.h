#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace deskseek::engine::tokenizer {

class Tokenizer;

// Turns a stream of token ids into text without ever emitting part of a UTF-8 character:
// bytes of an unfinished character wait for the next token. Invalid bytes become U+FFFD.
class IncrementalDecoder
{
public:
    explicit IncrementalDecoder(std::shared_ptr<const Tokenizer> tokenizer, bool skipSpecial = false);

    // The complete characters that this token finishes (possibly empty).
    std::string push(std::int32_t id);
    // Whatever is still held at the end of the stream (an incomplete character becomes U+FFFD).
    std::string flush();

private:
    std::shared_ptr<const Tokenizer> m_tokenizer;
    bool m_skipSpecial;
    std::string m_pending;
};

} // namespace deskseek::engine::tokenizer
