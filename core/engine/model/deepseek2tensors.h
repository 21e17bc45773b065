#pragma once

#include "engine/model/modelconfig.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// DeepSeek-V2/V3's tensors under Hugging Face names (llama.cpp's architecture "deepseek2").
namespace deskseek::engine::model {

using TensorShape = std::vector<std::int64_t>;

// Every tensor a deepseek2 model of this configuration has, with its shape, in file order. The
// routed experts one by one ("model.layers.3.mlp.experts.17.up_proj.weight": GGUF stacks them
// in one 3-D tensor per layer and reading splits them again); the latent's expansion either as
// Hugging Face stores it (self_attn.kv_b_proj, [heads × (nope + v), kv_lora]) or, with
// `splitKvB`, as llama.cpp's MLA files do: self_attn.k_b_proj [heads, kv_lora, nope] (each
// head's key expansion transposed) and self_attn.v_b_proj [heads, v, kv_lora].
std::vector<std::pair<std::string, TensorShape>> deepSeek2Tensors(const ModelConfig &config, bool splitKvB);

// "model.layers.3.mlp.experts.17.up_proj.weight" -> {3, 17, "up_proj"}; false for other names.
struct ExpertTensorName
{
    std::int64_t layer = 0;
    std::int64_t expert = 0;
    std::string projection; // gate_proj, up_proj, down_proj
};
bool parseExpertTensorName(const std::string &name, ExpertTensorName &out);
std::string expertTensorName(std::int64_t layer, std::int64_t expert, const std::string &projection);

} // namespace deskseek::engine::model
