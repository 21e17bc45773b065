#include "engine/model/deepseek2tensors.h"

#include <cstdlib>

namespace deskseek::engine::model {

std::vector<std::pair<std::string, TensorShape>> deepSeek2Tensors(const ModelConfig &c, bool splitKvB)
{
    const LatentAttention &a = c.mla;
    const MixtureOfExperts &m = c.moe;
    const std::int64_t hidden = c.hiddenSize;
    const std::int64_t heads = c.headCount;
    std::vector<std::pair<std::string, TensorShape>> tensors;
    const auto add = [&](std::string name, TensorShape shape) { tensors.emplace_back(std::move(name), std::move(shape)); };
    add("model.embed_tokens.weight", {c.vocabSize, hidden});
    for (std::int64_t i = 0; i < c.layerCount; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        add(p + "input_layernorm.weight", {hidden});
        if (a.qLoraRank > 0) {
            add(p + "self_attn.q_a_proj.weight", {a.qLoraRank, hidden});
            add(p + "self_attn.q_a_layernorm.weight", {a.qLoraRank});
            add(p + "self_attn.q_b_proj.weight", {heads * c.headDim, a.qLoraRank});
        } else {
            add(p + "self_attn.q_proj.weight", {heads * c.headDim, hidden});
        }
        add(p + "self_attn.kv_a_proj_with_mqa.weight", {a.kvLoraRank + a.qkRopeHeadDim, hidden});
        add(p + "self_attn.kv_a_layernorm.weight", {a.kvLoraRank});
        if (splitKvB) {
            add(p + "self_attn.k_b_proj.weight", {heads, a.kvLoraRank, a.qkNopeHeadDim});
            add(p + "self_attn.v_b_proj.weight", {heads, a.vHeadDim, a.kvLoraRank});
        } else {
            add(p + "self_attn.kv_b_proj.weight", {heads * (a.qkNopeHeadDim + a.vHeadDim), a.kvLoraRank});
        }
        add(p + "self_attn.o_proj.weight", {hidden, heads * a.vHeadDim});
        add(p + "post_attention_layernorm.weight", {hidden});
        if (!isExpertLayer(c, i)) {
            add(p + "mlp.gate_proj.weight", {c.intermediateSize, hidden});
            add(p + "mlp.up_proj.weight", {c.intermediateSize, hidden});
            add(p + "mlp.down_proj.weight", {hidden, c.intermediateSize});
            continue;
        }
        add(p + "mlp.gate.weight", {m.expertCount, hidden});
        if (m.selectionBias)
            add(p + "mlp.gate.e_score_correction_bias", {m.expertCount});
        for (const char *projection : {"gate_proj", "up_proj", "down_proj"}) {
            const bool down = projection[0] == 'd';
            for (std::int64_t e = 0; e < m.expertCount; ++e)
                add(expertTensorName(i, e, projection), down ? TensorShape{hidden, m.expertWidth} : TensorShape{m.expertWidth, hidden});
        }
        if (m.sharedExperts > 0) {
            const std::int64_t width = m.sharedExperts * m.expertWidth;
            add(p + "mlp.shared_experts.gate_proj.weight", {width, hidden});
            add(p + "mlp.shared_experts.up_proj.weight", {width, hidden});
            add(p + "mlp.shared_experts.down_proj.weight", {hidden, width});
        }
    }
    add("model.norm.weight", {hidden});
    if (!c.tieWordEmbeddings)
        add("lm_head.weight", {c.vocabSize, hidden});
    return tensors;
}

namespace {
// Reads "<digits>." at `at`; advances past the dot.
bool number(const std::string &name, std::size_t &at, std::int64_t &value)
{
    const std::size_t start = at;
    while (at < name.size() && at - start < 7 && name[at] >= '0' && name[at] <= '9')
        ++at;
    if (at == start || at >= name.size() || name[at] != '.')
        return false;
    value = std::strtoll(name.c_str() + start, nullptr, 10);
    ++at;
    return true;
}
} // namespace

bool parseExpertTensorName(const std::string &name, ExpertTensorName &out)
{
    static const std::string layers = "model.layers.";
    static const std::string experts = "mlp.experts.";
    if (name.compare(0, layers.size(), layers) != 0)
        return false;
    std::size_t at = layers.size();
    if (!number(name, at, out.layer) || name.compare(at, experts.size(), experts) != 0)
        return false;
    at += experts.size();
    if (!number(name, at, out.expert))
        return false;
    const std::string rest = name.substr(at);
    for (const char *projection : {"gate_proj", "up_proj", "down_proj"}) {
        if (rest == std::string(projection) + ".weight") {
            out.projection = projection;
            return true;
        }
    }
    return false;
}

std::string expertTensorName(std::int64_t layer, std::int64_t expert, const std::string &projection)
{
    return "model.layers." + std::to_string(layer) + ".mlp.experts." + std::to_string(expert) + "." + projection + ".weight";
}

} // namespace deskseek::engine::model
