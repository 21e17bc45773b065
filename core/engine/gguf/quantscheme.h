#pragma once

#include "engine/model/dtype.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deskseek::engine::gguf {

// A GGUF file type as llama.cpp names it ("Q4_K_M", "Q8_0", "F16"): the type most matrices get,
// the rules that give some tensors another one, and the file's general.file_type.
struct QuantScheme
{
    std::string name;                  // "Q4_K_M"
    model::DType base = model::DType::F32;
    std::uint32_t llamaFileType = 0;   // general.file_type (llama.cpp's enum llama_ftype)
    enum class Mix { Uniform, KSmall, KMedium } mix = Mix::Uniform;

    // The type of one tensor (its GGUF name, "blk.3.attn_v.weight") in a file of this scheme,
    // for a model of `layers` layers. Vectors stay F32. For the K mixes (llama.cpp's):
    // output.weight Q6_K; with _M also attn_v and ffn_down Q6_K on the layers where
    // i < n/8, i >= 7n/8 or (i - n/8) % 3 == 2. A matrix whose rows do not fill the type's blocks
    // falls back as llama.cpp does (Q4_K to Q5_0, Q5_K to Q5_1, Q6_K to Q8_0; rows that fill no
    // 32-value block: F16).
    // `tiedEmbeddings`: the model has no output.weight, so token_embd.weight is read as the output
    // head and gets its type.
    model::DType tensorType(std::string_view ggufName, std::int64_t rowLength, std::size_t dimensions,
                            std::int64_t layers, bool tiedEmbeddings = false) const;
};

// The scheme that stores every matrix as `type`.
QuantScheme uniformScheme(model::DType type);

// By name, case-insensitive ("q4_k_m", "Q8_0"); nullopt for a name DeskSeek cannot write.
std::optional<QuantScheme> quantSchemeFromName(std::string_view name);

// By general.file_type (files from llama.cpp and elsewhere), including types DeskSeek only reads.
std::optional<QuantScheme> quantSchemeFromLlamaFileType(std::uint64_t fileType);

// The schemes DeskSeek writes, as command-line names: "f32 f16 bf16 q8_0 ... q6_k".
std::vector<std::string> writableSchemeNames();

} // namespace deskseek::engine::gguf
