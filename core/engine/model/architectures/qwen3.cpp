#include "engine/model/architectures/descriptors.h"
#include "engine/model/architectures/llamafamily.h"

#include "engine/model/jsonfile.h"

#include <array>

// Qwen3 (DeepSeek-R1-0528-Qwen3-8B): per-head RMSNorm of q and k, an explicit head_dim, biases
// only with attention_bias.
namespace deskseek::engine::model {

namespace {

constexpr std::array<NamePair, 14> kLayerNames = {{DESKSEEK_LLAMA_FAMILY_LAYER_NAMES,
                                                   DESKSEEK_QKV_BIAS_NAMES,
                                                   {"self_attn.q_norm.weight", "attn_q_norm.weight"},
                                                   {"self_attn.k_norm.weight", "attn_k_norm.weight"}}};

void readConfig(const nlohmann::json &json, const std::string &source, ModelConfig &config)
{
    config.attentionBias = optionalBool(json, "attention_bias", source).value_or(false);
    config.qkNorm = true;
}

} // namespace

const ArchitectureDescriptor &qwen3Descriptor()
{
    static const ArchitectureDescriptor descriptor{Architecture::Qwen3, "qwen3", {"qwen3"}, "Qwen3ForCausalLM", readConfig,
                                                   llamaFamilyTensors, kLayerNames, noRopePermutation, llamaFamilyCacheValues};
    return descriptor;
}

} // namespace deskseek::engine::model
