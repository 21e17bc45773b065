#include "engine/model/jsonfile.h"

#include "engine/error.h"
#include "engine/model/mappedfile.h"

namespace deskseek::engine::model {

namespace {
constexpr std::size_t kMaxJsonBytes = 256u << 20;

[[noreturn]] void wrongType(const std::string &source, const char *key, const char *expected)
{
    fail(ErrorCode::Corrupt,
         source + ": '" + key + "' should be " + expected + ". The file is damaged or not a "
                                                            "Hugging Face model file.");
}
} // namespace

nlohmann::json parseJson(std::string_view text, const std::string &source)
{
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error &error) {
        fail(ErrorCode::Corrupt, source + " is not valid JSON (at byte " + std::to_string(error.byte)
                                     + "). The file is damaged: download it again.");
    }
}

nlohmann::json readJsonFile(const std::filesystem::path &path)
{
    auto file = MappedFile::open(path);
    if (!file)
        throw EngineException(file.error().code, file.error().message);
    if (file.value()->size() > kMaxJsonBytes) {
        fail(ErrorCode::Corrupt, path.string() + " is " + std::to_string(file.value()->size())
                                     + " bytes, too large for a JSON model file.");
    }
    const auto *text = reinterpret_cast<const char *>(file.value()->data());
    return parseJson(std::string_view(text, file.value()->size()), path.string());
}

std::optional<std::int64_t> optionalInt(const nlohmann::json &object, const char *key,
                                        const std::string &source)
{
    if (!object.contains(key) || object[key].is_null())
        return std::nullopt;
    const auto &value = object[key];
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    if (value.is_number_float()) {
        const double number = value.get<double>();
        if (number == static_cast<double>(static_cast<std::int64_t>(number)))
            return static_cast<std::int64_t>(number);
    }
    wrongType(source, key, "an integer");
}

std::optional<double> optionalNumber(const nlohmann::json &object, const char *key,
                                     const std::string &source)
{
    if (!object.contains(key) || object[key].is_null())
        return std::nullopt;
    if (!object[key].is_number())
        wrongType(source, key, "a number");
    return object[key].get<double>();
}

std::optional<bool> optionalBool(const nlohmann::json &object, const char *key,
                                 const std::string &source)
{
    if (!object.contains(key) || object[key].is_null())
        return std::nullopt;
    if (!object[key].is_boolean())
        wrongType(source, key, "true or false");
    return object[key].get<bool>();
}

std::optional<std::string> optionalString(const nlohmann::json &object, const char *key,
                                          const std::string &source)
{
    if (!object.contains(key) || object[key].is_null())
        return std::nullopt;
    if (!object[key].is_string())
        wrongType(source, key, "a string");
    return object[key].get<std::string>();
}

} // namespace deskseek::engine::model
