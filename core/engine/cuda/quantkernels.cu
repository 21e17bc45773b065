// CUDA kernels for Q8_0 and Q4_0 weights (see quantkernels.h). Facts of the formats: a block is
// an fp16 scale d and 32 values; Q8_0 stores them as int8 (value = q·d), Q4_0 as 16 bytes of
// nibbles, low nibbles holding elements 0-15 and high nibbles 16-31 (value = (q − 8)·d).

#include "engine/cuda/quantkernels.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace deskseek::engine::cuda {

namespace {

constexpr int kWarp = 32;
constexpr int kRowsPerBlock = 4; // warps per thread block, one row each
constexpr int kMaxTokens = 4;

template<BlockType Type>
struct Format;

template<>
struct Format<BlockType::Q8_0>
{
    static constexpr int bytes = 34;
    // The 32 values of a block, one per lane: lane i reads value i.
    __device__ static float value(const unsigned char *block, int i)
    {
        return static_cast<float>(static_cast<signed char>(block[2 + i]));
    }
};

template<>
struct Format<BlockType::Q4_0>
{
    static constexpr int bytes = 18;
    __device__ static float value(const unsigned char *block, int i)
    {
        const unsigned char packed = block[2 + (i & 15)];
        return static_cast<float>((i < 16 ? (packed & 0x0f) : (packed >> 4)) - 8);
    }
};

__device__ inline float blockScale(const unsigned char *block)
{
    __half h;
    memcpy(&h, block, sizeof(h));
    return __half2float(h);
}

__device__ inline float warpSum(float value)
{
    for (int offset = kWarp / 2; offset > 0; offset /= 2)
        value += __shfl_down_sync(0xffffffffu, value, offset);
    return value;
}

// One warp per row; the lanes walk the row's blocks together (lane i takes value i of each
// block), so that neighbouring lanes read neighbouring bytes.
template<BlockType Type, int Tokens>
__global__ void gemvKernel(const unsigned char *weights, std::int64_t rows, std::int64_t columns, const float *x, float *y)
{
    const std::int64_t row = static_cast<std::int64_t>(blockIdx.x) * kRowsPerBlock + threadIdx.y;
    if (row >= rows)
        return;
    const int lane = threadIdx.x;
    const std::int64_t blocks = columns / 32;
    const unsigned char *stored = weights + row * blocks * Format<Type>::bytes;
    float sums[Tokens];
    for (int t = 0; t < Tokens; ++t)
        sums[t] = 0.0f;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const unsigned char *block = stored + b * Format<Type>::bytes;
        const float w = Format<Type>::value(block, lane) * blockScale(block);
        for (int t = 0; t < Tokens; ++t)
            sums[t] += w * __ldg(x + t * columns + b * 32 + lane);
    }
    for (int t = 0; t < Tokens; ++t) {
        const float total = warpSum(sums[t]);
        if (lane == 0)
            y[t * rows + row] = total;
    }
}

template<BlockType Type>
__global__ void dequantizeKernel(const unsigned char *weights, std::int64_t blocks, __half *out)
{
    const std::int64_t block = static_cast<std::int64_t>(blockIdx.x) * blockDim.y + threadIdx.y;
    if (block >= blocks)
        return;
    const unsigned char *stored = weights + block * Format<Type>::bytes;
    out[block * 32 + threadIdx.x] = __float2half(Format<Type>::value(stored, threadIdx.x) * blockScale(stored));
}

template<BlockType Type>
int launchGemv(const void *weights, std::int64_t rows, std::int64_t columns, const float *x, int tokens, float *y,
               cudaStream_t stream)
{
    const dim3 threads(kWarp, kRowsPerBlock);
    const dim3 grid(static_cast<unsigned>((rows + kRowsPerBlock - 1) / kRowsPerBlock));
    const auto *w = static_cast<const unsigned char *>(weights);
    switch (tokens) {
    case 1:
        gemvKernel<Type, 1><<<grid, threads, 0, stream>>>(w, rows, columns, x, y);
        break;
    case 2:
        gemvKernel<Type, 2><<<grid, threads, 0, stream>>>(w, rows, columns, x, y);
        break;
    case 3:
        gemvKernel<Type, 3><<<grid, threads, 0, stream>>>(w, rows, columns, x, y);
        break;
    default:
        gemvKernel<Type, kMaxTokens><<<grid, threads, 0, stream>>>(w, rows, columns, x, y);
        break;
    }
    return static_cast<int>(cudaGetLastError());
}

} // namespace

int quantizedGemv(BlockType type, const void *weights, std::int64_t rows, std::int64_t columns, const float *x,
                  int tokens, float *y, void *stream)
{
    if (tokens < 1 || tokens > kMaxTokens || columns % 32 != 0)
        return static_cast<int>(cudaErrorInvalidValue);
    const auto s = static_cast<cudaStream_t>(stream);
    return type == BlockType::Q8_0 ? launchGemv<BlockType::Q8_0>(weights, rows, columns, x, tokens, y, s)
                                   : launchGemv<BlockType::Q4_0>(weights, rows, columns, x, tokens, y, s);
}

int dequantizeToHalf(BlockType type, const void *weights, std::int64_t rows, std::int64_t columns, void *out,
                     void *stream)
{
    if (columns % 32 != 0)
        return static_cast<int>(cudaErrorInvalidValue);
    const std::int64_t blocks = rows * columns / 32;
    constexpr int blocksPerThreadBlock = 8;
    const dim3 threads(32, blocksPerThreadBlock);
    const dim3 grid(static_cast<unsigned>((blocks + blocksPerThreadBlock - 1) / blocksPerThreadBlock));
    const auto *w = static_cast<const unsigned char *>(weights);
    auto *h = static_cast<__half *>(out);
    const auto s = static_cast<cudaStream_t>(stream);
    if (type == BlockType::Q8_0)
        dequantizeKernel<BlockType::Q8_0><<<grid, threads, 0, s>>>(w, blocks, h);
    else
        dequantizeKernel<BlockType::Q4_0><<<grid, threads, 0, s>>>(w, blocks, h);
    return static_cast<int>(cudaGetLastError());
}

} // namespace deskseek::engine::cuda
