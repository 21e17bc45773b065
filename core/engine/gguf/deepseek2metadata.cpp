#include "engine/gguf/deepseek2metadata.h"

namespace deskseek::engine::gguf {

using model::ExpertGating;
using model::ExpertGroupScore;

namespace {
constexpr const char *kArch = "deepseek2";
// llama.cpp's llama_expert_gating_func_type.
constexpr std::int64_t kGatingSoftmax = 1;
constexpr std::int64_t kGatingSigmoid = 2;

std::string key(const char *name)
{
    return std::string(kArch) + "." + name;
}
} // namespace

void addDeepSeek2Metadata(const model::ModelConfig &c, MetadataList &m)
{
    const auto add = [&](std::string name, GgufValue value) { m.emplace_back(std::move(name), std::move(value)); };
    const auto u32 = [](std::int64_t value) { return GgufValue::uint32(static_cast<std::uint32_t>(value)); };
    const model::LatentAttention &a = c.mla;
    const model::MixtureOfExperts &e = c.moe;
    add(key("vocab_size"), u32(c.vocabSize));
    add(key("leading_dense_block_count"), u32(e.expertCount > 0 ? e.leadingDenseLayers : c.layerCount));
    add(key("attention.q_lora_rank"), u32(a.qLoraRank));
    add(key("attention.kv_lora_rank"), u32(a.kvLoraRank));
    add(key("attention.key_length"), u32(a.kvLoraRank + a.qkRopeHeadDim));
    add(key("attention.value_length"), u32(a.kvLoraRank));
    add(key("attention.key_length_mla"), u32(a.qkNopeHeadDim + a.qkRopeHeadDim));
    add(key("attention.value_length_mla"), u32(a.vHeadDim));
    add(key("rope.dimension_count"), u32(a.qkRopeHeadDim));
    add(key("expert_feed_forward_length"), u32(e.expertCount > 0 ? e.expertWidth : c.intermediateSize));
    add(key("expert_count"), u32(e.expertCount));
    add(key("expert_used_count"), u32(e.expertsPerToken));
    add(key("expert_shared_count"), u32(e.sharedExperts));
    add(key("expert_weights_scale"), GgufValue::float32(e.weightScale));
    add(key("expert_weights_norm"), GgufValue::boolean(e.normalizeWeights));
    add(key("expert_gating_func"), u32(e.gating == ExpertGating::Sigmoid ? kGatingSigmoid : kGatingSoftmax));
    if (e.groupCount > 1) {
        add(key("expert_group_count"), u32(e.groupCount));
        add(key("expert_group_used_count"), u32(e.groupsUsed));
        // llama.cpp ranks groups by their best two experts (V3); V2's group_limited_greedy by the best one.
        add("deskseek.expert_group_score", GgufValue::string(e.groupScore == ExpertGroupScore::Max ? "max" : "top2"));
    }
    const model::RopeScaling &r = c.ropeScaling;
    if (r.type == model::RopeScalingType::Yarn) {
        // llama.cpp's converter writes 0.1 × mscale_all_dim here, and llama.cpp takes mscale to be
        // mscale_all_dim; DeskSeek keeps both as they were.
        add(key("rope.scaling.yarn_log_multiplier"), GgufValue::float32(0.1f * r.mscaleAllDim));
        add("deskseek.rope.scaling.mscale", GgufValue::float32(r.mscale));
        add("deskseek.rope.scaling.mscale_all_dim", GgufValue::float32(r.mscaleAllDim));
    }
}

void readDeepSeek2Metadata(const MetadataReader &meta, const GgufFile &file, model::ModelConfig &c)
{
    model::LatentAttention &a = c.mla;
    model::MixtureOfExperts &e = c.moe;
    const std::string where = file.path().string();
    a.qLoraRank = meta.integer(key("attention.q_lora_rank")).value_or(0);
    a.kvLoraRank = meta.requiredInteger(key("attention.kv_lora_rank"));
    a.qkRopeHeadDim = meta.requiredInteger(key("rope.dimension_count"));
    const auto keyMla = meta.integer(key("attention.key_length_mla"));
    const auto valueMla = meta.integer(key("attention.value_length_mla"));
    std::int64_t keyLength = 0;
    if (keyMla && valueMla) { // MLA form: one head of the latent
        keyLength = *keyMla;
        a.vHeadDim = *valueMla;
    } else { // the older form: every head's full key and value
        keyLength = meta.requiredInteger(key("attention.key_length"));
        a.vHeadDim = meta.requiredInteger(key("attention.value_length"));
    }
    a.qkNopeHeadDim = keyLength - a.qkRopeHeadDim;
    if (a.qkNopeHeadDim <= 0)
        meta.bad(key("rope.dimension_count"), "smaller than the key length");
    c.headDim = keyLength;
    c.kvHeadCount = c.headCount;
    a.splitKvB = file.findTensor("blk.0.attn_k_b.weight") != nullptr;

    e.expertCount = meta.integer(key("expert_count")).value_or(0);
    e.leadingDenseLayers = meta.integer(key("leading_dense_block_count")).value_or(0);
    if (e.expertCount > 0) {
        e.expertsPerToken = meta.requiredInteger(key("expert_used_count"));
        e.expertWidth = meta.requiredInteger(key("expert_feed_forward_length"));
        e.sharedExperts = meta.integer(key("expert_shared_count")).value_or(0);
        e.weightScale = static_cast<float>(meta.number(key("expert_weights_scale")).value_or(1.0));
        if (e.weightScale == 0.0f)
            e.weightScale = 1.0f; // llama.cpp: 0 is "not set"
        e.normalizeWeights = meta.flag(key("expert_weights_norm")).value_or(false);
        const std::int64_t gating = meta.integer(key("expert_gating_func")).value_or(kGatingSoftmax);
        if (gating == kGatingSoftmax || gating == 0) {
            e.gating = ExpertGating::Softmax;
        } else if (gating == kGatingSigmoid) {
            e.gating = ExpertGating::Sigmoid;
        } else {
            fail(ErrorCode::Unsupported, where + " routes its experts with the gating function " + std::to_string(gating)
                                             + ", which DeskSeek does not know (it knows softmax and sigmoid).");
        }
        e.groupCount = meta.integer(key("expert_group_count")).value_or(0);
        e.groupsUsed = meta.integer(key("expert_group_used_count")).value_or(0);
        if (e.groupCount <= 1)
            e.groupCount = e.groupsUsed = 0;
        const std::string score = meta.text("deskseek.expert_group_score").value_or("top2");
        e.groupScore = score == "max" ? ExpertGroupScore::Max : ExpertGroupScore::TopTwoSum;
        e.selectionBias = file.findTensor("blk." + std::to_string(e.leadingDenseLayers) + ".exp_probs_b.bias") != nullptr;
    }
    model::RopeScaling &r = c.ropeScaling;
    if (r.type == model::RopeScalingType::Yarn) {
        if (meta.find("deskseek.rope.scaling.mscale_all_dim")) {
            r.mscale = static_cast<float>(meta.number("deskseek.rope.scaling.mscale").value_or(0.0));
            r.mscaleAllDim = static_cast<float>(meta.number("deskseek.rope.scaling.mscale_all_dim").value_or(0.0));
        } else if (const auto logMultiplier = meta.number(key("rope.scaling.yarn_log_multiplier"))) {
            r.mscaleAllDim = static_cast<float>(*logMultiplier / 0.1);
            r.mscale = r.mscaleAllDim; // as llama.cpp reads it
        }
        if (const auto fast = meta.number(key("rope.scaling.yarn_beta_fast")))
            r.betaFast = static_cast<float>(*fast);
        if (const auto slow = meta.number(key("rope.scaling.yarn_beta_slow")))
            r.betaSlow = static_cast<float>(*slow);
    }
}

} // namespace deskseek::engine::gguf
