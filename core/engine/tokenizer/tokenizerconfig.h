#pragma once

#include "engine/result.h"

#include <filesystem>
#include <optional>
#include <string>

namespace deskseek::engine::tokenizer {

// What tokenizer_config.json says about special tokens and the chat format.
struct TokenizerConfig
{
    std::string tokenizerClass; // "LlamaTokenizerFast", "Qwen2Tokenizer", ...
    std::optional<std::string> bosToken;
    std::optional<std::string> eosToken;
    std::optional<std::string> padToken;
    bool addBosToken = false;
    bool addEosToken = false;
    std::string chatTemplate; // the Jinja text (the "default" one when there are several)
    std::int64_t modelMaxLength = 0;

    bool operator==(const TokenizerConfig &) const = default;
};

Result<TokenizerConfig> parseTokenizerConfig(std::string_view json, const std::string &source);
Result<TokenizerConfig> loadTokenizerConfig(const std::filesystem::path &file);

} // namespace deskseek::engine::tokenizer
