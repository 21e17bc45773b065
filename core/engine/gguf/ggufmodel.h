#pragma once

#include "engine/gguf/gguffile.h"
#include "engine/model/dtype.h"
#include "engine/model/modelfiles.h"

namespace deskseek::engine::gguf {

// The metadata of a GGUF file for this model, with llama.cpp's keys (so that llama.cpp, Ollama
// and LM Studio can load it) and deskseek.* keys for what llama.cpp's keys do not carry
// (generation defaults, the complete tokenizer_config), so that nothing is lost.
MetadataList ggufModelMetadata(const model::ModelFiles &files, model::DType fileType);

// A GGUF file as a model description (DeskSeek's own files and llama.cpp's).
Result<model::ModelFiles> readGgufModel(const std::filesystem::path &path);

// llama.cpp's general.file_type for a file whose large tensors are `type`, and back.
std::uint32_t llamaFileType(model::DType type);
std::optional<model::DType> dtypeFromLlamaFileType(std::uint64_t fileType);

} // namespace deskseek::engine::gguf
