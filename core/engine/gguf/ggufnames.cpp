#include "engine/gguf/ggufnames.h"

#include "engine/model/architecture.h"

#include <array>
#include <cstdlib>
#include <utility>

namespace deskseek::engine::gguf {

namespace {
using Pair = std::pair<const char *, const char *>;

constexpr std::array<Pair, 3> kGlobal = {{
    {"model.embed_tokens.weight", "token_embd.weight"},
    {"model.norm.weight", "output_norm.weight"},
    {"lm_head.weight", "output.weight"},
}};

// Splits "<prefix><digits>.<rest>"; false if the name has another form.
bool splitLayer(const std::string &name, const std::string &prefix, long &index, std::string &rest)
{
    if (name.compare(0, prefix.size(), prefix) != 0)
        return false;
    const std::size_t dot = name.find('.', prefix.size());
    if (dot == std::string::npos || dot == prefix.size() || dot - prefix.size() > 6)
        return false;
    const std::string digits = name.substr(prefix.size(), dot - prefix.size());
    for (char c : digits) {
        if (c < '0' || c > '9')
            return false;
    }
    index = std::strtol(digits.c_str(), nullptr, 10);
    rest = name.substr(dot + 1);
    return true;
}

std::optional<std::string> translate(const std::string &name, bool toGguf)
{
    for (const auto &[hf, gguf] : kGlobal) {
        if (name == (toGguf ? hf : gguf))
            return std::string(toGguf ? gguf : hf);
    }
    long index = 0;
    std::string rest;
    if (!splitLayer(name, toGguf ? "model.layers." : "blk.", index, rest))
        return std::nullopt;
    // Every architecture's layer names (they agree where they overlap).
    for (const model::ArchitectureDescriptor *architecture : model::allArchitectures())
        for (const auto &[hf, gguf] : architecture->layerNames) {
            if (rest == (toGguf ? hf : gguf))
                return (toGguf ? "blk." : "model.layers.") + std::to_string(index) + "." + (toGguf ? gguf : hf);
        }
    return std::nullopt;
}
} // namespace

std::optional<std::string> ggufTensorName(const std::string &hfName)
{
    return translate(hfName, true);
}

std::optional<std::string> hfTensorName(const std::string &ggufName)
{
    return translate(ggufName, false);
}

std::int64_t ropePermutationHeads(const model::ModelConfig &config, const std::string &hfName)
{
    return model::describe(config.architecture).ropePermutedHeads(config, hfName);
}

} // namespace deskseek::engine::gguf
