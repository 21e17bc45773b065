#pragma once

#include "engine/gguf/gguffile.h"
#include "engine/gguf/quantscheme.h"
#include "engine/model/dtype.h"
#include "engine/model/modelfiles.h"

namespace deskseek::engine::gguf {

// The metadata of a GGUF file for this model, with llama.cpp's keys (so that llama.cpp, Ollama
// and LM Studio can load it) and deskseek.* keys for what llama.cpp's keys do not carry
// (generation defaults, the complete tokenizer_config), so that nothing is lost.
MetadataList ggufModelMetadata(const model::ModelFiles &files, const QuantScheme &scheme);

// A GGUF file as a model description (DeskSeek's own files and llama.cpp's).
Result<model::ModelFiles> readGgufModel(const std::filesystem::path &path);

} // namespace deskseek::engine::gguf
