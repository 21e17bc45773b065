#include "engine/inference/ropefrequencies.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace deskseek::engine::inference {

namespace {

// YaRN: the dimension whose wavelength makes `rotations` turns over the original context.
double yarnCorrectionDimension(double rotations, double dimensions, double base, double maxPositions)
{
    return dimensions * std::log(maxPositions / (rotations * 2.0 * std::numbers::pi))
           / (2.0 * std::log(base));
}

} // namespace

RopeFrequencies ropeFrequencies(const model::ModelConfig &config)
{
    RopeFrequencies result;
    const std::int64_t dimensions = model::rotaryDimensions(config);
    const double base = config.ropeTheta;
    const std::int64_t pairs = dimensions / 2;
    result.inverseFrequencies.resize(static_cast<std::size_t>(pairs));
    for (std::int64_t i = 0; i < pairs; ++i)
        result.inverseFrequencies[static_cast<std::size_t>(i)]
            = 1.0 / std::pow(base, static_cast<double>(2 * i) / static_cast<double>(dimensions));

    const model::RopeScaling &scaling = config.ropeScaling;
    const double factor = scaling.factor;
    switch (scaling.type) {
    case model::RopeScalingType::None:
        break;
    case model::RopeScalingType::Linear:
        for (double &frequency : result.inverseFrequencies)
            frequency /= factor;
        break;
    case model::RopeScalingType::Llama3: {
        // Long wavelengths are slowed by the factor, short ones kept, and the band between
        // blended smoothly.
        const double original = static_cast<double>(scaling.originalMaxPositions);
        const double lowWavelength = original / scaling.lowFreqFactor;
        const double highWavelength = original / scaling.highFreqFactor;
        for (double &frequency : result.inverseFrequencies) {
            const double wavelength = 2.0 * std::numbers::pi / frequency;
            if (wavelength < highWavelength)
                continue;
            if (wavelength > lowWavelength) {
                frequency /= factor;
                continue;
            }
            const double smooth = (original / wavelength - scaling.lowFreqFactor)
                                  / (scaling.highFreqFactor - scaling.lowFreqFactor);
            frequency = (1.0 - smooth) * frequency / factor + smooth * frequency;
        }
        break;
    }
    case model::RopeScalingType::Yarn: {
        const double original = static_cast<double>(scaling.originalMaxPositions);
        double low = std::floor(yarnCorrectionDimension(scaling.betaFast, static_cast<double>(dimensions), base, original));
        double high = std::ceil(yarnCorrectionDimension(scaling.betaSlow, static_cast<double>(dimensions), base, original));
        low = std::max(low, 0.0);
        high = std::min(high, static_cast<double>(dimensions - 1));
        if (low == high)
            high += 0.001;
        for (std::int64_t i = 0; i < pairs; ++i) {
            double &frequency = result.inverseFrequencies[static_cast<std::size_t>(i)];
            const double ramp = std::clamp((static_cast<double>(i) - low) / (high - low), 0.0, 1.0);
            const double extrapolation = 1.0 - ramp; // share of the original frequency
            frequency = frequency / factor * (1.0 - extrapolation) + frequency * extrapolation;
        }
        if (factor > 1.0)
            result.attentionFactor = 0.1 * std::log(factor) + 1.0;
        if (config.architecture == model::Architecture::DeepSeek2) {
            // DeepSeek's yarn_get_mscale(factor, m) = 0.1 m ln(factor) + 1 (1 for factor <= 1):
            // cos and sin by mscale(mscale) / mscale(mscale_all_dim), the softmax by mscale(mscale_all_dim)^2.
            const auto mscale = [&](double m) { return factor <= 1.0 ? 1.0 : 0.1 * m * std::log(factor) + 1.0; };
            const double own = scaling.mscale > 0.0f ? scaling.mscale : 1.0;
            result.attentionFactor = mscale(own) / mscale(scaling.mscaleAllDim);
            result.softmaxFactor = scaling.mscaleAllDim > 0.0f ? mscale(scaling.mscaleAllDim) * mscale(scaling.mscaleAllDim) : 1.0;
        }
        break;
    }
    }
    return result;
}

} // namespace deskseek::engine::inference
