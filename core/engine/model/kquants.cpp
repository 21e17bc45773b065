#include "engine/model/kquants.h"

#include "engine/model/halffloat.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace deskseek::engine::model {

const std::int8_t kIq4Grid[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};

namespace {

constexpr int kSuper = 256;

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

// Round to the nearest integer, halves to even: adding 1.5 × 2^23 leaves the integer in the low
// mantissa bits (inline arithmetic, not a library call; values are clamped into its range).
inline int nearest(float x)
{
    const float shifted = std::clamp(x, -4.0e6f, 4.0e6f) + 12582912.0f;
    std::int32_t bits;
    std::memcpy(&bits, &shifted, 4);
    return (bits & 0x007fffff) - 0x00400000;
}

// x ≈ scale · q − offset with q in [0, levels]: tries ranges around [min(x, 0), max(x)] and, for
// each rounding, the weighted least-squares scale and offset (an offset only downward, so that
// q = 0 stays at or below zero). Writes the levels to q.
void fitAffine(const float *x, const float *w, int n, int levels, float *scale, float *offset, std::uint8_t *q)
{
    float low = *std::min_element(x, x + n);
    const float high = *std::max_element(x, x + n);
    low = std::min(low, 0.0f);
    if (high <= low) {
        *scale = 0.0f;
        *offset = -low;
        std::fill(q, q + n, 0);
        return;
    }
    float bestError = INFINITY;
    float bestScale = 0.0f;
    float bestOffset = -low;
    std::uint8_t trial[32];
    float sw = 0, sx = 0, sxx = 0; // the same for every rounding
    for (int i = 0; i < n; ++i) {
        sw += w[i];
        sx += w[i] * x[i];
        sxx += w[i] * x[i] * x[i];
    }
    for (int step = -1; step <= 20; ++step) {
        // step -1: the plain range; then ranges 1 level narrower to 1 level wider.
        const float inverse = step < 0 ? levels / (high - low) : (levels - 1.0f + 0.1f * step) / (high - low);
        float sl = 0, sll = 0, slx = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::clamp(nearest(inverse * (x[i] - low)), 0, levels);
            trial[i] = static_cast<std::uint8_t>(l);
            sl += w[i] * l;
            sll += w[i] * l * l;
            slx += w[i] * l * x[i];
        }
        const float det = sw * sll - sl * sl;
        if (det <= 0.0f)
            continue;
        float s = (sw * slx - sx * sl) / det;
        float m = (sll * sx - sl * slx) / det; // x ≈ s·l + m
        if (m > 0.0f) {
            m = 0.0f;
            s = slx / sll;
        }
        // Σ w (s·l + m − x)², expanded over the sums above.
        const float error = s * s * sll + 2 * s * m * sl - 2 * s * slx + m * m * sw - 2 * m * sx + sxx;
        if (error < bestError) {
            bestError = error;
            bestScale = s;
            bestOffset = -m;
            std::copy(trial, trial + n, q);
        }
    }
    if (bestError == INFINITY)
        std::fill(q, q + n, 0);
    *scale = bestScale;
    *offset = bestOffset;
}

// x ≈ scale · l with l in [−levels, levels − 1]: tries inverse scales around levels / max|x|
// and keeps the one whose least-squares scale (weights x²) explains most of x.
float fitSymmetric(const float *x, int n, int levels)
{
    const float max = largestMagnitude(x, n);
    if (max == 0.0f)
        return 0.0f;
    float bestScore = -1.0f;
    float bestScale = 0.0f;
    for (int step = -9; step <= 9; ++step) {
        const float inverse = -(levels + 0.1f * step) / max;
        float slx = 0, sll = 0;
        for (int i = 0; i < n; ++i) {
            const int l = std::clamp(nearest(inverse * x[i]), -levels, levels - 1);
            const float w = x[i] * x[i];
            slx += w * l * x[i];
            sll += w * l * l;
        }
        if (sll > 0.0f && slx * slx / sll > bestScore) {
            bestScore = slx * slx / sll;
            bestScale = slx / sll;
        }
    }
    return bestScale;
}

// Weights for the affine fits: larger values matter more, none is ignored.
void fitWeights(const float *x, int n, float *w)
{
    float squares = 0.0f;
    for (int i = 0; i < n; ++i)
        squares += x[i] * x[i];
    const float rms = std::sqrt(squares / static_cast<float>(n));
    for (int i = 0; i < n; ++i)
        w[i] = rms + std::fabs(x[i]);
}

