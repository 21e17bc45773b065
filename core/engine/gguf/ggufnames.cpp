#include "engine/gguf/ggufnames.h"

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

// Per layer: Hugging Face suffix after "model.layers.N.", GGUF suffix after "blk.N.".
constexpr std::array<Pair, 33> kLayer = {{
    {"input_layernorm.weight", "attn_norm.weight"},
    {"self_attn.q_proj.weight", "attn_q.weight"},
    {"self_attn.q_proj.bias", "attn_q.bias"},
    {"self_attn.k_proj.weight", "attn_k.weight"},
    {"self_attn.k_proj.bias", "attn_k.bias"},
    {"self_attn.v_proj.weight", "attn_v.weight"},
    {"self_attn.v_proj.bias", "attn_v.bias"},
    {"self_attn.o_proj.weight", "attn_output.weight"},
    {"self_attn.q_norm.weight", "attn_q_norm.weight"},
    {"self_attn.k_norm.weight", "attn_k_norm.weight"},
    {"post_attention_layernorm.weight", "ffn_norm.weight"},
    {"mlp.gate_proj.weight", "ffn_gate.weight"},
    {"mlp.up_proj.weight", "ffn_up.weight"},
    {"mlp.down_proj.weight", "ffn_down.weight"},
    {"self_attn.o_proj.bias", "attn_output.bias"},
    {"mlp.down_proj.bias", "ffn_down.bias"},
    // deepseek2: latent attention
    {"self_attn.q_a_proj.weight", "attn_q_a.weight"},
    {"self_attn.q_a_layernorm.weight", "attn_q_a_norm.weight"},
    {"self_attn.q_b_proj.weight", "attn_q_b.weight"},
    {"self_attn.kv_a_proj_with_mqa.weight", "attn_kv_a_mqa.weight"},
    {"self_attn.kv_a_layernorm.weight", "attn_kv_a_norm.weight"},
    {"self_attn.kv_b_proj.weight", "attn_kv_b.weight"},
    {"self_attn.k_b_proj.weight", "attn_k_b.weight"},
    {"self_attn.v_b_proj.weight", "attn_v_b.weight"},
    // deepseek2: experts (the routed ones stacked, one 3-D tensor per projection)
    {"mlp.gate.weight", "ffn_gate_inp.weight"},
    {"mlp.gate.e_score_correction_bias", "exp_probs_b.bias"},
    {"mlp.experts.gate_proj.weight", "ffn_gate_exps.weight"},
    {"mlp.experts.up_proj.weight", "ffn_up_exps.weight"},
    {"mlp.experts.down_proj.weight", "ffn_down_exps.weight"},
    {"mlp.shared_experts.gate_proj.weight", "ffn_gate_shexp.weight"},
    {"mlp.shared_experts.up_proj.weight", "ffn_up_shexp.weight"},
    {"mlp.shared_experts.down_proj.weight", "ffn_down_shexp.weight"},
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
    for (const auto &[hf, gguf] : kLayer) {
        if (rest == (toGguf ? hf : gguf))
            return (toGguf ? "blk." : "model.layers.") + std::to_string(index) + "."
                   + (toGguf ? gguf : hf);
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
    if (config.architecture != model::Architecture::Llama)
        return 0;
    const auto ends = [&](const char *suffix) {
        const std::string s(suffix);
        return hfName.size() >= s.size() && hfName.compare(hfName.size() - s.size(), s.size(), s) == 0;
    };
    if (ends("self_attn.q_proj.weight") || ends("self_attn.q_proj.bias"))
        return config.headCount;
    if (ends("self_attn.k_proj.weight") || ends("self_attn.k_proj.bias"))
        return config.kvHeadCount;
    return 0;
}

} // namespace deskseek::engine::gguf
