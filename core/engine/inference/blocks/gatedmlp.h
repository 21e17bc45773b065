#pragma once

// Internal to the engine: includes ATen.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace deskseek::engine::inference {
class LinearWeight;
}

namespace deskseek::engine::inference::blocks {

// A prompt's tokens go through the MLP this many at a time: its intermediate activations
// ([tokens, intermediate] floats, 4.6 MB for a 1.5B model's 128 tokens) stay small whatever the
// prompt step, for one more pass over the MLP's weights per block.
constexpr std::int64_t kMlpBlockTokens = 128;

// down(silu(gate(x)) × up(x)), x [tokens, hidden] → [tokens, hidden].
at::Tensor gatedMlp(const LinearWeight &gate, const LinearWeight &up, const LinearWeight &down, const at::Tensor &x);

} // namespace deskseek::engine::inference::blocks