// Six-bit (or `bits`-bit) codes for non-negative per-sub-block values against their maximum.
float codesFor(const float *values, int n, int maxCode, std::uint8_t *codes)
{
    const float max = *std::max_element(values, values + n);
    const float inverse = max > 0.0f ? maxCode / max : 0.0f;
    for (int i = 0; i < n; ++i)
        codes[i] = static_cast<std::uint8_t>(std::min(maxCode, nearest(inverse * values[i])));
    return max / static_cast<float>(maxCode);
}

// Q2_K: scales[16] (low nibble scale, high nibble min), qs[64] (2 bits), d, dmin.
// Value v = 128n + 32j + l (l < 32) is bits 2j of qs[32n + l]; sub-block v / 16.
void dequantQ2_K(const std::uint8_t *b, float *y)
{
    const float d = halfToFloat(load16(b + 80));
    const float dmin = halfToFloat(load16(b + 82));
    for (int v = 0; v < kSuper; ++v) {
        const int n = v / 128, j = (v % 128) / 32, l = v % 32;
        const std::uint8_t sc = b[v / 16];
        const int q = (b[16 + 32 * n + l] >> (2 * j)) & 3;
        y[v] = d * static_cast<float>(sc & 0x0f) * static_cast<float>(q) - dmin * static_cast<float>(sc >> 4);
    }
}

void quantQ2_K(const float *x, std::uint8_t *b)
{
    float scales[16], offsets[16], w[16];
    std::uint8_t levels[16];
    for (int s = 0; s < 16; ++s) {
        for (int i = 0; i < 16; ++i)
            w[i] = std::fabs(x[16 * s + i]);
        fitAffine(x + 16 * s, w, 16, 3, &scales[s], &offsets[s], levels);
    }
    std::uint8_t sc[16], mn[16];
    const float d = codesFor(scales, 16, 15, sc);
    const float dmin = codesFor(offsets, 16, 15, mn);
    store16(b + 80, d);
    store16(b + 82, dmin);
    const float dq = halfToFloat(load16(b + 80));
    const float mq = halfToFloat(load16(b + 82));
    for (int s = 0; s < 16; ++s)
        b[s] = static_cast<std::uint8_t>(sc[s] | (mn[s] << 4));
    std::memset(b + 16, 0, 64);
    for (int v = 0; v < kSuper; ++v) {
        const float step = dq * sc[v / 16];
        const int q = step != 0.0f ? std::clamp(nearest((x[v] + mq * mn[v / 16]) / step), 0, 3) : 0;
        const int n = v / 128, j = (v % 128) / 32, l = v % 32;
        b[16 + 32 * n + l] |= static_cast<std::uint8_t>(q << (2 * j));
    }
}

// Q3_K: hmask[32], qs[64], scales[12], d. Value v = 128n + 32j + l: low bits 2j of qs[32n + l],
// high bit 4n + j of hmask[l] (set: +4 not taken off); sub-block v / 16 with a 6-bit scale − 32.
void q3Scales(const std::uint8_t *packed, int *scales)
{
    for (int i = 0; i < 16; ++i) {
        const int low = i < 8 ? packed[i] & 0x0f : packed[i - 8] >> 4;
        const int high = (packed[8 + i % 4] >> (2 * (i / 4))) & 3;
        scales[i] = (low | (high << 4)) - 32;
    }
}

void dequantQ3_K(const std::uint8_t *b, float *y)
{
    const float d = halfToFloat(load16(b + 108));
    int scales[16];
    q3Scales(b + 96, scales);
    for (int v = 0; v < kSuper; ++v) {
        const int n = v / 128, j = (v % 128) / 32, l = v % 32;
        const int low = (b[32 + 32 * n + l] >> (2 * j)) & 3;
        const int high = (b[l] >> (4 * n + j)) & 1;
        y[v] = d * static_cast<float>(scales[v / 16]) * static_cast<float>(low - (high ? 0 : 4));
    }
}

