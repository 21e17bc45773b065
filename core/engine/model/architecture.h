#pragma once

#include "engine/model/modelconfig.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deskseek::engine::model {

using TensorShape = std::vector<std::int64_t>;
using TensorList = std::vector<std::pair<std::string, TensorShape>>;
using NamePair = std::pair<const char *, const char *>; // a Hugging Face name, its GGUF name

// What DeskSeek knows about one architecture, in one file (model/architectures/<name>.cpp), as
// llama.cpp keeps one per model: its names, its config.json keys, its tensors under Hugging Face
// and GGUF names, and how its KV cache is laid out. Its GGUF metadata beyond the shared keys is
// in gguf/ (deepseek2metadata), its forward pass in inference/ (transformer, architectures/).
struct ArchitectureDescriptor
{
    Architecture architecture;
    std::string_view name;                    // llama.cpp's and GGUF's general.architecture: "qwen2"
    std::vector<std::string_view> modelTypes; // config.json's model_type: "qwen2"; "deepseek_v2", "deepseek_v3"
    std::string_view hfClass;                 // config.json's architectures[0], for a GGUF that does not say
    // Reads the keys beyond the shared ones (sizes, heads, vocabulary, rope, norm epsilon).
    void (*readConfig)(const nlohmann::json &config, const std::string &source, ModelConfig &out);
    // Every tensor under its Hugging Face name with its shape, in file order.
    TensorList (*tensors)(const ModelConfig &config);
    // The tensors within a layer: Hugging Face's name after "model.layers.N.", GGUF's after "blk.N.".
    std::span<const NamePair> layerNames;
    // How many heads' rows llama.cpp interleaves for rope in GGUF (llama's q and k), or 0.
    std::int64_t (*ropePermutedHeads)(const ModelConfig &config, const std::string &hfName);
    // Values the KV cache keeps per token and layer: keys and values of every KV head, or the
    // latent and the rotary key of latent attention.
    std::int64_t (*cacheValuesPerToken)(const ModelConfig &config);
};

const ArchitectureDescriptor &describe(Architecture architecture);
const std::vector<const ArchitectureDescriptor *> &allArchitectures();
const ArchitectureDescriptor *architectureByName(std::string_view name);          // GGUF's name
const ArchitectureDescriptor *architectureByModelType(std::string_view modelType); // config.json's
// "qwen2, qwen3, llama and deepseek2" (or the model types), for messages.
std::string supportedArchitectureList(bool modelTypes);

} // namespace deskseek::engine::model
