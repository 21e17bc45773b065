#pragma once

// Internal to the engine: includes ATen.

#include "engine/inference/ropefrequencies.h"

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace deskseek::engine::inference::blocks {

// Which values of a head rotate together.
enum class RotaryStyle {
    Halves, // (i, i + dims / 2): Hugging Face's rotate_half (Qwen, Llama; llama.cpp's NeoX style)
    Pairs,  // (2i, 2i + 1): DeepSeek-V2/V3 as stored (llama.cpp's "normal" style)
};

// cos and sin of every position's angles [positions, dims / 2], scaled by the frequencies'
// attention factor (YaRN), in single precision.
struct RotaryTable
{
    at::Tensor cos, sin;
};

RotaryTable rotaryTable(const RopeFrequencies &frequencies, std::int64_t positions);

// x: [tokens, heads, dims] at positions position, position + 1, ...; returns the rotated copy.
at::Tensor rotate(const at::Tensor &x, const RotaryTable &table, std::int64_t position, RotaryStyle style);

} // namespace deskseek::engine::inference::blocks
