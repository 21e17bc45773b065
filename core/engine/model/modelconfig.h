#pragma once

#include "engine/result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deskseek::engine::model {

enum class Architecture { Qwen2, Qwen3, Llama };

std::string_view architectureName(Architecture architecture); // "qwen2": config.json model_type
std::optional<Architecture> architectureFromName(std::string_view name);

enum class RopeScalingType { None, Linear, Llama3, Yarn };

std::string_view ropeScalingName(RopeScalingType type); // "none", "linear", "llama3", "yarn"

struct RopeScaling
{
    RopeScalingType type = RopeScalingType::None;
    float factor = 1.0f;
    std::int64_t originalMaxPositions = 0; // llama3, yarn
    float lowFreqFactor = 1.0f;            // llama3
    float highFreqFactor = 4.0f;           // llama3
    float betaFast = 32.0f;                // yarn
    float betaSlow = 1.0f;                 // yarn

    bool operator==(const RopeScaling &) const = default;
};

// The shape of a decoder-only transformer, from config.json.
struct ModelConfig
{
    Architecture architecture = Architecture::Qwen2;
    std::string hfArchitecture; // "Qwen2ForCausalLM"
    std::int64_t hiddenSize = 0;
    std::int64_t intermediateSize = 0;
    std::int64_t layerCount = 0;
    std::int64_t headCount = 0;
    std::int64_t kvHeadCount = 0;
    std::int64_t headDim = 0; // explicit in qwen3; hidden / heads otherwise
    std::int64_t vocabSize = 0;
    std::int64_t maxPositions = 0;
    // Single precision, as the engine computes with them and GGUF stores them.
    float ropeTheta = 10000.0f;
    float rmsNormEps = 1e-6f;
    bool tieWordEmbeddings = false;
    bool attentionBias = false; // q/k/v projections have a bias (qwen2)
    bool qkNorm = false;        // per-head RMSNorm of q and k (qwen3)
    RopeScaling ropeScaling;
    std::optional<std::int64_t> bosTokenId;
    std::vector<std::int64_t> eosTokenIds;

    bool operator==(const ModelConfig &) const = default;
};

// Parses config.json text; `source` names it in errors. An architecture DeskSeek cannot run
// gives ErrorCode::UnknownArchitecture with its name.
Result<ModelConfig> parseModelConfig(std::string_view json, const std::string &source);
Result<ModelConfig> loadModelConfig(const std::filesystem::path &configJson);

// Checks the numbers for consistency (heads divide, sizes positive and bounded); throws.
void validateModelConfig(const ModelConfig &config, const std::string &source);

} // namespace deskseek::engine::model
