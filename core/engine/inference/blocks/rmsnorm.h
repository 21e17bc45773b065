#pragma once

// Internal to the engine: includes ATen.

#include <ATen/core/Tensor.h>

namespace deskseek::engine::inference::blocks {

// x / sqrt(mean(x²) + eps) × weight over the last dimension. The mean of squares is summed in
// double precision and the scale taken as 1 / sqrt in single precision, as ggml computes it, so
// that results stay within rounding of llama.cpp's; on the CPU as plain loops, row by row (a
// row's result does not depend on how many rows come with it).
at::Tensor rmsNorm(const at::Tensor &x, const at::Tensor &weight, float eps);

} // namespace deskseek::engine::inference::blocks
