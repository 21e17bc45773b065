#include "engine/gguf/ggufvalue.h"

#include <limits>

namespace deskseek::engine::gguf {

const char *ggufTypeName(GgufType type)
{
    switch (type) {
    case GgufType::Uint8: return "uint8";
    case GgufType::Int8: return "int8";
    case GgufType::Uint16: return "uint16";
    case GgufType::Int16: return "int16";
    case GgufType::Uint32: return "uint32";
    case GgufType::Int32: return "int32";
    case GgufType::Float32: return "float32";
    case GgufType::Bool: return "bool";
    case GgufType::String: return "string";
    case GgufType::Array: return "array";
    case GgufType::Uint64: return "uint64";
    case GgufType::Int64: return "int64";
    case GgufType::Float64: return "float64";
    }
    return "unknown";
}

GgufValue GgufValue::scalarOf(GgufType type, Scalar value)
{
    GgufValue result;
    result.type = type;
    result.scalar = std::move(value);
    return result;
}

GgufValue GgufValue::uint32(std::uint32_t value)
{
    return scalarOf(GgufType::Uint32, std::uint64_t{value});
}

GgufValue GgufValue::uint64(std::uint64_t value)
{
    return scalarOf(GgufType::Uint64, value);
}

GgufValue GgufValue::int32(std::int32_t value)
{
    return scalarOf(GgufType::Int32, std::int64_t{value});
}

GgufValue GgufValue::float32(float value)
{
    return scalarOf(GgufType::Float32, static_cast<double>(value));
}

GgufValue GgufValue::boolean(bool value)
{
    return scalarOf(GgufType::Bool, value);
}

GgufValue GgufValue::string(std::string value)
{
    return scalarOf(GgufType::String, std::move(value));
}

GgufValue GgufValue::stringArray(const std::vector<std::string> &values)
{
    GgufValue result;
    result.type = GgufType::Array;
    result.elementType = GgufType::String;
    result.elements.reserve(values.size());
    for (const std::string &value : values)
        result.elements.push_back(string(value));
    return result;
}

GgufValue GgufValue::int32Array(const std::vector<std::int32_t> &values)
{
    GgufValue result;
    result.type = GgufType::Array;
    result.elementType = GgufType::Int32;
    result.elements.reserve(values.size());
    for (std::int32_t value : values)
        result.elements.push_back(int32(value));
    return result;
}

std::optional<std::uint64_t> GgufValue::asUnsigned() const
{
    if (const auto *value = std::get_if<std::uint64_t>(&scalar))
        return *value;
    if (const auto *value = std::get_if<std::int64_t>(&scalar); value && *value >= 0)
        return static_cast<std::uint64_t>(*value);
    return std::nullopt;
}

std::optional<std::int64_t> GgufValue::asSigned() const
{
    if (const auto *value = std::get_if<std::int64_t>(&scalar))
        return *value;
    if (const auto *value = std::get_if<std::uint64_t>(&scalar);
        value && *value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(*value);
    return std::nullopt;
}

std::optional<double> GgufValue::asDouble() const
{
    if (const auto *value = std::get_if<double>(&scalar))
        return *value;
    if (const auto value = asSigned())
        return static_cast<double>(*value);
    return std::nullopt;
}

std::optional<bool> GgufValue::asBool() const
{
    if (const auto *value = std::get_if<bool>(&scalar))
        return *value;
    return std::nullopt;
}

const std::string *GgufValue::asString() const
{
    return type == GgufType::String ? std::get_if<std::string>(&scalar) : nullptr;
}

} // namespace deskseek::engine::gguf
