#include "engine/tokenizer/tokenizerconfig.h"

#include "engine/model/jsonfile.h"

namespace deskseek::engine::tokenizer {

namespace {

using model::optionalBool;
using model::optionalInt;
using model::optionalString;

// A special token is written either as a string or as {"content": ..., ...}.
std::optional<std::string> tokenText(const nlohmann::json &json, const char *key,
                                     const std::string &source)
{
    if (!json.contains(key) || json[key].is_null())
        return std::nullopt;
    const auto &value = json[key];
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_object() && value.contains("content") && value["content"].is_string())
        return value["content"].get<std::string>();
    fail(ErrorCode::Corrupt, source + ": '" + key + "' is neither a string nor a token object.");
}

TokenizerConfig fromJson(const nlohmann::json &json, const std::string &source)
{
    if (!json.is_object())
        fail(ErrorCode::Corrupt, source + " is not a JSON object.");
    TokenizerConfig config;
    config.tokenizerClass = optionalString(json, "tokenizer_class", source).value_or("");
    config.bosToken = tokenText(json, "bos_token", source);
    config.eosToken = tokenText(json, "eos_token", source);
    config.padToken = tokenText(json, "pad_token", source);
    config.addBosToken = optionalBool(json, "add_bos_token", source).value_or(false);
    config.addEosToken = optionalBool(json, "add_eos_token", source).value_or(false);
    if (json.contains("model_max_length") && json["model_max_length"].is_number_integer())
        config.modelMaxLength = json["model_max_length"].get<std::int64_t>();
    if (json.contains("chat_template")) {
        const auto &value = json["chat_template"];
        if (value.is_string()) {
            config.chatTemplate = value.get<std::string>();
        } else if (value.is_array()) {
            // [{"name": "default", "template": "..."}, {"name": "tool_use", ...}]
            for (const auto &entry : value) {
                if (!entry.is_object() || !entry.contains("template") || !entry["template"].is_string())
                    fail(ErrorCode::Corrupt, source + ": 'chat_template' has an invalid entry.");
                const std::string name = optionalString(entry, "name", source).value_or("");
                if (config.chatTemplate.empty() || name == "default")
                    config.chatTemplate = entry["template"].get<std::string>();
            }
        } else if (!value.is_null()) {
            fail(ErrorCode::Corrupt, source + ": 'chat_template' should be a string.");
        }
    }
    return config;
}

} // namespace

Result<TokenizerConfig> parseTokenizerConfig(std::string_view json, const std::string &source)
{
    return catchErrors([&] { return fromJson(model::parseJson(json, source), source); });
}

Result<TokenizerConfig> loadTokenizerConfig(const std::filesystem::path &file)
{
    return catchErrors([&] { return fromJson(model::readJsonFile(file), file.string()); });
}

} // namespace deskseek::engine::tokenizer
