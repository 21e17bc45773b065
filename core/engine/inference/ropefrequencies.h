#pragma once

#include "engine/model/modelconfig.h"

#include <vector>

namespace deskseek::engine::inference {

// Rotary position embedding parameters as Hugging Face computes them (rope_theta and
// rope_scaling of config.json): the inverse frequency of each of the head_dim / 2 rotated pairs,
// and the factor that scales cos and sin (YaRN's attention factor; 1 otherwise).
struct RopeFrequencies
{
    std::vector<double> inverseFrequencies;
    double attentionFactor = 1.0;
};

RopeFrequencies ropeFrequencies(const model::ModelConfig &config);

} // namespace deskseek::engine::inference