void quantQ3_K(const float *x, std::uint8_t *b)
{
    float scales[16];
    for (int s = 0; s < 16; ++s)
        scales[s] = fitSymmetric(x + 16 * s, 16, 4);
    const float max = largestMagnitude(scales, 16);
    std::memset(b, 0, 110);
    const float inverse = max != 0.0f ? -32.0f / max : 0.0f;
    int codes[16];
    for (int s = 0; s < 16; ++s) {
        codes[s] = std::clamp(nearest(inverse * scales[s]), -32, 31);
        const int stored = codes[s] + 32;
        if (s < 8)
            b[96 + s] |= static_cast<std::uint8_t>(stored & 0x0f);
        else
            b[96 + s - 8] |= static_cast<std::uint8_t>((stored & 0x0f) << 4);
        b[96 + 8 + s % 4] |= static_cast<std::uint8_t>((stored >> 4) << (2 * (s / 4)));
    }
    store16(b + 108, inverse != 0.0f ? 1.0f / inverse : 0.0f);
    const float d = halfToFloat(load16(b + 108));
    for (int v = 0; v < kSuper; ++v) {
        const float step = d * static_cast<float>(codes[v / 16]);
        const int q = step != 0.0f ? std::clamp(nearest(x[v] / step), -4, 3) + 4 : 4;
        const int n = v / 128, j = (v % 128) / 32, l = v % 32;
        b[32 + 32 * n + l] |= static_cast<std::uint8_t>((q & 3) << (2 * j));
        if (q >> 2)
            b[l] |= static_cast<std::uint8_t>(1 << (4 * n + j));
    }
}

// Q4_K: d, dmin, scales[12], qs[128]. Value v = 64c + 32h + l: nibble h of qs[32c + l]; sub-block v / 32.
// Q5_K adds qh[32] before qs: bit v / 32 of qh[l] is the value's fifth bit.
template<bool Five>
void dequantQ45_K(const std::uint8_t *b, float *y)
{
    const float d = halfToFloat(load16(b));
    const float dmin = halfToFloat(load16(b + 2));
    std::uint8_t scales[8], mins[8];
    unpackScaleMins(b + 4, scales, mins);
    const std::uint8_t *qh = b + 16;
    const std::uint8_t *qs = b + (Five ? 48 : 16);
    for (int v = 0; v < kSuper; ++v) {
        const int c = v / 64, h = (v % 64) / 32, l = v % 32;
        int q = (qs[32 * c + l] >> (4 * h)) & 0x0f;
        if constexpr (Five)
            q |= ((qh[l] >> (v / 32)) & 1) << 4;
        y[v] = d * scales[v / 32] * static_cast<float>(q) - dmin * mins[v / 32];
    }
}

template<bool Five>
void quantQ45_K(const float *x, std::uint8_t *b)
{
    constexpr int levels = Five ? 31 : 15;
    float scales[8], offsets[8], w[32];
    std::uint8_t q[32];
    for (int s = 0; s < 8; ++s) {
        fitWeights(x + 32 * s, 32, w);
        fitAffine(x + 32 * s, w, 32, levels, &scales[s], &offsets[s], q);
    }
    std::uint8_t sc[8], mn[8];
    const float d = codesFor(scales, 8, 63, sc);
    const float dmin = codesFor(offsets, 8, 63, mn);
    store16(b, d);
    store16(b + 2, dmin);
    packScaleMins(sc, mn, b + 4);
    const float dq = halfToFloat(load16(b));
    const float mq = halfToFloat(load16(b + 2));
    std::uint8_t *qh = b + 16;
    std::uint8_t *qs = b + (Five ? 48 : 16);
    if (Five)
        std::memset(qh, 0, 32);
    std::memset(qs, 0, 128);
    for (int v = 0; v < kSuper; ++v) {
        const float step = dq * sc[v / 32];
        const int l = step != 0.0f ? std::clamp(nearest((x[v] + mq * mn[v / 32]) / step), 0, levels) : 0;
        const int c = v / 64, h = (v % 64) / 32, i = v % 32;
        qs[32 * c + i] |= static_cast<std::uint8_t>((l & 0x0f) << (4 * h));
        if (Five && (l >> 4))
            qh[i] |= static_cast<std::uint8_t>(1 << (v / 32));
    }
}

