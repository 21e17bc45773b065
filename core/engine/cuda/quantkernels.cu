// CUDA kernels for Q8_0, Q4_0, Q4_K and Q6_K weights (see quantkernels.h). Facts of the formats:
// a Q8_0/Q4_0 block is an fp16 scale d and 32 values; Q8_0 stores them as int8 (value = q·d),
// Q4_0 as 16 bytes of nibbles, low nibbles holding elements 0-15 and high nibbles 16-31
// (value = (q − 8)·d). Q4_K: 256 values; fp16 d and dmin, 12 bytes of 6-bit scales and mins for
// 8 sub-blocks of 32, then 128 bytes of nibbles (value v = 64c + 32h + l is nibble h of byte
// 32c + l; value = d·sc·q − dmin·m). Q6_K: 256 values; 128 bytes of low nibbles, 64 of high bit
// pairs, 16 int8 scales for sub-blocks of 16, fp16 d (value v = 128n + 32k + l: nibble k / 2 of
// byte 64n + 32(k % 2) + l, pair k of byte 128 + 32n + l; value = d·sc·(q − 32)).

#include "engine/cuda/quantkernels.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>

namespace deskseek::engine::cuda {

namespace {

constexpr int kWarp = 32;
constexpr int kRowsPerBlock = 4; // warps per thread block, one row each
constexpr int kMaxTokens = 4;

__device__ inline float halfAt(const unsigned char *p)
{
    __half h;
    memcpy(&h, p, sizeof(h));
    return __half2float(h);
}

// Each format: `values` per block, `bytes` per block, and value(block, v): the v-th value of a
// block as a float, scales applied.
template<BlockType Type>
struct Format;

template<>
struct Format<BlockType::Q8_0>
{
    static constexpr int values = 32;
    static constexpr int bytes = 34;
    __device__ static float value(const unsigned char *block, int v)
    {
        return static_cast<float>(static_cast<signed char>(block[2 + v])) * halfAt(block);
    }
};

template<>
struct Format<BlockType::Q4_0>
{
    static constexpr int values = 32;
    static constexpr int bytes = 18;
    __device__ static float value(const unsigned char *block, int v)
    {
        const unsigned char packed = block[2 + (v & 15)];
        return static_cast<float>((v < 16 ? (packed & 0x0f) : (packed >> 4)) - 8) * halfAt(block);
    }
};

template<>
struct Format<BlockType::Q4_K>
{
    static constexpr int values = 256;
    static constexpr int bytes = 144;
    __device__ static float value(const unsigned char *block, int v)
    {
        const unsigned char *scales = block + 4;
        const int j = v / 32;
        int sc, m;
        if (j < 4) {
            sc = scales[j] & 63;
            m = scales[j + 4] & 63;
        } else {
            sc = (scales[j + 4] & 0x0f) | ((scales[j - 4] >> 6) << 4);
            m = (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4);
        }
        const int c = v / 64, h = (v % 64) / 32, l = v % 32;
        const int q = (block[16 + 32 * c + l] >> (4 * h)) & 0x0f;
        return halfAt(block) * static_cast<float>(sc * q) - halfAt(block + 2) * static_cast<float>(m);
    }
};

template<>
struct Format<BlockType::Q6_K>
{
    static constexpr int values = 256;
    static constexpr int bytes = 210;
    __device__ static float value(const unsigned char *block, int v)
    {
        const int n = v / 128, k = (v % 128) / 32, l = v % 32;
        const int low = (block[64 * n + 32 * (k % 2) + l] >> (4 * (k / 2))) & 0x0f;
        const int high = (block[128 + 32 * n + l] >> (2 * k)) & 3;
        const int scale = static_cast<signed char>(block[192 + v / 16]);
        return halfAt(block + 208) * static_cast<float>(scale * ((low | (high << 4)) - 32));
    }
};

__device__ inline float warpSum(float value)
{
    for (int offset = kWarp / 2; offset > 0; offset /= 2)
        value += __shfl_down_sync(0xffffffffu, value, offset);
    return value;
}

// One warp per row; the lanes walk the row's blocks together (lane i takes values i, i + 32, ...
// of each block), so that neighbouring lanes read neighbouring bytes.
template<BlockType Type, int Tokens>
__global__ void gemvKernel(const unsigned char *weights, std::int64_t rows, std::int64_t columns, const float *x, float *y)
{
    const std::int64_t row = static_cast<std::int64_t>(blockIdx.x) * kRowsPerBlock + threadIdx.y;
    if (row >= rows)
        return;
    const int lane = threadIdx.x;
    constexpr int values = Format<Type>::values;
    const std::int64_t blocks = columns / values;
    const unsigned char *stored = weights + row * blocks * Format<Type>::bytes;
    float sums[Tokens];
    for (int t = 0; t < Tokens; ++t)
        sums[t] = 0.0f;
    for (std::int64_t b = 0; b < blocks; ++b) {
        const unsigned char *block = stored + b * Format<Type>::bytes;
        for (int v = lane; v < values; v += kWarp) {
            const float w = Format<Type>::value(block, v);
            for (int t = 0; t < Tokens; ++t)
                sums[t] += w * __ldg(x + t * columns + b * values + v);
        }
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
    constexpr int values = Format<Type>::values;
    const unsigned char *stored = weights + block * Format<Type>::bytes;
    for (int v = threadIdx.x; v < values; v += kWarp)
        out[block * values + v] = __float2half(Format<Type>::value(stored, v));
}

template<BlockType Type>
int launchDequantize(const void *weights, std::int64_t rows, std::int64_t columns, void *out, cudaStream_t stream)
{
    const std::int64_t blocks = rows * columns / Format<Type>::values;
    constexpr int blocksPerThreadBlock = 8;
    const dim3 threads(kWarp, blocksPerThreadBlock);
    const dim3 grid(static_cast<unsigned>((blocks + blocksPerThreadBlock - 1) / blocksPerThreadBlock));
    dequantizeKernel<Type><<<grid, threads, 0, stream>>>(static_cast<const unsigned char *>(weights), blocks,
                                                         static_cast<__half *>(out));
    return static_cast<int>(cudaGetLastError());
}

int blockValues(BlockType type)
{
    return type == BlockType::Q4_K || type == BlockType::Q6_K ? 256 : 32;
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
    if (tokens < 1 || tokens > kMaxTokens || columns % blockValues(type) != 0)
        return static_cast<int>(cudaErrorInvalidValue);
    const auto s = static_cast<cudaStream_t>(stream);
    switch (type) {
    case BlockType::Q8_0: return launchGemv<BlockType::Q8_0>(weights, rows, columns, x, tokens, y, s);
    case BlockType::Q4_0: return launchGemv<BlockType::Q4_0>(weights, rows, columns, x, tokens, y, s);
    case BlockType::Q4_K: return launchGemv<BlockType::Q4_K>(weights, rows, columns, x, tokens, y, s);
    case BlockType::Q6_K: return launchGemv<BlockType::Q6_K>(weights, rows, columns, x, tokens, y, s);
    }
    return static_cast<int>(cudaErrorInvalidValue);
}

int dequantizeToHalf(BlockType type, const void *weights, std::int64_t rows, std::int64_t columns, void *out,
                     void *stream)
{
    if (columns % blockValues(type) != 0)
        return static_cast<int>(cudaErrorInvalidValue);
    const auto s = static_cast<cudaStream_t>(stream);
    switch (type) {
    case BlockType::Q8_0: return launchDequantize<BlockType::Q8_0>(weights, rows, columns, out, s);
    case BlockType::Q4_0: return launchDequantize<BlockType::Q4_0>(weights, rows, columns, out, s);
    case BlockType::Q4_K: return launchDequantize<BlockType::Q4_K>(weights, rows, columns, out, s);
    case BlockType::Q6_K: return launchDequantize<BlockType::Q6_K>(weights, rows, columns, out, s);
    }
    return static_cast<int>(cudaErrorInvalidValue);
}

} // namespace deskseek::engine::cuda
