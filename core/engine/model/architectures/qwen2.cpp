#include "engine/model/architectures/descriptors.h"
#include "engine/model/architectures/llamafamily.h"

#include <array>

// Qwen2 (DeepSeek-R1-Distill-Qwen): q/k/v biases always, head_dim = hidden / heads.
namespace deskseek::engine::model {

namespace {

constexpr std::array<NamePair, 12> kLayerNames = {{DESKSEEK_LLAMA_FAMILY_LAYER_NAMES, DESKSEEK_QKV_BIAS_NAMES}};

void readConfig(const nlohmann::json &, const std::string &, ModelConfig &config)
{
    config.attentionBias = true;
    config.headDim = config.headCount > 0 ? config.hiddenSize / config.headCount : 0; // (head_dim is not read)
}

} // namespace

const ArchitectureDescriptor &qwen2Descriptor()
{
    static const ArchitectureDescriptor descriptor{Architecture::Qwen2, "qwen2", {"qwen2"}, "Qwen2ForCausalLM", readConfig,
                                                   llamaFamilyTensors, kLayerNames, noRopePermutation, llamaFamilyCacheValues};
    return descriptor;
}

} // namespace deskseek::engine::model
