#pragma once

// Internal to the engine: the CUDA kernels for weights in ggml's block formats, callable from
// plain C++ (no CUDA headers here). Pointers are device pointers; `stream` is a cudaStream_t.
// Each function returns 0, or the CUDA error code of the launch.

#include <cstdint>

namespace deskseek::engine::cuda {

enum class BlockType { Q8_0, Q4_0, Q4_K, Q6_K };

// y[t * rows + r] = dot(weight row r, x[t * columns ...]) for t < tokens (1 to 4): one warp per
// row, the row's blocks read once for all tokens. `columns` is a multiple of the block size (32;
// 256 for Q4_K and Q6_K); weights are rows × columns / 32 blocks of 34 (Q8_0) or 18 (Q4_0)
// bytes, or rows × columns / 256 super-blocks of 144 (Q4_K) or 210 (Q6_K) bytes.
int quantizedGemv(BlockType type, const void *weights, std::int64_t rows, std::int64_t columns, const float *x,
                  int tokens, float *y, void *stream);

// The weights as half-precision rows (rows × columns), for prefill through cuBLAS.
int dequantizeToHalf(BlockType type, const void *weights, std::int64_t rows, std::int64_t columns, void *out,
                     void *stream);

} // namespace deskseek::engine::cuda
