#include "engine/inference/rowdot.h"

#include "engine/model/blockquant.h"
#include "engine/model/halffloat.h"

#include <cstring>

namespace deskseek::engine::inference {

namespace {

using model::DType;

constexpr int kLanes = 8; // independent partial sums, so that the compiler can vectorize

std::uint16_t load16(const std::byte *p)
{
    std::uint16_t value;
    std::memcpy(&value, p, 2);
    return value;
}

float sumLanes(const float *lanes)
{
    float total = 0.0f;
    for (int k = 0; k < kLanes; ++k)
        total += lanes[k];
    return total;
}

float dotF32(const std::byte *row, const float *x, std::int64_t count)
{
    float lanes[kLanes] = {};
    std::int64_t i = 0;
    float w[kLanes];
    for (; i + kLanes <= count; i += kLanes) {
        std::memcpy(w, row + 4 * i, sizeof w);
        for (int k = 0; k < kLanes; ++k)
            lanes[k] += w[k] * x[i + k];
    }
    float total = sumLanes(lanes);
    for (; i < count; ++i) {
        float value;
        std::memcpy(&value, row + 4 * i, 4);
        total += value * x[i];
    }
    return total;
}

template<float (*convert)(std::uint16_t)>
float dot16(const std::byte *row, const float *x, std::int64_t count)
{
    float lanes[kLanes] = {};
    std::int64_t i = 0;
    for (; i + kLanes <= count; i += kLanes)
        for (int k = 0; k < kLanes; ++k)
            lanes[k] += convert(load16(row + 2 * (i + k))) * x[i + k];
    float total = sumLanes(lanes);
    for (; i < count; ++i)
        total += convert(load16(row + 2 * i)) * x[i];
    return total;
}

float dotQ8_0(const std::byte *row, const float *x, std::int64_t count)
{
    float total = 0.0f;
    for (std::int64_t block = 0; block < count / 32; ++block) {
        const std::byte *b = row + block * 34;
        const float *xb = x + block * 32;
        float lanes[kLanes] = {};
        for (int j = 0; j < 32; j += kLanes)
            for (int k = 0; k < kLanes; ++k)
                lanes[k] += static_cast<float>(static_cast<std::int8_t>(b[2 + j + k])) * xb[j + k];
        total += model::halfToFloat(load16(b)) * sumLanes(lanes);
    }
    return total;
}

float dotQ4_0(const std::byte *row, const float *x, std::int64_t count)
{
    float total = 0.0f;
    for (std::int64_t block = 0; block < count / 32; ++block) {
        const std::byte *b = row + block * 18;
        const float *xb = x + block * 32;
        float lanes[kLanes] = {};
        for (int j = 0; j < 16; j += kLanes)
            for (int k = 0; k < kLanes; ++k) {
                const auto packed = static_cast<std::uint8_t>(b[2 + j + k]);
                lanes[k] += static_cast<float>((packed & 0x0f) - 8) * xb[j + k]
                            + static_cast<float>((packed >> 4) - 8) * xb[16 + j + k];
            }
        total += model::halfToFloat(load16(b)) * sumLanes(lanes);
    }
    return total;
}

// Any other block type: each block dequantized by the reference, then dotted.
float dotBlocks(DType type, const std::byte *row, const float *x, std::int64_t count)
{
    const int size = model::blockSize(type);
    const auto bytes = static_cast<std::int64_t>(model::blockBytes(type));
    float values[256];
    float total = 0.0f;
    for (std::int64_t block = 0; block < count / size; ++block) {
        model::dequantizeRow(type, row + block * bytes, size, values);
        total += dotF32(reinterpret_cast<const std::byte *>(values), x + block * size, size);
    }
    return total;
}

} // namespace

float dotRow(model::DType type, const std::byte *row, const float *x, std::int64_t count)
{
    switch (type) {
    case DType::F32:
        return dotF32(row, x, count);
    case DType::F16:
        return dot16<model::halfToFloat>(row, x, count);
    case DType::BF16:
        return dot16<model::bf16ToFloat>(row, x, count);
    case DType::Q8_0:
        return dotQ8_0(row, x, count);
    case DType::Q4_0:
        return dotQ4_0(row, x, count);
    case DType::F8_E4M3:
        return 0.0f; // F8_E4M3 weights are refused at load
    default:
        break;
    }
    return dotBlocks(type, row, x, count);
}

} // namespace deskseek::engine::inference
