#pragma once

#include "engine/model/modelconfig.h"

#include <optional>
#include <string>

// llama.cpp's tensor names, from the architectures' descriptors (model/architectures/).
namespace deskseek::engine::gguf {

// "model.layers.3.self_attn.q_proj.weight" -> "blk.3.attn_q.weight"; nullopt if unknown.
std::optional<std::string> ggufTensorName(const std::string &hfName);
// The reverse.
std::optional<std::string> hfTensorName(const std::string &ggufName);

// The number of heads whose rows llama.cpp interleaves for this tensor (llama q and k weights
// and biases), or 0.
std::int64_t ropePermutationHeads(const model::ModelConfig &config, const std::string &hfName);

} // namespace deskseek::engine::gguf
