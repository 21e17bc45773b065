#include "engine/model/blockquant.h"

#include "engine/model/halffloat.h"
#include "engine/model/kquants.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace deskseek::engine::model {

namespace {

constexpr int kBlock = 32;

void quantizeQ8_0(const float *src, std::int64_t count, std::uint8_t *dst)
{
    for (std::int64_t block = 0; block < count / kBlock; ++block) {
        const float *x = src + block * kBlock;
        std::uint8_t *out = dst + block * 34;
        float amax = 0.0f;
        for (int j = 0; j < kBlock; ++j)
            amax = std::max(amax, std::fabs(x[j]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        const std::uint16_t scale = floatToHalf(d);
        std::memcpy(out, &scale, 2);
        for (int j = 0; j < kBlock; ++j) {
            const auto q = static_cast<std::int8_t>(std::round(x[j] * id));
            std::memcpy(out + 2 + j, &q, 1);
        }
    }
}

void quantizeQ4_0(const float *src, std::int64_t count, std::uint8_t *dst)
{
    for (std::int64_t block = 0; block < count / kBlock; ++block) {
        const float *x = src + block * kBlock;
        std::uint8_t *out = dst + block * 18;
        // The value with the largest magnitude, sign kept: it maps to -8 exactly.
        const float d = largestMagnitude(x, kBlock) / -8.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        const std::uint16_t scale = floatToHalf(d);
        std::memcpy(out, &scale, 2);
        for (int j = 0; j < kBlock / 2; ++j) {
            const float x0 = x[j] * id;
            const float x1 = x[kBlock / 2 + j] * id;
            const auto q0 = static_cast<std::uint8_t>(
                std::min<int>(15, static_cast<std::int8_t>(x0 + 8.5f)));
            const auto q1 = static_cast<std::uint8_t>(
                std::min<int>(15, static_cast<std::int8_t>(x1 + 8.5f)));
            out[2 + j] = static_cast<std::uint8_t>(q0 | (q1 << 4));
        }
    }
}

std::uint16_t load16(const std::uint8_t *p)
{
    std::uint16_t value;
    std::memcpy(&value, p, 2);
    return value;
}

void store16(std::uint8_t *p, float value)
{
    const std::uint16_t half = floatToHalf(value);
    std::memcpy(p, &half, 2);
}

// Q4_1 and Q5_1: d, m (fp16), [Q5_1: 32 high bits], nibbles; value = q * d + m, with m the
// block's minimum and d its range over 15 (31).
template<int Bits>
void quantizeAffine(const float *src, std::int64_t count, std::uint8_t *dst)
{
    constexpr int levels = (1 << Bits) - 1;
    constexpr int bytes = Bits == 4 ? 20 : 24;
    for (std::int64_t block = 0; block < count / kBlock; ++block) {
        const float *x = src + block * kBlock;
        std::uint8_t *out = dst + block * bytes;
        const float min = *std::min_element(x, x + kBlock);
        const float max = *std::max_element(x, x + kBlock);
        const float d = (max - min) / levels;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        store16(out, d);
        store16(out + 2, min);
        std::uint32_t high = 0;
        std::uint8_t *qs = out + (Bits == 4 ? 4 : 8);
        for (int j = 0; j < kBlock / 2; ++j) {
            const int q0 = std::min(levels, static_cast<int>((x[j] - min) * id + 0.5f));
            const int q1 = std::min(levels, static_cast<int>((x[j + 16] - min) * id + 0.5f));
            qs[j] = static_cast<std::uint8_t>((q0 & 0x0f) | ((q1 & 0x0f) << 4));
            high |= static_cast<std::uint32_t>(q0 >> 4) << j;
            high |= static_cast<std::uint32_t>(q1 >> 4) << (j + 16);
        }
        if (Bits == 5)
            std::memcpy(out + 4, &high, 4);
    }
}

// Q5_0: d, 32 high bits, nibbles; value = (q - 16) * d, the largest magnitude mapped to -16.
void quantizeQ5_0(const float *src, std::int64_t count, std::uint8_t *dst)
{
    for (std::int64_t block = 0; block < count / kBlock; ++block) {
        const float *x = src + block * kBlock;
        std::uint8_t *out = dst + block * 22;
        const float d = largestMagnitude(x, kBlock) / -16.0f; // maps to -16 exactly
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        store16(out, d);
        std::uint32_t high = 0;
        for (int j = 0; j < kBlock / 2; ++j) {
            const int q0 = std::min(31, static_cast<int>(x[j] * id + 16.5f));
            const int q1 = std::min(31, static_cast<int>(x[j + 16] * id + 16.5f));
            out[6 + j] = static_cast<std::uint8_t>((q0 & 0x0f) | ((q1 & 0x0f) << 4));
            high |= static_cast<std::uint32_t>(q0 >> 4) << j;
            high |= static_cast<std::uint32_t>(q1 >> 4) << (j + 16);
        }
        std::memcpy(out + 2, &high, 4);
    }
}

// Q4_1, Q5_0 and Q5_1 to floats.
template<DType Type>
void dequantizeLegacy(const std::uint8_t *in, std::int64_t count, float *dst)
{
    constexpr bool five = Type != DType::Q4_1;
    constexpr bool affine = Type != DType::Q5_0;
    constexpr int bytes = Type == DType::Q4_1 ? 20 : Type == DType::Q5_0 ? 22 : 24;
    for (std::int64_t block = 0; block < count / kBlock; ++block) {
        const std::uint8_t *b = in + block * bytes;
        const float d = halfToFloat(load16(b));
        const float m = affine ? halfToFloat(load16(b + 2)) : 0.0f;
        std::uint32_t high = 0;
        if (five)
            std::memcpy(&high, b + (affine ? 4 : 2), 4);
        const std::uint8_t *qs = b + (Type == DType::Q4_1 ? 4 : Type == DType::Q5_0 ? 6 : 8);
        float *y = dst + block * kBlock;
        for (int j = 0; j < kBlock / 2; ++j) {
            int q0 = qs[j] & 0x0f;
            int q1 = qs[j] >> 4;
            if (five) {
                q0 |= static_cast<int>((high >> j) & 1) << 4;
                q1 |= static_cast<int>((high >> (j + 16)) & 1) << 4;
            }
            if (affine) {
                y[j] = static_cast<float>(q0) * d + m;
                y[j + 16] = static_cast<float>(q1) * d + m;
            } else {
                y[j] = static_cast<float>(q0 - 16) * d;
                y[j + 16] = static_cast<float>(q1 - 16) * d;
            }
        }
    }
}

} // namespace

void quantizeRow(DType type, const float *src, std::int64_t count, void *dst)
{
    auto *out = static_cast<std::uint8_t *>(dst);
    switch (type) {
    case DType::F32:
        std::memcpy(out, src, static_cast<std::size_t>(count) * 4);
        return;
    case DType::F16:
        for (std::int64_t i = 0; i < count; ++i) {
            const std::uint16_t h = floatToHalf(src[i]);
            std::memcpy(out + 2 * i, &h, 2);
        }
        return;
    case DType::BF16:
        for (std::int64_t i = 0; i < count; ++i) {
            const std::uint16_t h = floatToBf16(src[i]);
            std::memcpy(out + 2 * i, &h, 2);
        }
        return;
    case DType::Q8_0:
        quantizeQ8_0(src, count, out);
        return;
    case DType::Q4_0:
        quantizeQ4_0(src, count, out);
        return;
    case DType::Q4_1:
        quantizeAffine<4>(src, count, out);
        return;
    case DType::Q5_0:
        quantizeQ5_0(src, count, out);
        return;
    case DType::Q5_1:
        quantizeAffine<5>(src, count, out);
        return;
    case DType::Q2_K:
    case DType::Q3_K:
    case DType::Q4_K:
    case DType::Q5_K:
    case DType::Q6_K:
    case DType::IQ4_XS:
        quantizeSuperBlocks(type, src, count, out);
        return;
    case DType::F8_E4M3:
        break; // not a target type
    }
}

void dequantizeRow(DType type, const void *src, std::int64_t count, float *dst)
{
    const auto *in = static_cast<const std::uint8_t *>(src);
    switch (type) {
    case DType::F32:
        std::memcpy(dst, in, static_cast<std::size_t>(count) * 4);
        return;
    case DType::F16:
        for (std::int64_t i = 0; i < count; ++i)
            dst[i] = halfToFloat(load16(in + 2 * i));
        return;
    case DType::BF16:
        for (std::int64_t i = 0; i < count; ++i)
            dst[i] = bf16ToFloat(load16(in + 2 * i));
        return;
    case DType::F8_E4M3:
        for (std::int64_t i = 0; i < count; ++i)
            dst[i] = f8e4m3ToFloat(in[i]);
        return;
    case DType::Q8_0:
        for (std::int64_t block = 0; block < count / kBlock; ++block) {
            const std::uint8_t *b = in + block * 34;
            const float d = halfToFloat(load16(b));
            for (int j = 0; j < kBlock; ++j)
                dst[block * kBlock + j] = static_cast<float>(static_cast<std::int8_t>(b[2 + j])) * d;
        }
        return;
    case DType::Q4_0:
        for (std::int64_t block = 0; block < count / kBlock; ++block) {
            const std::uint8_t *b = in + block * 18;
            const float d = halfToFloat(load16(b));
            float *y = dst + block * kBlock;
            for (int j = 0; j < kBlock / 2; ++j) {
                y[j] = static_cast<float>((b[2 + j] & 0x0f) - 8) * d;
                y[j + kBlock / 2] = static_cast<float>((b[2 + j] >> 4) - 8) * d;
            }
        }
        return;
    case DType::Q4_1:
        dequantizeLegacy<DType::Q4_1>(in, count, dst);
        return;
    case DType::Q5_0:
        dequantizeLegacy<DType::Q5_0>(in, count, dst);
        return;
    case DType::Q5_1:
        dequantizeLegacy<DType::Q5_1>(in, count, dst);
        return;
    case DType::Q2_K:
    case DType::Q3_K:
    case DType::Q4_K:
    case DType::Q5_K:
    case DType::Q6_K:
    case DType::IQ4_XS:
        dequantizeSuperBlocks(type, in, count, dst);
        return;
    }
}

bool allFinite(const float *values, std::int64_t count)
{
    for (std::int64_t i = 0; i < count; ++i) {
        if (!std::isfinite(values[i]))
            return false;
    }
    return true;
}

float f8e4m3ToFloat(std::uint8_t value)
{
    const bool negative = value & 0x80u;
    const int exponent = (value >> 3) & 0x0f;
    const int mantissa = value & 0x07;
    float magnitude;
    if (exponent == 0x0f && mantissa == 0x07)
        magnitude = NAN;
    else if (exponent == 0)
        magnitude = std::ldexp(static_cast<float>(mantissa), -9); // subnormal: m/8 * 2^-6
    else
        magnitude = std::ldexp(1.0f + static_cast<float>(mantissa) / 8.0f, exponent - 7);
    return negative ? -magnitude : magnitude;
}

} // namespace deskseek::engine::model
