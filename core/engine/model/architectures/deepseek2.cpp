#include "engine/model/architectures/deepseek2.h"

#include "engine/model/architectures/descriptors.h"
#include "engine/model/jsonfile.h"

#include <array>
#include <cstdlib>

// DeepSeek-V2 and V3 (llama.cpp's deepseek2): multi-head latent attention (q direct or through a
// LoRA rank; a latent of kv_lora_rank and one rotary key shared by the heads, expanded per head by
// kv_b_proj) and routed experts after the leading dense layers. Hugging Face stores each expert
// and kv_b_proj as they are; GGUF stacks a layer's experts in one 3-D tensor per projection
// and, in llama.cpp's MLA files, splits kv_b_proj per head into k_b (transposed) and v_b.
namespace deskseek::engine::model {

namespace {

constexpr std::array<NamePair, 23> kLayerNames = {{
    {"input_layernorm.weight", "attn_norm.weight"},
    {"post_attention_layernorm.weight", "ffn_norm.weight"},
    {"self_attn.q_proj.weight", "attn_q.weight"},
    {"self_attn.q_a_proj.weight", "attn_q_a.weight"},
    {"self_attn.q_a_layernorm.weight", "attn_q_a_norm.weight"},
    {"self_attn.q_b_proj.weight", "attn_q_b.weight"},
    {"self_attn.kv_a_proj_with_mqa.weight", "attn_kv_a_mqa.weight"},
    {"self_attn.kv_a_layernorm.weight", "attn_kv_a_norm.weight"},
    {"self_attn.kv_b_proj.weight", "attn_kv_b.weight"},
    {"self_attn.k_b_proj.weight", "attn_k_b.weight"},
    {"self_attn.v_b_proj.weight", "attn_v_b.weight"},
    {"self_attn.o_proj.weight", "attn_output.weight"},
    {"mlp.gate_proj.weight", "ffn_gate.weight"},
    {"mlp.up_proj.weight", "ffn_up.weight"},
    {"mlp.down_proj.weight", "ffn_down.weight"},
    {"mlp.gate.weight", "ffn_gate_inp.weight"},
    {"mlp.gate.e_score_correction_bias", "exp_probs_b.bias"},
    {"mlp.experts.gate_proj.weight", "ffn_gate_exps.weight"}, // stacked: all experts of the layer
    {"mlp.experts.up_proj.weight", "ffn_up_exps.weight"},
    {"mlp.experts.down_proj.weight", "ffn_down_exps.weight"},
    {"mlp.shared_experts.gate_proj.weight", "ffn_gate_shexp.weight"},
    {"mlp.shared_experts.up_proj.weight", "ffn_up_shexp.weight"},
    {"mlp.shared_experts.down_proj.weight", "ffn_down_shexp.weight"},
}};

// DeepSeek-V2/V3's keys: MLA's ranks and head parts, and the experts.
void readConfig(const nlohmann::json &json, const std::string &source, ModelConfig &config)
{
    const auto required = [&](const char *key) {
        const auto value = optionalInt(json, key, source);
        if (!value)
            fail(ErrorCode::Corrupt, source + " has no '" + key + "', which a DeepSeek-V2/V3 model needs.");
        return *value;
    };
    if (optionalBool(json, "attention_bias", source).value_or(false))
        fail(ErrorCode::Unsupported, source + ": DeepSeek models with attention biases are not supported.");
    LatentAttention &a = config.mla;
    a.qLoraRank = optionalInt(json, "q_lora_rank", source).value_or(0);
    a.kvLoraRank = required("kv_lora_rank");
    a.qkNopeHeadDim = required("qk_nope_head_dim");
    a.qkRopeHeadDim = required("qk_rope_head_dim");
    a.vHeadDim = required("v_head_dim");
    config.headDim = a.qkNopeHeadDim + a.qkRopeHeadDim;
    config.kvHeadCount = config.headCount;

    MixtureOfExperts &m = config.moe;
    m.expertCount = optionalInt(json, "n_routed_experts", source).value_or(0);
    if (m.expertCount == 0)
        return;
    m.expertsPerToken = required("num_experts_per_tok");
    m.expertWidth = required("moe_intermediate_size");
    m.sharedExperts = optionalInt(json, "n_shared_experts", source).value_or(0);
    m.leadingDenseLayers = optionalInt(json, "first_k_dense_replace", source).value_or(0);
    if (optionalInt(json, "moe_layer_freq", source).value_or(1) != 1)
        fail(ErrorCode::Unsupported, source + ": experts in every n-th layer only (moe_layer_freq) are not supported.");
    const std::string scoring = optionalString(json, "scoring_func", source).value_or("softmax");
    if (scoring == "softmax")
        m.gating = ExpertGating::Softmax;
    else if (scoring == "sigmoid")
        m.gating = ExpertGating::Sigmoid;
    else
        fail(ErrorCode::Unsupported, source + ": the expert gating function '" + scoring
                                         + "' is not supported (softmax and sigmoid are).");
    m.normalizeWeights = optionalBool(json, "norm_topk_prob", source).value_or(false);
    m.weightScale = static_cast<float>(optionalNumber(json, "routed_scaling_factor", source).value_or(1.0));
    const std::string method = optionalString(json, "topk_method", source).value_or("greedy");
    if (method == "greedy") {
        m.groupCount = 0;
    } else if (method == "group_limited_greedy" || method == "noaux_tc") {
        m.groupCount = optionalInt(json, "n_group", source).value_or(1);
        m.groupsUsed = optionalInt(json, "topk_group", source).value_or(m.groupCount);
        m.groupScore = method == "noaux_tc" ? ExpertGroupScore::TopTwoSum : ExpertGroupScore::Max;
        m.selectionBias = method == "noaux_tc";
        if (m.groupCount <= 1)
            m.groupCount = m.groupsUsed = 0;
    } else {
        fail(ErrorCode::Unsupported, source + ": the expert selection '" + method
                                         + "' is not supported (greedy, group_limited_greedy and noaux_tc are).");
    }
}

TensorList tensorsOf(const ModelConfig &c)
{
    const bool splitKvB = c.mla.splitKvB;
    const LatentAttention &a = c.mla;
    const MixtureOfExperts &m = c.moe;
    const std::int64_t hidden = c.hiddenSize;
    const std::int64_t heads = c.headCount;
    TensorList tensors;
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

std::int64_t ropePermutedHeads(const ModelConfig &, const std::string &)
{
    return 0; // stored in the pairs order that DeepSeek's rope and llama.cpp's use alike
}

std::int64_t cacheValues(const ModelConfig &c)
{
    return c.mla.kvLoraRank + c.mla.qkRopeHeadDim;
}

} // namespace

const ArchitectureDescriptor &deepSeek2Descriptor()
{
    static const ArchitectureDescriptor descriptor{Architecture::DeepSeek2, "deepseek2", {"deepseek_v2", "deepseek_v3"},
                                                   "DeepseekV2ForCausalLM", readConfig, tensorsOf, kLayerNames,
                                                   ropePermutedHeads, cacheValues};
    return descriptor;
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
