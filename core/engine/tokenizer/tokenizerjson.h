#pragma once

#include "engine/result.h"
#include "engine/tokenizer/vocabulary.h"

#include <filesystem>
#include <string_view>

namespace deskseek::engine::tokenizer {

// Reads a Hugging Face tokenizer.json (byte-level BPE) into a Vocabulary. Other tokenizer
// models (WordPiece, Unigram, SentencePiece-style Metaspace) are refused with a clear error.
Result<Vocabulary> parseTokenizerJson(std::string_view json, const std::string &source);
Result<Vocabulary> loadTokenizerJson(const std::filesystem::path &file);

} // namespace deskseek::engine::tokenizer
