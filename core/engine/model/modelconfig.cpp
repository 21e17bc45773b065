#include "engine/model/modelconfig.h"

#include "engine/model/architecture.h"
#include "engine/model/jsonfile.h"

namespace deskseek::engine::model {

std::string_view architectureName(Architecture architecture)
{
    return describe(architecture).name;
}

std::optional<Architecture> architectureFromName(std::string_view name)
{
    const ArchitectureDescriptor *descriptor = architectureByName(name);
    return descriptor ? std::optional<Architecture>(descriptor->architecture) : std::nullopt;
}

std::optional<Architecture> architectureFromModelType(std::string_view modelType)
{
    const ArchitectureDescriptor *descriptor = architectureByModelType(modelType);
    return descriptor ? std::optional<Architecture>(descriptor->architecture) : std::nullopt;
}

bool isExpertLayer(const ModelConfig &config, std::int64_t index)
{
    return config.moe.expertCount > 0 && index >= config.moe.leadingDenseLayers;
}

std::int64_t rotaryDimensions(const ModelConfig &config)
{
    return config.architecture == Architecture::DeepSeek2 ? config.mla.qkRopeHeadDim : config.headDim;
}

std::string_view ropeScalingName(RopeScalingType type)
{
    switch (type) {
    case RopeScalingType::None: return "none";
    case RopeScalingType::Linear: return "linear";
    case RopeScalingType::Llama3: return "llama3";
    case RopeScalingType::Yarn: return "yarn";
    }
    return "none";
}

namespace {

std::vector<std::int64_t> tokenIdList(const nlohmann::json &object, const char *key,
                                      const std::string &source)
{
    std::vector<std::int64_t> ids;
    if (!object.contains(key) || object[key].is_null())
        return ids;
    const auto &value = object[key];
    if (value.is_number_integer()) {
        ids.push_back(value.get<std::int64_t>());
        return ids;
    }
    if (value.is_array()) {
        for (const auto &id : value) {
            if (!id.is_number_integer())
                fail(ErrorCode::Corrupt, source + ": '" + key + "' holds something other than token ids.");
            ids.push_back(id.get<std::int64_t>());
        }
        return ids;
    }
    fail(ErrorCode::Corrupt, source + ": '" + key + "' should be a token id or a list of them.");
}

RopeScaling parseRopeScaling(const nlohmann::json &config, const std::string &source)
{
    RopeScaling scaling;
    if (!config.contains("rope_scaling") || config["rope_scaling"].is_null())
        return scaling;
    const auto &object = config["rope_scaling"];
    if (!object.is_object())
        fail(ErrorCode::Corrupt, source + ": 'rope_scaling' should be an object.");
    std::string type = optionalString(object, "rope_type", source).value_or("");
    if (type.empty())
        type = optionalString(object, "type", source).value_or("");
    scaling.factor = static_cast<float>(optionalNumber(object, "factor", source).value_or(1.0));
    if (type == "default" || type.empty()) {
        scaling.type = RopeScalingType::None;
    } else if (type == "linear") {
        scaling.type = RopeScalingType::Linear;
    } else if (type == "llama3") {
        scaling.type = RopeScalingType::Llama3;
        scaling.lowFreqFactor = static_cast<float>(optionalNumber(object, "low_freq_factor", source).value_or(1.0));
        scaling.highFreqFactor = static_cast<float>(optionalNumber(object, "high_freq_factor", source).value_or(4.0));
        scaling.originalMaxPositions
            = optionalInt(object, "original_max_position_embeddings", source).value_or(8192);
    } else if (type == "yarn") {
        scaling.type = RopeScalingType::Yarn;
        scaling.betaFast = static_cast<float>(optionalNumber(object, "beta_fast", source).value_or(32.0));
        scaling.betaSlow = static_cast<float>(optionalNumber(object, "beta_slow", source).value_or(1.0));
        scaling.originalMaxPositions
            = optionalInt(object, "original_max_position_embeddings", source).value_or(0);
        scaling.mscale = static_cast<float>(optionalNumber(object, "mscale", source).value_or(0.0));
        scaling.mscaleAllDim = static_cast<float>(optionalNumber(object, "mscale_all_dim", source).value_or(0.0));
    } else {
        fail(ErrorCode::Unsupported, source + ": the rope scaling '" + type
                                         + "' is not supported (none, linear, llama3 and yarn are).");
    }
    if (!(scaling.factor > 0.0f) || scaling.factor > 1024.0f)
        fail(ErrorCode::Corrupt, source + ": the rope scaling factor " + std::to_string(scaling.factor)
                                     + " is out of range.");
    if (scaling.type == RopeScalingType::None)
        scaling = RopeScaling{};
    return scaling;
}

} // namespace

void validateModelConfig(const ModelConfig &c, const std::string &source)
{
    const auto check = [&](bool ok, const std::string &what) {
        if (!ok)
            fail(ErrorCode::Corrupt, source + ": " + what + ". The model's config.json is damaged.");
    };
    constexpr std::int64_t kMaxSize = 1 << 20;
    check(c.hiddenSize > 0 && c.hiddenSize <= kMaxSize, "hidden_size is out of range");
    check(c.intermediateSize > 0 && c.intermediateSize <= 4 * kMaxSize,
          "intermediate_size is out of range");
    check(c.layerCount > 0 && c.layerCount <= 1024, "num_hidden_layers is out of range");
    check(c.headCount > 0 && c.headCount <= 4096, "num_attention_heads is out of range");
    check(c.kvHeadCount > 0 && c.kvHeadCount <= c.headCount && c.headCount % c.kvHeadCount == 0,
          "num_key_value_heads must divide num_attention_heads");
    check(c.headDim > 0 && c.headDim <= 4096 && c.headDim % 2 == 0, "head_dim is out of range");
    check(c.vocabSize > 0 && c.vocabSize <= 16 * kMaxSize, "vocab_size is out of range");
    check(c.maxPositions > 0 && c.maxPositions <= 64 * kMaxSize,
          "max_position_embeddings is out of range");
    check(c.ropeTheta > 0.0f, "rope_theta must be positive");
    check(c.rmsNormEps > 0.0f && c.rmsNormEps < 1.0f, "rms_norm_eps is out of range");
    if (c.architecture == Architecture::DeepSeek2) {
        const LatentAttention &a = c.mla;
        check(a.qLoraRank >= 0 && a.qLoraRank <= kMaxSize, "q_lora_rank is out of range");
        check(a.kvLoraRank > 0 && a.kvLoraRank <= kMaxSize, "kv_lora_rank is out of range");
        check(a.qkNopeHeadDim > 0 && a.qkNopeHeadDim <= 4096, "qk_nope_head_dim is out of range");
        check(a.qkRopeHeadDim > 0 && a.qkRopeHeadDim <= 4096 && a.qkRopeHeadDim % 2 == 0,
              "qk_rope_head_dim is out of range");
        check(a.vHeadDim > 0 && a.vHeadDim <= 4096, "v_head_dim is out of range");
        check(c.headDim == a.qkNopeHeadDim + a.qkRopeHeadDim, "head_dim must be qk_nope_head_dim + qk_rope_head_dim");
        const MixtureOfExperts &m = c.moe;
        check(m.expertCount >= 0 && m.expertCount <= 65536, "n_routed_experts is out of range");
        if (m.expertCount > 0) {
            check(m.expertsPerToken > 0 && m.expertsPerToken <= m.expertCount,
                  "num_experts_per_tok must be between 1 and n_routed_experts");
            check(m.expertWidth > 0 && m.expertWidth <= 4 * kMaxSize, "moe_intermediate_size is out of range");
            check(m.sharedExperts >= 0 && m.sharedExperts <= 64, "n_shared_experts is out of range");
            check(m.leadingDenseLayers >= 0 && m.leadingDenseLayers <= c.layerCount,
                  "first_k_dense_replace is out of range");
            check(m.weightScale > 0.0f && m.weightScale < 1e4f, "routed_scaling_factor is out of range");
            if (m.groupCount > 1) {
                check(m.expertCount % m.groupCount == 0, "n_group must divide n_routed_experts");
                check(m.groupsUsed > 0 && m.groupsUsed <= m.groupCount, "topk_group must be between 1 and n_group");
                check(m.expertsPerToken <= m.groupsUsed * (m.expertCount / m.groupCount),
                      "num_experts_per_tok is more than the experts of topk_group groups");
            }
        }
    }
}

namespace {
ModelConfig configFromJson(const nlohmann::json &json, const std::string &source)
{
    if (!json.is_object())
        fail(ErrorCode::Corrupt, source + " is not a JSON object.");
    ModelConfig config;
    const std::string type = optionalString(json, "model_type", source).value_or("");
    if (json.contains("architectures") && json["architectures"].is_array()
        && !json["architectures"].empty() && json["architectures"][0].is_string()) {
        config.hfArchitecture = json["architectures"][0].get<std::string>();
    }
    const std::optional<Architecture> architecture = architectureFromModelType(type);
    if (!architecture) {
        fail(ErrorCode::UnknownArchitecture,
             "The model uses the architecture '" + (type.empty() ? std::string("(none)") : type)
                 + (config.hfArchitecture.empty() ? "" : " (" + config.hfArchitecture + ")")
                 + "', which this version of DeskSeek cannot run. Supported architectures: "
                 + supportedArchitectureList(true) + ".");
    }
    config.architecture = *architecture;
    const auto required = [&](const char *key) {
        const auto value = optionalInt(json, key, source);
        if (!value)
            fail(ErrorCode::Corrupt, source + " has no '" + key + "'.");
        return *value;
    };
    config.hiddenSize = required("hidden_size");
    config.intermediateSize = required("intermediate_size");
    config.layerCount = required("num_hidden_layers");
    config.headCount = required("num_attention_heads");
    config.kvHeadCount = optionalInt(json, "num_key_value_heads", source).value_or(config.headCount);
    config.vocabSize = required("vocab_size");
    config.maxPositions = optionalInt(json, "max_position_embeddings", source).value_or(4096);
    config.ropeTheta = static_cast<float>(optionalNumber(json, "rope_theta", source).value_or(10000.0));
    config.rmsNormEps = static_cast<float>(optionalNumber(json, "rms_norm_eps", source).value_or(1e-6));
    config.tieWordEmbeddings = optionalBool(json, "tie_word_embeddings", source).value_or(false);
    const std::int64_t defaultHeadDim
        = config.headCount > 0 ? config.hiddenSize / config.headCount : 0;
    config.headDim = optionalInt(json, "head_dim", source).value_or(defaultHeadDim);
    describe(config.architecture).readConfig(json, source, config);
    config.ropeScaling = parseRopeScaling(json, source);
    config.bosTokenId = optionalInt(json, "bos_token_id", source);
    config.eosTokenIds = tokenIdList(json, "eos_token_id", source);
    validateModelConfig(config, source);
    return config;
}
} // namespace

Result<ModelConfig> parseModelConfig(std::string_view text, const std::string &source)
{
    return catchErrors([&] { return configFromJson(parseJson(text, source), source); });
}

Result<ModelConfig> loadModelConfig(const std::filesystem::path &configJson)
{
    return catchErrors([&] { return configFromJson(readJsonFile(configJson), configJson.string()); });
}

} // namespace deskseek::engine::model