// Q6_K: ql[128], qh[64], scales[16] (int8), d. Value v = 128n + 32k + l (k < 4, l < 32): low
// nibble (k / 2) of ql[64n + 32(k % 2) + l], high pair k of qh[32n + l]; sub-block v / 16.
void dequantQ6_K(const std::uint8_t *b, float *y)
{
    const float d = halfToFloat(load16(b + 208));
    const auto *scales = reinterpret_cast<const std::int8_t *>(b + 192);
    for (int v = 0; v < kSuper; ++v) {
        const int n = v / 128, k = (v % 128) / 32, l = v % 32;
        const int low = (b[64 * n + 32 * (k % 2) + l] >> (4 * (k / 2))) & 0x0f;
        const int high = (b[128 + 32 * n + l] >> (2 * k)) & 3;
        y[v] = d * static_cast<float>(scales[v / 16]) * static_cast<float>((low | (high << 4)) - 32);
    }
}

void quantQ6_K(const float *x, std::uint8_t *b)
{
    float scales[16];
    for (int s = 0; s < 16; ++s)
        scales[s] = fitSymmetric(x + 16 * s, 16, 32);
    std::memset(b, 0, 210);
    const float max = largestMagnitude(scales, 16);
    if (max == 0.0f) {
        for (int v = 0; v < kSuper; ++v) { // every value 32 - 32 = 0
            const int n = v / 128, k = (v % 128) / 32, l = v % 32;
            b[128 + 32 * n + l] |= static_cast<std::uint8_t>(2 << (2 * k));
        }
        return;
    }
    const float inverse = -128.0f / max;
    auto *codes = reinterpret_cast<std::int8_t *>(b + 192);
    for (int s = 0; s < 16; ++s)
        codes[s] = static_cast<std::int8_t>(std::min(127, nearest(inverse * scales[s])));
    store16(b + 208, 1.0f / inverse);
    const float d = halfToFloat(load16(b + 208));
    for (int v = 0; v < kSuper; ++v) {
        const float step = d * static_cast<float>(codes[v / 16]);
        const int q = step != 0.0f ? std::clamp(nearest(x[v] / step), -32, 31) + 32 : 32;
        const int n = v / 128, k = (v % 128) / 32, l = v % 32;
        b[64 * n + 32 * (k % 2) + l] |= static_cast<std::uint8_t>((q & 0x0f) << (4 * (k / 2)));
        b[128 + 32 * n + l] |= static_cast<std::uint8_t>((q >> 4) << (2 * k));
    }
}

// IQ4_XS: d, scales_h (16 bits: 2 per sub-block), scales_l[4] (a nibble per sub-block),
// qs[128]. Sub-block s (32 values) has scale (6 bits) − 32; its value j < 16 is the low nibble of
// qs[16s + j], value j + 16 the high nibble, each an index into kIq4Grid.
void dequantIq4Xs(const std::uint8_t *b, float *y)
{
    const float d = halfToFloat(load16(b));
    const std::uint16_t high = load16(b + 2);
    for (int s = 0; s < 8; ++s) {
        const int code = ((b[4 + s / 2] >> (4 * (s % 2))) & 0x0f) | (((high >> (2 * s)) & 3) << 4);
        const float step = d * static_cast<float>(code - 32);
        for (int j = 0; j < 16; ++j) {
            const std::uint8_t packed = b[8 + 16 * s + j];
            y[32 * s + j] = step * kIq4Grid[packed & 0x0f];
            y[32 * s + j + 16] = step * kIq4Grid[packed >> 4];
        }
    }
}

int nearestGridIndex(float value)
{
    int best = 0;
    for (int i = 1; i < 16; ++i)
        if (std::fabs(kIq4Grid[i] - value) < std::fabs(kIq4Grid[best] - value))
            best = i;
    return best;
}

