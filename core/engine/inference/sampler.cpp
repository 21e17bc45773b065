#include "engine/inference/sampler.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

namespace deskseek::engine::inference {

namespace {

bool byLogitDescending(const std::pair<float, std::int32_t> &a, const std::pair<float, std::int32_t> &b)
{
    return a.first > b.first || (a.first == b.first && a.second < b.second);
}

} // namespace

std::int32_t argmax(const std::vector<float> &values)
{
    if (values.empty())
        return -1;
    return static_cast<std::int32_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

Sampler::Sampler(SamplingOptions options)
    : m_options(options)
    , m_random(options.seed ? *options.seed : std::random_device{}())
{
}

void Sampler::applyPenalty(std::vector<float> &logits, const std::vector<std::int32_t> &history) const
{
    const float penalty = m_options.repetitionPenalty;
    if (penalty == 1.0f || penalty <= 0.0f || m_options.repeatLastN == 0)
        return;
    const std::size_t window = m_options.repeatLastN < 0
                                   ? history.size()
                                   : std::min<std::size_t>(history.size(), m_options.repeatLastN);
    std::unordered_set<std::int32_t> seen(history.end() - static_cast<std::ptrdiff_t>(window), history.end());
    for (const std::int32_t token : seen) {
        if (token < 0 || static_cast<std::size_t>(token) >= logits.size())
            continue;
        float &logit = logits[static_cast<std::size_t>(token)];
        logit = logit > 0.0f ? logit / penalty : logit * penalty;
    }
}

std::vector<Candidate> Sampler::candidates(std::vector<float> &logits,
                                           const std::vector<std::int32_t> &history) const
{
    applyPenalty(logits, history);
    if (logits.empty())
        return {};
    if (m_options.temperature <= 0.0f || m_options.topK == 1)
        return {{argmax(logits), 1.0f}};

    // Sorted (logit, token), most likely first. Most distributions are decided by a few hundred
    // tokens: sort those first and the whole vocabulary only when top-p needs more.
    std::vector<std::pair<float, std::int32_t>> sorted(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i)
        sorted[i] = {logits[i], static_cast<std::int32_t>(i)};
    const std::size_t size = sorted.size();
    std::size_t keep = m_options.topK > 0 ? std::min<std::size_t>(size, m_options.topK) : size;
    const float inverseTemperature = 1.0f / m_options.temperature;
    const auto sortPrefix = [&](std::size_t count) {
        std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(count), sorted.end(),
                          byLogitDescending);
    };
    std::size_t sortedCount = std::min<std::size_t>(keep, 1024);
    sortPrefix(sortedCount);

    // Softmax over the kept tokens at this temperature (the denominator needs all of them).
    const float top = sorted[0].first;
    double total = 0.0;
    for (std::size_t i = 0; i < keep; ++i)
        total += std::exp(static_cast<double>((sorted[i].first - top) * inverseTemperature));
    const auto probability = [&](std::size_t i) {
        return static_cast<float>(std::exp(static_cast<double>((sorted[i].first - top) * inverseTemperature)) / total);
    };

    if (m_options.topP < 1.0f) {
        double cumulative = 0.0;
        std::size_t count = 0;
        while (count < keep) {
            if (count == sortedCount) { // the sorted prefix did not reach p: sort everything
                sortedCount = keep;
                sortPrefix(sortedCount);
            }
            cumulative += probability(count);
            ++count;
            if (cumulative >= m_options.topP)
                break;
        }
        keep = count;
    }
    if (keep > sortedCount)
        sortPrefix(keep);
    if (m_options.minP > 0.0f) {
        const float threshold = m_options.minP * probability(0);
        std::size_t count = 1;
        while (count < keep && probability(count) >= threshold)
            ++count;
        keep = count;
    }

    std::vector<Candidate> result(keep);
    double kept = 0.0;
    for (std::size_t i = 0; i < keep; ++i) {
        result[i] = {sorted[i].second, probability(i)};
        kept += result[i].probability;
    }
    for (Candidate &candidate : result)
        candidate.probability = static_cast<float>(candidate.probability / kept);
    return result;
}

std::int32_t Sampler::sample(std::vector<float> &logits, const std::vector<std::int32_t> &history)
{
    const std::vector<Candidate> kept = candidates(logits, history);
    if (kept.empty())
        return -1;
    if (kept.size() == 1)
        return kept.front().token;
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double draw = uniform(m_random);
    double cumulative = 0.0;
    for (const Candidate &candidate : kept) {
        cumulative += candidate.probability;
        if (draw < cumulative)
            return candidate.token;
    }
    return kept.back().token; // rounding left the draw just above the sum
}

} // namespace deskseek::engine::inference
