#pragma once

#include "engine/model/modelconfig.h"

#include <vector>

namespace deskseek::engine::inference {

// Rotary position embedding parameters as Hugging Face computes them (rope_theta and
// rope_scaling of config.json): the inverse frequency of each of the rotated pairs (head_dim / 2,
// or half of DeepSeek's rope dimensions), and the factor that scales cos and sin (YaRN's
// attention factor; 1 otherwise).
struct RopeFrequencies
{
    std::vector<double> inverseFrequencies;
    double attentionFactor = 1.0;
    // What scales the softmax on top of 1 / sqrt(head dims): DeepSeek's YaRN mscale(mscale_all_dim)^2.
    double softmaxFactor = 1.0;
};

RopeFrequencies ropeFrequencies(const model::ModelConfig &config);

} // namespace deskseek::engine::inference
