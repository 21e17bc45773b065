#pragma once

// Internal to the engine: includes ATen.

#include "engine/inference/linearweight.h"
#include "engine/model/modelconfig.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace deskseek::engine::inference::blocks {

// The experts each token goes to, and with what weight: [tokens × k] each, best first.
struct ExpertChoice
{
    std::int64_t perToken = 0;
    std::vector<std::int32_t> experts;
    std::vector<float> weights;
};

// The router's decision from its logits [tokens, experts] (float, CPU), as DeepSeek-V2/V3 and
// llama.cpp's build_moe_ffn make it: scores = softmax or sigmoid of the logits; for selection
// only, plus `selectionBias` (V3's e_score_correction_bias; nullptr for none), and limited to the
// best groupsUsed of groupCount groups (ranked by their best expert or their best two); the top
// k by selection score; weights the unbiased scores of those, normalised to sum 1 when asked
// (the sum clamped at 6.1e-5), times the weight scale.
ExpertChoice routeTokens(const at::Tensor &logits, const model::MixtureOfExperts &moe, const float *selectionBias);

// One SwiGLU expert: down(silu(gate x) × up x).
struct Expert
{
    LinearWeight gate, up, down;
};

// Σ weight × expert(x) over each token's chosen experts, plus shared(x) when given (an expert
// every token uses, at weight 1): x [tokens, hidden] float. Tokens are grouped by expert, so an
// expert's weights are read once for all the tokens that chose it (and a decoding step reads
// only the chosen experts' rows); all the experts' gate and up products are one pass over their
// panels, their down products another.
at::Tensor mixExperts(const at::Tensor &x, const std::vector<Expert> &experts, const ExpertChoice &choice,
                      const Expert *shared = nullptr);

} // namespace deskseek::engine::inference::blocks
