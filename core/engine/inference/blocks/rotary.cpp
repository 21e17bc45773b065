#include "engine/inference/blocks/rotary.h"

#include <ATen/ATen.h>

#include <cmath>

namespace deskseek::engine::inference::blocks {

RotaryTable rotaryTable(const RopeFrequencies &frequencies, std::int64_t positions)
{
    const auto pairs = static_cast<std::int64_t>(frequencies.inverseFrequencies.size());
    std::vector<float> cosValues(static_cast<std::size_t>(positions * pairs));
    std::vector<float> sinValues(cosValues.size());
    for (std::int64_t position = 0; position < positions; ++position) {
        for (std::int64_t i = 0; i < pairs; ++i) {
            const double angle = static_cast<double>(position) * frequencies.inverseFrequencies[static_cast<std::size_t>(i)];
            const auto at = static_cast<std::size_t>(position * pairs + i);
            cosValues[at] = static_cast<float>(std::cos(angle) * frequencies.attentionFactor);
            sinValues[at] = static_cast<float>(std::sin(angle) * frequencies.attentionFactor);
        }
    }
    return {at::tensor(cosValues, at::kFloat).reshape({positions, pairs}),
            at::tensor(sinValues, at::kFloat).reshape({positions, pairs})};
}

at::Tensor rotate(const at::Tensor &x, const RotaryTable &table, std::int64_t position, RotaryStyle style)
{
    const std::int64_t tokens = x.size(0);
    const std::int64_t half = x.size(2) / 2;
    const at::Tensor cos = table.cos.narrow(0, position, tokens).unsqueeze(1);
    const at::Tensor sin = table.sin.narrow(0, position, tokens).unsqueeze(1);
    if (style == RotaryStyle::Halves) {
        const at::Tensor first = x.narrow(2, 0, half);
        const at::Tensor second = x.narrow(2, half, half);
        return at::cat({first * cos - second * sin, second * cos + first * sin}, 2);
    }
    const at::Tensor pairs = x.reshape({tokens, x.size(1), half, 2});
    const at::Tensor even = pairs.select(3, 0);
    const at::Tensor odd = pairs.select(3, 1);
    return at::stack({even * cos - odd * sin, odd * cos + even * sin}, 3).reshape(x.sizes());
}

} // namespace deskseek::engine::inference::blocks
