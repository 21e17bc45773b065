#pragma once

#include <string>
#include <string_view>

namespace deskseek::engine::tokenizer {

// Unicode normalization form C (ICU), as the Qwen tokenizers apply before splitting.
std::string normalizeNfc(std::string_view text);

} // namespace deskseek::engine::tokenizer
