#include "engine/gguf/quantscheme.h"

#include <array>
#include <cctype>
#include <charconv>

namespace deskseek::engine::gguf {

using model::DType;
using Mix = QuantScheme::Mix;

namespace {

struct SchemeFacts
{
    const char *name;
    DType base;
    std::uint32_t fileType; // llama.cpp's enum llama_ftype
    Mix mix;
    bool writable;
};

constexpr std::array<SchemeFacts, 18> kSchemes = {{
    {"F32", DType::F32, 0, Mix::Uniform, true},
    {"F16", DType::F16, 1, Mix::Uniform, true},
    {"BF16", DType::BF16, 32, Mix::Uniform, true},
    {"Q8_0", DType::Q8_0, 7, Mix::Uniform, true},
    {"Q4_0", DType::Q4_0, 2, Mix::Uniform, true},
    {"Q4_1", DType::Q4_1, 3, Mix::Uniform, true},
    {"Q5_0", DType::Q5_0, 8, Mix::Uniform, true},
    {"Q5_1", DType::Q5_1, 9, Mix::Uniform, true},
    {"Q4_K_S", DType::Q4_K, 14, Mix::KSmall, true},
    {"Q4_K_M", DType::Q4_K, 15, Mix::KMedium, true},
    {"Q5_K_S", DType::Q5_K, 16, Mix::KSmall, true},
    {"Q5_K_M", DType::Q5_K, 17, Mix::KMedium, true},
    {"Q6_K", DType::Q6_K, 18, Mix::Uniform, true},
    // Read, not written: other programs' mixes of types DeskSeek runs.
    {"Q2_K", DType::Q2_K, 10, Mix::Uniform, false},
    {"Q3_K_S", DType::Q3_K, 11, Mix::Uniform, false},
    {"Q3_K_M", DType::Q3_K, 12, Mix::Uniform, false},
    {"Q3_K_L", DType::Q3_K, 13, Mix::Uniform, false},
    {"IQ4_XS", DType::IQ4_XS, 30, Mix::Uniform, false},
}};

QuantScheme fromFacts(const SchemeFacts &facts)
{
    return QuantScheme{facts.name, facts.base, facts.fileType, facts.mix};
}

bool sameName(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// "blk.12.ffn_down.weight" -> 12; -1 for tensors outside the layers.
std::int64_t layerOf(std::string_view name)
{
    constexpr std::string_view prefix = "blk.";
    if (name.substr(0, prefix.size()) != prefix)
        return -1;
    std::int64_t layer = -1;
    const char *begin = name.data() + prefix.size();
    const auto [end, error] = std::from_chars(begin, name.data() + name.size(), layer);
    return error == std::errc() && end != begin ? layer : -1;
}

// llama.cpp's use_more_bits(i, n): the first and last eighth of the layers, and every third
// layer in between.
bool moreBits(std::int64_t layer, std::int64_t layers)
{
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

bool contains(std::string_view name, std::string_view part)
{
    return name.find(part) != std::string_view::npos;
}

} // namespace

DType QuantScheme::tensorType(std::string_view ggufName, std::int64_t rowLength, std::size_t dimensions,
                              std::int64_t layers, bool tiedEmbeddings) const
{
    if (dimensions < 2)
        return DType::F32; // norms and biases: small, and precision matters
    if (contains(ggufName, "ffn_gate_inp"))
        return DType::F32; // the experts' router, as llama.cpp keeps it: small, and it picks the experts
    DType type = base;
    const bool output = ggufName == "output.weight" || (tiedEmbeddings && ggufName == "token_embd.weight");
    if (mix != Mix::Uniform && output) {
        type = DType::Q6_K;
    } else if (mix == Mix::KMedium && (contains(ggufName, "attn_v.weight") || contains(ggufName, "ffn_down"))) {
        const std::int64_t layer = layerOf(ggufName);
        if (layer >= 0 && moreBits(layer, layers))
            type = DType::Q6_K;
    }
    if (rowLength % model::blockSize(type) != 0) {
        switch (type) {
        case DType::Q4_K: type = DType::Q5_0; break;
        case DType::Q5_K: type = DType::Q5_1; break;
        case DType::Q6_K: type = DType::Q8_0; break;
        default: break;
        }
    }
    if (rowLength % model::blockSize(type) != 0)
        type = DType::F16;
    return type;
}

QuantScheme uniformScheme(DType type)
{
    for (const SchemeFacts &facts : kSchemes)
        if (facts.base == type && facts.mix == Mix::Uniform)
            return fromFacts(facts);
    return QuantScheme{std::string(model::dtypeName(type)), type, 0, Mix::Uniform};
}

std::optional<QuantScheme> quantSchemeFromName(std::string_view name)
{
    for (const SchemeFacts &facts : kSchemes)
        if (facts.writable && sameName(facts.name, name))
            return fromFacts(facts);
    return std::nullopt;
}

std::optional<QuantScheme> quantSchemeFromLlamaFileType(std::uint64_t fileType)
{
    for (const SchemeFacts &facts : kSchemes)
        if (facts.fileType == fileType)
            return fromFacts(facts);
    return std::nullopt;
}

std::vector<std::string> writableSchemeNames()
{
    std::vector<std::string> names;
    for (const SchemeFacts &facts : kSchemes) {
        if (!facts.writable)
            continue;
        std::string name = facts.name;
        for (char &c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        names.push_back(name);
    }
    return names;
}

} // namespace deskseek::engine::gguf
