#include "engine/model/dtype.h"

#include <array>
#include <cctype>
#include <limits>

namespace deskseek::engine::model {

namespace {
struct TypeFacts
{
    DType type;
    std::string_view name;
    int blockSize;
    int blockBytes;
    std::int64_t ggmlId; // -1: no ggml type
};

// ggml type ids: F32 0, F16 1, Q4_0 2, Q8_0 8, BF16 30.
constexpr std::array<TypeFacts, 6> kTypes = {{
    {DType::F32, "F32", 1, 4, 0},
    {DType::F16, "F16", 1, 2, 1},
    {DType::BF16, "BF16", 1, 2, 30},
    {DType::F8_E4M3, "F8_E4M3", 1, 1, -1},
    {DType::Q8_0, "Q8_0", 32, 34, 8},
    {DType::Q4_0, "Q4_0", 32, 18, 2},
}};

const TypeFacts &facts(DType type)
{
    for (const TypeFacts &entry : kTypes) {
        if (entry.type == type)
            return entry;
    }
    return kTypes[0];
}
} // namespace

std::string_view dtypeName(DType type)
{
    return facts(type).name;
}

std::optional<DType> dtypeFromName(std::string_view name)
{
    for (const TypeFacts &entry : kTypes) {
        if (entry.name.size() != name.size())
            continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(name[i])) == entry.name[i];
        if (same)
            return entry.type;
    }
    return std::nullopt;
}

int blockSize(DType type)
{
    return facts(type).blockSize;
}

int blockBytes(DType type)
{
    return facts(type).blockBytes;
}

std::optional<std::uint64_t> byteSize(DType type, std::uint64_t count)
{
    const auto block = static_cast<std::uint64_t>(blockSize(type));
    if (count % block != 0)
        return std::nullopt;
    const std::uint64_t blocks = count / block;
    const auto bytes = static_cast<std::uint64_t>(blockBytes(type));
    if (blocks > std::numeric_limits<std::uint64_t>::max() / bytes)
        return std::nullopt;
    return blocks * bytes;
}

std::optional<std::uint32_t> ggmlTypeId(DType type)
{
    const std::int64_t id = facts(type).ggmlId;
    if (id < 0)
        return std::nullopt;
    return static_cast<std::uint32_t>(id);
}

std::optional<DType> dtypeFromGgmlTypeId(std::uint32_t id)
{
    for (const TypeFacts &entry : kTypes) {
        if (entry.ggmlId == static_cast<std::int64_t>(id))
            return entry.type;
    }
    return std::nullopt;
}

} // namespace deskseek::engine::model
