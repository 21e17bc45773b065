#pragma once

#include <cstdint>
#include <cstring>

// IEEE half (fp16) and bfloat16 conversions, bit-exact with ggml's (round to nearest even).
namespace deskseek::engine::model {

inline std::uint32_t floatBits(float value)
{
    std::uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

inline float bitsToFloat(std::uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

inline float halfToFloat(std::uint16_t half)
{
    const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
    const std::uint32_t exponent = (half >> 10) & 0x1fu;
    std::uint32_t mantissa = half & 0x3ffu;
    if (exponent == 0x1f) // infinity or NaN
        return bitsToFloat(sign | 0x7f800000u | (mantissa << 13));
    if (exponent == 0) {
        if (mantissa == 0)
            return bitsToFloat(sign);
        // Subnormal: mantissa * 2^-24.
        const float magnitude = static_cast<float>(mantissa) * 5.9604644775390625e-8f;
        return sign ? -magnitude : magnitude;
    }
    return bitsToFloat(sign | ((exponent + 112u) << 23) | (mantissa << 13));
}

inline std::uint16_t floatToHalf(float value)
{
    std::uint32_t bits = floatBits(value);
    const auto sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000u);
    bits &= 0x7fffffffu;
    if (bits >= 0x7f800000u) // infinity, or NaN (made quiet)
        return sign | (bits > 0x7f800000u ? 0x7e00u : 0x7c00u);
    if (bits >= 0x477ff000u) // 65520 and above round to infinity
        return sign | 0x7c00u;
    if (bits < 0x38800000u) { // below 2^-14: a subnormal half, or zero
        if (bits <= 0x33000000u) // 2^-25 and below round to zero (ties to even)
            return sign;
        const std::uint32_t exponent = bits >> 23;
        const std::uint32_t mantissa = (bits & 0x7fffffu) | 0x800000u;
        const std::uint32_t shift = 126u - exponent;
        std::uint32_t result = mantissa >> shift;
        const std::uint32_t remainder = mantissa & ((1u << shift) - 1u);
        const std::uint32_t halfway = 1u << (shift - 1u);
        if (remainder > halfway || (remainder == halfway && (result & 1u)))
            ++result;
        return static_cast<std::uint16_t>(sign | result);
    }
    std::uint32_t result = ((((bits >> 23) - 112u) << 10) | ((bits >> 13) & 0x3ffu));
    const std::uint32_t remainder = bits & 0x1fffu;
    if (remainder > 0x1000u || (remainder == 0x1000u && (result & 1u)))
        ++result; // a carry into the exponent is the correct rounding
    return static_cast<std::uint16_t>(sign | result);
}

inline float bf16ToFloat(std::uint16_t value)
{
    return bitsToFloat(static_cast<std::uint32_t>(value) << 16);
}

inline std::uint16_t floatToBf16(float value)
{
    const std::uint32_t bits = floatBits(value);
    if ((bits & 0x7fffffffu) > 0x7f800000u) // NaN: keep it, made quiet
        return static_cast<std::uint16_t>((bits >> 16) | 64u);
    return static_cast<std::uint16_t>((bits + (0x7fffu + ((bits >> 16) & 1u))) >> 16);
}

} // namespace deskseek::engine::model
