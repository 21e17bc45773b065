#include "engine/model/generationconfig.h"

#include "engine/model/jsonfile.h"

namespace deskseek::engine::model {

namespace {
GenerationConfig fromJson(const nlohmann::json &json, const std::string &source)
{
    if (!json.is_object())
        fail(ErrorCode::Corrupt, source + " is not a JSON object.");
    GenerationConfig config;
    config.bosTokenId = optionalInt(json, "bos_token_id", source);
    if (json.contains("eos_token_id")) {
        const auto &eos = json["eos_token_id"];
        if (eos.is_number_integer()) {
            config.eosTokenIds.push_back(eos.get<std::int64_t>());
        } else if (eos.is_array()) {
            for (const auto &id : eos) {
                if (!id.is_number_integer())
                    fail(ErrorCode::Corrupt, source + ": 'eos_token_id' holds a non-integer.");
                config.eosTokenIds.push_back(id.get<std::int64_t>());
            }
        } else if (!eos.is_null()) {
            fail(ErrorCode::Corrupt, source + ": 'eos_token_id' should be a token id or a list.");
        }
    }
    config.temperature = optionalNumber(json, "temperature", source);
    config.topP = optionalNumber(json, "top_p", source);
    config.topK = optionalInt(json, "top_k", source);
    config.doSample = optionalBool(json, "do_sample", source);
    config.repetitionPenalty = optionalNumber(json, "repetition_penalty", source);
    return config;
}
} // namespace

Result<GenerationConfig> parseGenerationConfig(std::string_view json, const std::string &source)
{
    return catchErrors([&] { return fromJson(parseJson(json, source), source); });
}

Result<GenerationConfig> loadGenerationConfig(const std::filesystem::path &file)
{
    return catchErrors([&] { return fromJson(readJsonFile(file), file.string()); });
}

} // namespace deskseek::engine::model
