#pragma once

// Internal to the engine: reading JSON files with errors that name the file. Include only
// from .cpp files (nlohmann/json is a heavy header).
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace deskseek::engine::model {

// Reads and parses a JSON file (at most 256 MiB); throws EngineException on failure.
nlohmann::json readJsonFile(const std::filesystem::path &path);
// Parses text; `source` names it in errors.
nlohmann::json parseJson(std::string_view text, const std::string &source);

// Typed lookups that throw a Corrupt error naming `source` and the key on a wrong type.
std::optional<std::int64_t> optionalInt(const nlohmann::json &object, const char *key,
                                        const std::string &source);
std::optional<double> optionalNumber(const nlohmann::json &object, const char *key,
                                     const std::string &source);
std::optional<bool> optionalBool(const nlohmann::json &object, const char *key,
                                 const std::string &source);
std::optional<std::string> optionalString(const nlohmann::json &object, const char *key,
                                          const std::string &source);

} // namespace deskseek::engine::model
