#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace deskseek::engine::tokenizer {

// llama.cpp's token types (GGUF tokenizer.ggml.token_type).
enum class TokenType : std::int32_t {
    Normal = 1,
    Unknown = 2,
    Control = 3,     // special tokens: <｜begin▁of▁sentence｜>, <|im_end|>
    UserDefined = 4, // added tokens that are not special: <think>
    Unused = 5,      // padding up to the model's vocab_size
    Byte = 6,
};

struct AddedToken
{
    std::int32_t id = 0;
    std::string content;
    bool special = false;
    bool lstrip = false; // swallow whitespace before the token
    bool rstrip = false; // swallow whitespace after it

    bool operator==(const AddedToken &) const = default;
};

// Everything that defines a byte-level BPE tokenizer, whether it came from tokenizer.json or
// from a GGUF file. Tokens of BPE are stored in byte-level form ("Ġthe"); added tokens literally.
struct Vocabulary
{
    std::vector<std::string> tokens; // by id
    std::vector<TokenType> types;    // by id
    std::vector<std::string> merges; // "left right", by rank (byte-level form)
    std::vector<AddedToken> addedTokens;
    std::vector<std::string> splitPatterns; // pre-tokenizer regexes, applied in sequence
    std::string preTokenizer; // llama.cpp's name for them ("qwen2", "deepseek-v3"); may be empty
    bool normalizeNfc = false;
    bool byteFallback = false;
    std::optional<std::int32_t> unknownId;
    std::optional<std::int32_t> bosId;
    std::optional<std::int32_t> eosId;
    std::optional<std::int32_t> padId;
    bool addBos = false;

    bool operator==(const Vocabulary &) const = default;
    std::optional<std::int32_t> idOf(const std::string &token) const;
};

} // namespace deskseek::engine::tokenizer
