#pragma once

#include "engine/model/architecture.h"

#include <cstdint>
#include <string>

// DeepSeek-V2/V3's routed experts by name: Hugging Face names each expert's matrices
// ("model.layers.3.mlp.experts.17.up_proj.weight"); GGUF stacks them (reading splits them into
// these names again, the converter stacks them back).
namespace deskseek::engine::model {

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
