#pragma once

#include "engine/result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

namespace deskseek::engine::model {

// The sampling defaults a model ships with (generation_config.json). Missing values stay empty
// and the caller's defaults apply.
struct GenerationConfig
{
    std::optional<std::int64_t> bosTokenId;
    std::vector<std::int64_t> eosTokenIds;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<std::int64_t> topK;
    std::optional<bool> doSample;
    std::optional<double> repetitionPenalty;

    bool operator==(const GenerationConfig &) const = default;
};

Result<GenerationConfig> parseGenerationConfig(std::string_view json, const std::string &source);
Result<GenerationConfig> loadGenerationConfig(const std::filesystem::path &file);

} // namespace deskseek::engine::model
