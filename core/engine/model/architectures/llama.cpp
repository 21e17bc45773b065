#include "engine/model/architectures/descriptors.h"
#include "engine/model/architectures/llamafamily.h"

#include "engine/model/jsonfile.h"

#include <array>

// Llama (DeepSeek-R1-Distill-Llama): biases only with attention_bias; in GGUF the q and k rows
// of each head are interleaved for llama.cpp's rope (TensorData::ropePermutedHeads undoes it).
namespace deskseek::engine::model {

namespace {

constexpr std::array<NamePair, 14> kLayerNames = {{DESKSEEK_LLAMA_FAMILY_LAYER_NAMES,
                                                   DESKSEEK_QKV_BIAS_NAMES,
                                                   {"self_attn.o_proj.bias", "attn_output.bias"},
                                                   {"mlp.down_proj.bias", "ffn_down.bias"}}};

void readConfig(const nlohmann::json &json, const std::string &source, ModelConfig &config)
{
    config.attentionBias = optionalBool(json, "attention_bias", source).value_or(false);
}

bool endsWith(const std::string &name, std::string_view suffix)
{
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::int64_t ropePermutedHeads(const ModelConfig &config, const std::string &hfName)
{
    if (endsWith(hfName, "self_attn.q_proj.weight") || endsWith(hfName, "self_attn.q_proj.bias"))
        return config.headCount;
    if (endsWith(hfName, "self_attn.k_proj.weight") || endsWith(hfName, "self_attn.k_proj.bias"))
        return config.kvHeadCount;
    return 0;
}

} // namespace

const ArchitectureDescriptor &llamaDescriptor()
{
    static const ArchitectureDescriptor descriptor{Architecture::Llama, "llama", {"llama"}, "LlamaForCausalLM", readConfig,
                                                   llamaFamilyTensors, kLayerNames, ropePermutedHeads, llamaFamilyCacheValues};
    return descriptor;
}

} // namespace deskseek::engine::model
