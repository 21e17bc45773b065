#pragma once

// Internal to the engine: LinearWeight's products through the CUDA kernels of engine/cuda, on
// the device of the tensors and its current stream. Compiled only where the engine has CUDA
// (DESKSEEK_CUDA_ENABLED: nvcc and a CUDA libtorch).

#include "engine/model/dtype.h"

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace deskseek::engine::inference {

// bytes: uint8 [rows, row bytes] of Q8_0 or Q4_0 rows on a GPU; x: float [tokens, columns] on the
// same GPU, 1 to 4 tokens. Returns float [tokens, rows]: one warp per row, the row read once for
// all tokens. Throws EngineException when a launch fails.
at::Tensor cudaQuantizedProduct(const at::Tensor &bytes, model::DType type, std::int64_t columns, const at::Tensor &x);

// The rows as half precision [rows, columns] on their GPU (for prefill through cuBLAS).
at::Tensor cudaDequantizeToHalf(const at::Tensor &bytes, model::DType type, std::int64_t columns);

} // namespace deskseek::engine::inference
