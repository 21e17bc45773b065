#pragma once

#include "engine/result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deskseek::engine::model {

enum class Architecture { Qwen2, Qwen3, Llama, DeepSeek2 };

// llama.cpp's name ("qwen2", "deepseek2"): GGUF's general.architecture.
std::string_view architectureName(Architecture architecture);
std::optional<Architecture> architectureFromName(std::string_view name);
// config.json's model_type ("qwen2", "deepseek_v2" and "deepseek_v3" for DeepSeek2).
std::optional<Architecture> architectureFromModelType(std::string_view modelType);

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
    // DeepSeek's YaRN: cos and sin scaled by mscale(mscale) / mscale(mscaleAllDim), the softmax
    // by mscale(mscaleAllDim)^2, where mscale(m) = 0.1 m ln(factor) + 1. 0: the plain YaRN factor.
    float mscale = 0.0f;
    float mscaleAllDim = 0.0f;

    bool operator==(const RopeScaling &) const = default;
};

// Multi-head latent attention (DeepSeek-V2/V3): keys and values come from a shared latent of
// kvLoraRank values and one rotary key of qkRopeHeadDim shared by all heads.
struct LatentAttention
{
    std::int64_t qLoraRank = 0; // 0: q = W_q x; otherwise q = W_qb norm(W_qa x)
    std::int64_t kvLoraRank = 0;
    std::int64_t qkNopeHeadDim = 0;
    std::int64_t qkRopeHeadDim = 0;
    std::int64_t vHeadDim = 0;
    // The file holds the latent's expansion split per head as llama.cpp's MLA files do
    // (k_b_proj, v_b_proj) rather than as Hugging Face's kv_b_proj.
    bool splitKvB = false;

    bool operator==(const LatentAttention &) const = default;
};

enum class ExpertGating { Softmax, Sigmoid };
// How groups of experts are ranked before the top-k (DeepSeek-V2: a group's best expert;
// V3: the sum of its best two).
enum class ExpertGroupScore { Max, TopTwoSum };

// Routed experts (DeepSeek-V2/V3 MoE layers).
struct MixtureOfExperts
{
    std::int64_t expertCount = 0;     // routed experts; 0: every layer is a dense MLP
    std::int64_t expertsPerToken = 0; // top-k
    std::int64_t sharedExperts = 0;   // always-on experts, one MLP of sharedExperts × expertWidth
    std::int64_t expertWidth = 0;     // moe_intermediate_size
    std::int64_t leadingDenseLayers = 0; // first_k_dense_replace
    ExpertGating gating = ExpertGating::Softmax;
    bool normalizeWeights = false;  // norm_topk_prob
    float weightScale = 1.0f;       // routed_scaling_factor
    std::int64_t groupCount = 0;    // n_group; <= 1: no group limit
    std::int64_t groupsUsed = 0;    // topk_group
    ExpertGroupScore groupScore = ExpertGroupScore::TopTwoSum;
    bool selectionBias = false;     // e_score_correction_bias (V3)

    bool operator==(const MixtureOfExperts &) const = default;
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
    std::int64_t headDim = 0; // explicit in qwen3; hidden / heads otherwise; DeepSeek2: nope + rope
    std::int64_t vocabSize = 0;
    std::int64_t maxPositions = 0;
    // Single precision, as the engine computes with them and GGUF stores them.
    float ropeTheta = 10000.0f;
    float rmsNormEps = 1e-6f;
    bool tieWordEmbeddings = false;
    bool attentionBias = false; // q/k/v projections have a bias (qwen2)
    bool qkNorm = false;        // per-head RMSNorm of q and k (qwen3)
    RopeScaling ropeScaling;
    LatentAttention mla;    // DeepSeek2
    MixtureOfExperts moe;   // DeepSeek2
    std::optional<std::int64_t> bosTokenId;
    std::vector<std::int64_t> eosTokenIds;

    bool operator==(const ModelConfig &) const = default;
};

// Parses config.json text; `source` names it in errors. An architecture DeskSeek cannot run
// gives ErrorCode::UnknownArchitecture with its name.
Result<ModelConfig> parseModelConfig(std::string_view json, const std::string &source);
Result<ModelConfig> loadModelConfig(const std::filesystem::path &configJson);

// Whether layer `index` has routed experts (otherwise a dense MLP of intermediateSize).
bool isExpertLayer(const ModelConfig &config, std::int64_t index);
// The width of rotary position embeddings in a head (headDim, or DeepSeek2's rope part).
std::int64_t rotaryDimensions(const ModelConfig &config);

// Checks the numbers for consistency (heads divide, sizes positive and bounded); throws.
void validateModelConfig(const ModelConfig &config, const std::string &source);

} // namespace deskseek::engine::model
