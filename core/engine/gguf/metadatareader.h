#pragma once

#include "engine/error.h"
#include "engine/gguf/gguffile.h"

#include <optional>
#include <string>
#include <vector>

namespace deskseek::engine::gguf {

// Typed reads of a GGUF file's metadata; a value of the wrong type is a Corrupt error that names
// the file and the key.
class MetadataReader
{
public:
    explicit MetadataReader(const GgufFile &file)
        : m_file(file)
    {
    }

    const GgufValue *find(const std::string &key) const { return m_file.find(key); }

    [[noreturn]] void bad(const std::string &key, const char *expected) const
    {
        fail(ErrorCode::Corrupt, m_file.path().string() + ": the metadata '" + key + "' should be "
                                     + expected + ". The file is damaged or was not made for "
                                                  "llama.cpp.");
    }

    std::optional<std::int64_t> integer(const std::string &key) const
    {
        const GgufValue *value = find(key);
        if (!value)
            return std::nullopt;
        const auto number = value->asSigned();
        if (!number || value->type == GgufType::Array)
            bad(key, "an integer");
        return *number;
    }

    std::int64_t requiredInteger(const std::string &key) const
    {
        const auto value = integer(key);
        if (!value)
            fail(ErrorCode::Corrupt, m_file.path().string() + " has no '" + key + "'. It is not a complete model file.");
        return *value;
    }

    std::optional<double> number(const std::string &key) const
    {
        const GgufValue *value = find(key);
        if (!value)
            return std::nullopt;
        const auto number = value->asDouble();
        if (!number || value->type == GgufType::Array)
            bad(key, "a number");
        return *number;
    }

    std::optional<std::string> text(const std::string &key) const
    {
        const GgufValue *value = find(key);
        if (!value)
            return std::nullopt;
        if (!value->asString())
            bad(key, "a string");
        return *value->asString();
    }

    std::optional<bool> flag(const std::string &key) const
    {
        const GgufValue *value = find(key);
        if (!value)
            return std::nullopt;
        if (!value->asBool())
            bad(key, "true or false");
        return *value->asBool();
    }

    std::vector<std::string> strings(const std::string &key) const
    {
        const GgufValue *value = find(key);
        std::vector<std::string> out;
        if (!value)
            return out;
        if (!value->isArrayOf(GgufType::String))
            bad(key, "a list of strings");
        out.reserve(value->elements.size());
        for (const GgufValue &element : value->elements)
            out.push_back(*element.asString());
        return out;
    }

    std::optional<std::vector<std::int64_t>> integers(const std::string &key) const
    {
        const GgufValue *value = find(key);
        if (!value)
            return std::nullopt;
        if (value->type != GgufType::Array)
            bad(key, "a list of integers");
        std::vector<std::int64_t> out;
        for (const GgufValue &element : value->elements) {
            const auto number = element.asSigned();
            if (!number || element.type == GgufType::Float32 || element.type == GgufType::Float64)
                bad(key, "a list of integers");
            out.push_back(*number);
        }
        return out;
    }

private:
    const GgufFile &m_file;
};

} // namespace deskseek::engine::gguf
