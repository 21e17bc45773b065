#include "engine/inference/blocks/moe.h"

#include "engine/error.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace deskseek::engine::inference::blocks {

ExpertChoice routeTokens(const at::Tensor &logits, const model::MixtureOfExperts &moe, const float *selectionBias)
{
    const at::Tensor values = logits.to(at::kFloat).contiguous();
    const std::int64_t tokens = values.size(0);
    const std::int64_t count = values.size(1);
    const std::int64_t k = moe.expertsPerToken;
    const std::int64_t groups = moe.groupCount > 1 ? moe.groupCount : 1;
    const std::int64_t perGroup = count / groups;
    ExpertChoice choice;
    choice.perToken = k;
    choice.experts.resize(static_cast<std::size_t>(tokens * k));
    choice.weights.resize(choice.experts.size());
    std::vector<float> scores(static_cast<std::size_t>(count));
    std::vector<float> selection(scores.size());
    std::vector<std::int32_t> order(scores.size());
    std::vector<float> groupScore(static_cast<std::size_t>(groups));
    std::vector<std::int32_t> groupOrder(static_cast<std::size_t>(groups));
    const float *rows = values.data_ptr<float>();
    constexpr float kExcluded = -std::numeric_limits<float>::infinity();
    for (std::int64_t t = 0; t < tokens; ++t) {
        const float *row = rows + t * count;
        if (moe.gating == model::ExpertGating::Softmax) {
            const float top = *std::max_element(row, row + count);
            float sum = 0.0f;
            for (std::int64_t e = 0; e < count; ++e)
                sum += scores[e] = std::exp(row[e] - top);
            for (float &score : scores)
                score /= sum;
        } else {
            for (std::int64_t e = 0; e < count; ++e)
                scores[e] = 1.0f / (1.0f + std::exp(-row[e]));
        }
        for (std::int64_t e = 0; e < count; ++e)
            selection[e] = scores[e] + (selectionBias ? selectionBias[e] : 0.0f);
        if (groups > 1) {
            for (std::int64_t g = 0; g < groups; ++g) {
                float *begin = selection.data() + g * perGroup;
                std::vector<float> sorted(begin, begin + perGroup);
                std::partial_sort(sorted.begin(), sorted.begin() + std::min<std::int64_t>(2, perGroup), sorted.end(),
                                  std::greater<float>());
                groupScore[g] = moe.groupScore == model::ExpertGroupScore::Max || perGroup < 2 ? sorted[0] : sorted[0] + sorted[1];
            }
            std::iota(groupOrder.begin(), groupOrder.end(), 0);
            std::stable_sort(groupOrder.begin(), groupOrder.end(),
                             [&](std::int32_t a, std::int32_t b) { return groupScore[a] > groupScore[b]; });
            for (std::int64_t rank = moe.groupsUsed; rank < groups; ++rank)
                std::fill_n(selection.begin() + groupOrder[rank] * perGroup, perGroup, kExcluded);
        }
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](std::int32_t a, std::int32_t b) {
            return selection[a] > selection[b] || (selection[a] == selection[b] && a < b);
        });
        float sum = 0.0f;
        for (std::int64_t i = 0; i < k; ++i)
            sum += scores[order[i]];
        const float norm = moe.normalizeWeights ? 1.0f / std::max(sum, 6.103515625e-5f) : 1.0f;
        for (std::int64_t i = 0; i < k; ++i) {
            const auto at = static_cast<std::size_t>(t * k + i);
            choice.experts[at] = order[i];
            float weight = scores[order[i]] * norm;
            if (moe.weightScale != 1.0f)
                weight *= moe.weightScale;
            choice.weights[at] = weight;
        }
    }
    return choice;
}

at::Tensor mixExperts(const at::Tensor &x, const std::vector<Expert> &experts, const ExpertChoice &choice, const Expert *shared)
{
    const std::int64_t tokens = x.size(0);
    const std::int64_t k = choice.perToken;
    // Each expert's tokens and weights.
    std::vector<std::vector<std::int64_t>> rows(experts.size());
    std::vector<std::vector<float>> weights(experts.size());
    for (std::int64_t t = 0; t < tokens; ++t) {
        for (std::int64_t i = 0; i < k; ++i) {
            const auto at = static_cast<std::size_t>(t * k + i);
            const auto e = static_cast<std::size_t>(choice.experts[at]);
            if (e >= experts.size())
                fail(ErrorCode::InvalidArgument, "The router chose expert " + std::to_string(e) + " of "
                                                     + std::to_string(experts.size()) + ".");
            rows[e].push_back(t);
            weights[e].push_back(choice.weights[at]);
        }
    }
    // The chosen experts' inputs, then their gate/up products in one pass and their down
    // products in another.
    std::vector<std::size_t> chosen;
    std::vector<at::Tensor> indices, inputs;
    std::vector<const LinearWeight *> gates, ups, downs;
    for (std::size_t e = 0; e < experts.size(); ++e) {
        if (rows[e].empty())
            continue;
        chosen.push_back(e);
        indices.push_back(at::tensor(rows[e], at::kLong).to(x.device()));
        inputs.push_back(static_cast<std::int64_t>(rows[e].size()) == tokens && tokens == 1 ? x : x.index_select(0, indices.back()));
        gates.push_back(&experts[e].gate);
        ups.push_back(&experts[e].up);
        downs.push_back(&experts[e].down);
    }
    if (shared) { // the last of the passes' weights, with every token
        inputs.push_back(x);
        gates.push_back(&shared->gate);
        ups.push_back(&shared->up);
        downs.push_back(&shared->down);
    }
    const std::vector<at::Tensor> outputs = LinearWeight::forwardEach(downs, LinearWeight::swigluEach(gates, ups, inputs));
    // The shared experts' output (a fresh tensor) is where the routed ones are added.
    at::Tensor out = shared ? outputs.back() : at::zeros({tokens, experts.back().down.outFeatures()}, x.options());
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const at::Tensor weighted = outputs[i] * at::tensor(weights[chosen[i]], at::kFloat).to(x.device()).unsqueeze(1);
        out.index_add_(0, indices[i], weighted);
    }
    return out;
}

} // namespace deskseek::engine::inference::blocks
