#include "engine/model/modelfiles.h"

#include "engine/gguf/ggufmodel.h"
#include "engine/model/architecture.h"
#include "engine/model/safetensors.h"
#include "engine/tokenizer/tokenizerjson.h"

#include <algorithm>
#include <set>

namespace deskseek::engine::model {

namespace {
template<typename T>
T unwrap(Result<T> result)
{
    if (!result)
        throw EngineException(result.error().code, result.error().message);
    return std::move(result).value();
}

// An FP8 weight's block scales ([ceil(rows / 128), ceil(columns / 128)] floats), checked.
void attachBlockScales(TensorData &weight, const TensorData *scales, const std::filesystem::path &folder)
{
    if (!scales) {
        fail(ErrorCode::Unsupported, folder.string() + ": tensor '" + weight.name + "' is FP8 without its block scales ('"
                                         + weight.name + "_scale_inv'); DeskSeek converts DeepSeek's FP8 checkpoints, "
                                                         "which have them.");
    }
    const auto blocks = [](std::int64_t n) { return (n + kFp8BlockSize - 1) / kFp8BlockSize; };
    const std::vector<std::int64_t> shape{blocks(weight.rowCount()), blocks(weight.rowLength())};
    if (scales->shape != shape || (scales->dtype != DType::F32 && scales->dtype != DType::BF16)) {
        fail(ErrorCode::Corrupt, folder.string() + ": the block scales of '" + weight.name + "' have the shape "
                                     + scales->describeShape() + " (" + std::string(dtypeName(scales->dtype))
                                     + "); 128 × 128 blocks of " + weight.describeShape() + " need float scales of ["
                                     + std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + "].");
    }
    weight.blockScales = std::make_shared<const TensorData>(*scales);
}
} // namespace

const TensorData *ModelFiles::findTensor(const std::string &name) const
{
    for (const TensorData &tensor : tensors) {
        if (tensor.name == name)
            return &tensor;
    }
    return nullptr;
}

std::vector<std::string> expectedTensorNames(const ModelConfig &config)
{
    std::vector<std::string> names;
    for (auto &[name, shape] : describe(config.architecture).tensors(config))
        names.push_back(std::move(name));
    return names;
}

void checkTensors(const ModelFiles &files)
{
    for (const auto &[name, shape] : describe(files.config.architecture).tensors(files.config)) {
        const TensorData *tensor = files.findTensor(name);
        if (!tensor) {
            fail(ErrorCode::NotFound, files.path.string() + " has no tensor '" + name
                                          + "', which this model's configuration needs. The "
                                            "download is incomplete or the files do not belong "
                                            "together.");
        }
        if (tensor->shape != shape) {
            TensorData expected;
            expected.shape = shape;
            fail(ErrorCode::Corrupt, files.path.string() + ": tensor '" + name + "' has the shape "
                                         + tensor->describeShape() + ", but the configuration needs "
                                         + expected.describeShape() + ".");
        }
        if (tensor->dtype == DType::F8_E4M3 && !tensor->blockScales) {
            fail(ErrorCode::Unsupported, files.path.string() + ": tensor '" + name
                                             + "' is stored as FP8 without block scales, which DeskSeek cannot read.");
        }
    }
}

Result<ModelFiles> ModelFiles::openFolder(const std::filesystem::path &folder)
{
    return catchErrors([&]() -> ModelFiles {
        std::error_code error;
        if (!std::filesystem::is_directory(folder, error))
            fail(ErrorCode::NotFound, folder.string() + " is not a folder.");
        ModelFiles files;
        files.format = ModelFormat::HuggingFace;
        files.path = folder;
        files.name = std::filesystem::absolute(folder, error).lexically_normal().filename().string();
        if (files.name.empty())
            files.name = std::filesystem::absolute(folder, error).lexically_normal().parent_path().filename().string();
        for (const char *required : {"config.json", "tokenizer.json"}) {
            if (!std::filesystem::exists(folder / required, error))
                fail(ErrorCode::NotFound, folder.string() + " has no " + required
                                              + ": it is not a complete Hugging Face model folder.");
        }
        files.config = unwrap(loadModelConfig(folder / "config.json"));
        if (std::filesystem::exists(folder / "generation_config.json", error))
            files.generation = unwrap(loadGenerationConfig(folder / "generation_config.json"));
        if (std::filesystem::exists(folder / "tokenizer_config.json", error))
            files.tokenizerConfig = unwrap(tokenizer::loadTokenizerConfig(folder / "tokenizer_config.json"));
        files.vocabulary = unwrap(tokenizer::loadTokenizerJson(folder / "tokenizer.json"));

        // The special tokens and BOS rule of tokenizer_config.json, by id.
        tokenizer::Vocabulary &vocabulary = files.vocabulary;
        const auto idOf = [&](const std::optional<std::string> &text) -> std::optional<std::int32_t> {
            if (!text)
                return std::nullopt;
            for (const auto &added : vocabulary.addedTokens) {
                if (added.content == *text)
                    return added.id;
            }
            return vocabulary.idOf(*text);
        };
        vocabulary.bosId = idOf(files.tokenizerConfig.bosToken);
        vocabulary.eosId = idOf(files.tokenizerConfig.eosToken);
        vocabulary.padId = idOf(files.tokenizerConfig.padToken);
        vocabulary.addBos = files.tokenizerConfig.addBosToken;
        // The embedding matrix may have more rows than the tokenizer has tokens (padding).
        if (static_cast<std::int64_t>(vocabulary.tokens.size()) > files.config.vocabSize) {
            fail(ErrorCode::Corrupt, folder.string() + ": the tokenizer has "
                                         + std::to_string(vocabulary.tokens.size())
                                         + " tokens but config.json's vocab_size is "
                                         + std::to_string(files.config.vocabSize) + ".");
        }
        for (auto id = static_cast<std::int64_t>(vocabulary.tokens.size()); id < files.config.vocabSize; ++id) {
            vocabulary.tokens.push_back("[PAD" + std::to_string(id) + "]");
            vocabulary.types.push_back(tokenizer::TokenType::Unused);
        }

        const Safetensors weights = unwrap(Safetensors::openFolder(folder));
        std::set<std::string> used;
        for (const std::string &name : expectedTensorNames(files.config)) {
            if (const TensorData *tensor = weights.find(name)) {
                files.tensors.push_back(*tensor);
                used.insert(name);
                if (tensor->dtype == DType::F8_E4M3) {
                    attachBlockScales(files.tensors.back(), weights.find(name + "_scale_inv"), folder);
                    used.insert(name + "_scale_inv");
                }
            }
        }
        for (const auto &[name, tensor] : weights.tensors()) {
            if (!used.count(name) && name.find("rotary_emb.inv_freq") == std::string::npos) {
                fail(ErrorCode::Unsupported, folder.string() + " holds the tensor '" + name
                                                 + "', which a " + std::string(architectureName(files.config.architecture))
                                                 + " model does not have. DeskSeek cannot run this model.");
            }
        }
        checkTensors(files);
        return files;
    });
}

Result<ModelFiles> ModelFiles::openGguf(const std::filesystem::path &file)
{
    return gguf::readGgufModel(file);
}

Result<ModelFiles> ModelFiles::open(const std::filesystem::path &path)
{
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        return openFolder(path);
    return openGguf(path);
}

} // namespace deskseek::engine::model
