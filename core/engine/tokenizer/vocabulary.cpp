#include "engine/tokenizer/vocabulary.h"

#include <algorithm>

namespace deskseek::engine::tokenizer {

std::optional<std::int32_t> Vocabulary::idOf(const std::string &token) const
{
    const auto it = std::find(tokens.begin(), tokens.end(), token);
    if (it == tokens.end())
        return std::nullopt;
    return static_cast<std::int32_t>(it - tokens.begin());
}

} // namespace deskseek::engine::tokenizer
