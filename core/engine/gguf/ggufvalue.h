#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace deskseek::engine::gguf {

// GGUF metadata value types (the numbers are the file format's).
enum class GgufType : std::uint32_t {
    Uint8 = 0,
    Int8 = 1,
    Uint16 = 2,
    Int16 = 3,
    Uint32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    Uint64 = 10,
    Int64 = 11,
    Float64 = 12,
};

const char *ggufTypeName(GgufType type);

// One metadata value: a scalar of any GGUF type, a string, or an array (of scalars, strings
// or arrays). The type is kept exactly, so that a file read and written again is identical.
struct GgufValue
{
    using Scalar = std::variant<std::uint64_t, std::int64_t, double, bool, std::string>;

    GgufType type = GgufType::Uint32;
    Scalar scalar = std::uint64_t{0};    // unsigned, signed, float, bool or string by type
    GgufType elementType = GgufType::Uint8; // for arrays
    std::vector<GgufValue> elements;      // for arrays

    bool operator==(const GgufValue &) const = default;

    static GgufValue uint32(std::uint32_t value);
    static GgufValue uint64(std::uint64_t value);
    static GgufValue int32(std::int32_t value);
    static GgufValue float32(float value);
    static GgufValue boolean(bool value);
    static GgufValue string(std::string value);
    static GgufValue stringArray(const std::vector<std::string> &values);
    static GgufValue int32Array(const std::vector<std::int32_t> &values);
    static GgufValue scalarOf(GgufType type, Scalar value);

    // Conversions that accept any integer / float type; nullopt on a mismatch.
    std::optional<std::uint64_t> asUnsigned() const;
    std::optional<std::int64_t> asSigned() const;
    std::optional<double> asDouble() const;
    std::optional<bool> asBool() const;
    const std::string *asString() const;
    bool isArrayOf(GgufType type) const { return this->type == GgufType::Array && elementType == type; }
};

} // namespace deskseek::engine::gguf