void quantIq4Xs(const float *x, std::uint8_t *b)
{
    float scales[8], w[32];
    for (int s = 0; s < 8; ++s) {
        const float *xs = x + 32 * s;
        fitWeights(xs, 32, w);
        const float max = largestMagnitude(xs, 32);
        scales[s] = 0.0f;
        if (max == 0.0f)
            continue;
        float bestScore = -1.0f;
        for (int step = -7; step <= 7; ++step) {
            // The largest value lands on or near the grid's far end (−127).
            const float inverse = (kIq4Grid[0] + step) / max;
            float sqx = 0, sqq = 0;
            for (int i = 0; i < 32; ++i) {
                const float q = kIq4Grid[nearestGridIndex(inverse * xs[i])];
                sqx += w[i] * q * xs[i];
                sqq += w[i] * q * q;
            }
            if (sqq > 0.0f && sqx * sqx / sqq > bestScore) {
                bestScore = sqx * sqx / sqq;
                scales[s] = sqx / sqq;
            }
        }
    }
    std::memset(b, 0, 136);
    const float max = largestMagnitude(scales, 8);
    const float d = max != 0.0f ? -max / 32.0f : 0.0f;
    store16(b, d);
    const float dq = halfToFloat(load16(b));
    std::uint16_t high = 0;
    for (int s = 0; s < 8; ++s) {
        const int code = dq != 0.0f ? std::clamp(nearest(scales[s] / dq), -32, 31) : 0;
        const int stored = code + 32;
        b[4 + s / 2] |= static_cast<std::uint8_t>((stored & 0x0f) << (4 * (s % 2)));
        high = static_cast<std::uint16_t>(high | ((stored >> 4) << (2 * s)));
        const float step = dq * static_cast<float>(code);
        const float inverse = step != 0.0f ? 1.0f / step : 0.0f;
        for (int j = 0; j < 16; ++j) {
            const int low = step != 0.0f ? nearestGridIndex(inverse * x[32 * s + j]) : 8;
            const int top = step != 0.0f ? nearestGridIndex(inverse * x[32 * s + j + 16]) : 8;
            b[8 + 16 * s + j] = static_cast<std::uint8_t>(low | (top << 4));
        }
    }
    std::memcpy(b + 2, &high, 2);
}

} // namespace

float largestMagnitude(const float *x, int n)
{
    float best = 0.0f;
    for (int i = 0; i < n; ++i)
        if (std::fabs(x[i]) > std::fabs(best))
            best = x[i];
    return best;
}

void unpackScaleMins(const std::uint8_t *q, std::uint8_t *scales, std::uint8_t *mins)
{
    for (int j = 0; j < 4; ++j) {
        scales[j] = q[j] & 63;
        mins[j] = q[j + 4] & 63;
    }
    for (int j = 4; j < 8; ++j) {
        scales[j] = static_cast<std::uint8_t>((q[j + 4] & 0x0f) | ((q[j - 4] >> 6) << 4));
        mins[j] = static_cast<std::uint8_t>((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

void packScaleMins(const std::uint8_t *scales, const std::uint8_t *mins, std::uint8_t *q)
{
    for (int j = 0; j < 4; ++j) {
        q[j] = static_cast<std::uint8_t>((scales[j] & 63) | ((scales[j + 4] >> 4) << 6));
        q[j + 4] = static_cast<std::uint8_t>((mins[j] & 63) | ((mins[j + 4] >> 4) << 6));
        q[j + 8] = static_cast<std::uint8_t>((scales[j + 4] & 0x0f) | ((mins[j + 4] & 0x0f) << 4));
    }
}

void dequantizeSuperBlocks(DType type, const std::uint8_t *src, std::int64_t count, float *dst)
{
    const auto bytes = static_cast<std::int64_t>(blockBytes(type));
    for (std::int64_t block = 0; block < count / kSuper; ++block) {
        const std::uint8_t *b = src + block * bytes;
        float *y = dst + block * kSuper;
        switch (type) {
        case DType::Q2_K: dequantQ2_K(b, y); break;
        case DType::Q3_K: dequantQ3_K(b, y); break;
        case DType::Q4_K: dequantQ45_K<false>(b, y); break;
        case DType::Q5_K: dequantQ45_K<true>(b, y); break;
        case DType::Q6_K: dequantQ6_K(b, y); break;
        case DType::IQ4_XS: dequantIq4Xs(b, y); break;
        default: return;
        }
    }
}

void quantizeSuperBlocks(DType type, const float *src, std::int64_t count, std::uint8_t *dst)
{
    const auto bytes = static_cast<std::int64_t>(blockBytes(type));
    for (std::int64_t block = 0; block < count / kSuper; ++block) {
        const float *x = src + block * kSuper;
        std::uint8_t *b = dst + block * bytes;
        switch (type) {
        case DType::Q2_K: quantQ2_K(x, b); break;
        case DType::Q3_K: quantQ3_K(x, b); break;
        case DType::Q4_K: quantQ45_K<false>(x, b); break;
        case DType::Q5_K: quantQ45_K<true>(x, b); break;
        case DType::Q6_K: quantQ6_K(x, b); break;
        case DType::IQ4_XS: quantIq4Xs(x, b); break;
        default: return;
        }
    }
}

} // namespace deskseek::engine::model
