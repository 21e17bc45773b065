#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace deskseek::engine::tokenizer {

// Appends the UTF-8 form of a code point.
void appendUtf8(std::string &out, char32_t codePoint);

// Decodes the code point at text[position] and advances position. Invalid or truncated
// sequences yield U+FFFD and advance one byte.
char32_t nextCodePoint(std::string_view text, std::size_t &position);

// The length of a valid UTF-8 sequence starting at text[position], or 0 when it is invalid,
// or -1 when it is valid so far but the text ends before it does.
int sequenceLength(std::string_view text, std::size_t position);

bool isValidUtf8(std::string_view text);

// The text with every invalid byte sequence replaced by U+FFFD.
std::string sanitizeUtf8(std::string_view text);

} // namespace deskseek::engine::tokenizer
