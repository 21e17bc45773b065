#pragma once

#include "engine/model/generationconfig.h"
#include "engine/model/modelconfig.h"
#include "engine/model/tensordata.h"
#include "engine/result.h"
#include "engine/tokenizer/tokenizerconfig.h"
#include "engine/tokenizer/vocabulary.h"

#include <filesystem>
#include <string>
#include <vector>

namespace deskseek::engine::model {

enum class ModelFormat { HuggingFace, Gguf };

// Everything a model is, whatever file layout it came in: its shape, its sampling defaults, its
// tokenizer and chat format, and its weights under Hugging Face names (views into mapped files).
// Reading a GGUF that DeskSeek wrote from a Hugging Face folder gives the same description.
struct ModelFiles
{
    ModelFormat format = ModelFormat::HuggingFace;
    std::filesystem::path path;
    std::string name; // the folder's or file's name
    ModelConfig config;
    GenerationConfig generation;
    tokenizer::TokenizerConfig tokenizerConfig;
    tokenizer::Vocabulary vocabulary;
    std::vector<TensorData> tensors; // in a stable order: embeddings, layers, norm, head

    const TensorData *findTensor(const std::string &name) const;

    // A Hugging Face folder (config.json, *.safetensors, tokenizer.json, ...).
    static Result<ModelFiles> openFolder(const std::filesystem::path &folder);
    // A .gguf file.
    static Result<ModelFiles> openGguf(const std::filesystem::path &file);
    // Either, by what the path is.
    static Result<ModelFiles> open(const std::filesystem::path &path);
};

// The tensors a model of this configuration must have, by Hugging Face name, in order.
std::vector<std::string> expectedTensorNames(const ModelConfig &config);
// Checks that every expected tensor exists with the right shape; throws naming the tensor.
void checkTensors(const ModelFiles &files);

} // namespace deskseek::engine::model
