#pragma once

#include "engine/model/architecture.h"

// What qwen2, qwen3 and llama share: pre-norm blocks of grouped-query attention (q/k/v biases
// where config.attentionBias, per-head q/k norms where config.qkNorm) and a SwiGLU MLP.
namespace deskseek::engine::model {

TensorList llamaFamilyTensors(const ModelConfig &config);
std::int64_t llamaFamilyCacheValues(const ModelConfig &config); // keys and values of every KV head
std::int64_t noRopePermutation(const ModelConfig &config, const std::string &hfName);

// The names every one of them has, within a layer.
#define DESKSEEK_LLAMA_FAMILY_LAYER_NAMES                                                                 \
    {"input_layernorm.weight", "attn_norm.weight"}, {"self_attn.q_proj.weight", "attn_q.weight"},         \
        {"self_attn.k_proj.weight", "attn_k.weight"}, {"self_attn.v_proj.weight", "attn_v.weight"},       \
        {"self_attn.o_proj.weight", "attn_output.weight"}, {"post_attention_layernorm.weight", "ffn_norm.weight"}, \
        {"mlp.gate_proj.weight", "ffn_gate.weight"}, {"mlp.up_proj.weight", "ffn_up.weight"},             \
        {"mlp.down_proj.weight", "ffn_down.weight"}
#define DESKSEEK_QKV_BIAS_NAMES                                                                           \
    {"self_attn.q_proj.bias", "attn_q.bias"}, {"self_attn.k_proj.bias", "attn_k.bias"},                   \
        {"self_attn.v_proj.bias", "attn_v.bias"}

} // namespace deskseek::engine::model
