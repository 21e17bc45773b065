#pragma once

#include <string>
#include <string_view>

// GPT-2's byte-level alphabet: every byte has a printable stand-in character, so that BPE
// tokens are strings of visible characters ("Ġthe" is " the").
namespace deskseek::engine::tokenizer {

char32_t byteToUnicode(unsigned char byte);
int unicodeToByte(char32_t codePoint); // -1: not a byte stand-in

// "Ġthe" -> " the". A character that is not a stand-in keeps its UTF-8 bytes.
std::string byteLevelDecode(std::string_view tokenText);
// " the" -> "Ġthe"
std::string byteLevelEncode(std::string_view bytes);

} // namespace deskseek::engine::tokenizer
