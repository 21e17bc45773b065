#pragma once

#include "engine/inference/inferencemodel.h"
#include "engine/result.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace deskseek::engine::inference {

// How far a quantized model's next-token predictions are from its original's over a text.
struct QualityReport
{
    std::int64_t positions = 0;       // next-token distributions compared (one per token)
    double meanKlDivergence = 0.0;    // mean KL(original ‖ quantized), in nats
    double maxKlDivergence = 0.0;
    double top1Agreement = 0.0;       // share of positions whose most likely token is the same
    double perplexity = 0.0;          // the quantized model's on the text (its own next tokens)
    double referencePerplexity = 0.0; // the original's
};

struct QualityOptions
{
    std::int64_t chunk = 64;                       // tokens evaluated at a time by each model
    std::function<bool(double fraction)> progress; // return false to cancel
};

// Runs both models over `tokens` (from empty caches, a chunk at a time, so that memory stays at
// two chunks of logits) and compares their distributions after every token. The models must
// share the vocabulary; the text must fit both contexts.
Result<QualityReport> compareModels(InferenceModel &quantized, InferenceModel &reference,
                                    const std::vector<std::int32_t> &tokens, const QualityOptions &options = {});

} // namespace deskseek::engine::inference
