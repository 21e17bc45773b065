#include "engine/model/architectures/llamafamily.h"

namespace deskseek::engine::model {

TensorList llamaFamilyTensors(const ModelConfig &c)
{
    const std::int64_t q = c.headCount * c.headDim;
    const std::int64_t kv = c.kvHeadCount * c.headDim;
    TensorList tensors;
    const auto add = [&](std::string name, TensorShape shape) { tensors.emplace_back(std::move(name), std::move(shape)); };
    add("model.embed_tokens.weight", {c.vocabSize, c.hiddenSize});
    for (std::int64_t i = 0; i < c.layerCount; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        add(p + "input_layernorm.weight", {c.hiddenSize});
        for (const auto &[projection, rows] : {std::pair<const char *, std::int64_t>{"q_proj", q}, {"k_proj", kv}, {"v_proj", kv}}) {
            add(p + "self_attn." + projection + ".weight", {rows, c.hiddenSize});
            if (c.attentionBias)
                add(p + "self_attn." + projection + ".bias", {rows});
        }
        add(p + "self_attn.o_proj.weight", {c.hiddenSize, q});
        if (c.qkNorm) {
            add(p + "self_attn.q_norm.weight", {c.headDim});
            add(p + "self_attn.k_norm.weight", {c.headDim});
        }
        add(p + "post_attention_layernorm.weight", {c.hiddenSize});
        add(p + "mlp.gate_proj.weight", {c.intermediateSize, c.hiddenSize});
        add(p + "mlp.up_proj.weight", {c.intermediateSize, c.hiddenSize});
        add(p + "mlp.down_proj.weight", {c.hiddenSize, c.intermediateSize});
    }
    add("model.norm.weight", {c.hiddenSize});
    if (!c.tieWordEmbeddings)
        add("lm_head.weight", {c.vocabSize, c.hiddenSize});
    return tensors;
}

std::int64_t llamaFamilyCacheValues(const ModelConfig &c)
{
    return 2 * c.kvHeadCount * c.headDim;
}

std::int64_t noRopePermutation(const ModelConfig &, const std::string &)
{
    return 0;
}

} // namespace deskseek::engine::model
