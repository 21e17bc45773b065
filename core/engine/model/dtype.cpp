#include "engine/model/dtype.h"

#include <array>
#include <iterator>
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

// ggml's type ids (enum ggml_type) and block sizes (ggml-common.h).
constexpr std::array<TypeFacts, 15> kTypes = {{
    {DType::F32, "F32", 1, 4, 0},
    {DType::F16, "F16", 1, 2, 1},
    {DType::BF16, "BF16", 1, 2, 30},
    {DType::F8_E4M3, "F8_E4M3", 1, 1, -1},
    {DType::Q8_0, "Q8_0", 32, 34, 8},
    {DType::Q4_0, "Q4_0", 32, 18, 2},
    {DType::Q4_1, "Q4_1", 32, 20, 3},
    {DType::Q5_0, "Q5_0", 32, 22, 6},
    {DType::Q5_1, "Q5_1", 32, 24, 7},
    {DType::Q2_K, "Q2_K", 256, 84, 10},
    {DType::Q3_K, "Q3_K", 256, 110, 11},
    {DType::Q4_K, "Q4_K", 256, 144, 12},
    {DType::Q5_K, "Q5_K", 256, 176, 13},
    {DType::Q6_K, "Q6_K", 256, 210, 14},
    {DType::IQ4_XS, "IQ4_XS", 256, 136, 23},
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

std::string supportedTypeList()
{
    std::string list;
    const std::size_t count = std::size(kAllDTypes);
    std::size_t done = 0;
    for (DType type : kAllDTypes) {
        ++done;
        if (type == DType::F8_E4M3)
            continue;
        if (!list.empty())
            list += done == count ? " and " : ", ";
        list += dtypeName(type);
    }
    return list;
}

bool isSuperBlockType(DType type)
{
    return facts(type).blockSize == 256;
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
