#include "engine/inference/activationquant.h"

#include "engine/model/halffloat.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

namespace deskseek::engine::inference {

namespace {

// One block of 32: the fp16 scale, the 32 values, and their sum.
inline std::int32_t quantizeBlock(const float *x, std::int8_t *q, std::uint16_t *scale)
{
    float amax = 0.0f;
    for (int j = 0; j < 32; ++j)
        amax = std::max(amax, std::fabs(x[j]));
    *scale = model::floatToHalf(amax / 127.0f);
    const float inverse = amax != 0.0f ? 127.0f / amax : 0.0f;
    // Round half to even as nearbyint does in the default rounding mode, but as plain arithmetic
    // that compilers vectorize (nearbyint is a library call without SSE4.1): adding and taking
    // off 1.5 × 2^23 leaves a float of magnitude < 2^22 rounded to an integer. (This file is built
    // without FMA, so the product is rounded to float before the addition, as in llama.cpp.)
    constexpr float magic = 12582912.0f;
    std::int32_t sum = 0;
    for (int j = 0; j < 32; ++j) {
        const float scaled = x[j] * inverse;
        const auto value = static_cast<std::int8_t>((scaled + magic) - magic);
        q[j] = value;
        sum += value;
    }
    return sum;
}

} // namespace

void quantizeActivationsQ8_K(const float *x, std::int64_t count, std::int8_t *q, float *scales, std::int16_t *sums16,
                             std::int16_t *sums32)
{
    constexpr float magic = 12582912.0f;
    for (std::int64_t block = 0; block < count / 256; ++block) {
        const float *xb = x + block * 256;
        std::int8_t *qb = q + block * 256;
        float max = 0.0f;
        float amax = 0.0f;
        for (int j = 0; j < 256; ++j) {
            if (std::fabs(xb[j]) > amax) {
                amax = std::fabs(xb[j]);
                max = xb[j];
            }
        }
        if (amax == 0.0f) {
            std::fill(qb, qb + 256, std::int8_t{0});
            scales[block] = 0.0f;
        } else {
            const float inverse = -127.0f / max;
            for (int j = 0; j < 256; ++j) {
                const float scaled = inverse * xb[j];
                qb[j] = static_cast<std::int8_t>(std::min(127.0f, (scaled + magic) - magic));
            }
            scales[block] = 1.0f / inverse;
        }
        for (int g = 0; g < 16; ++g) {
            std::int32_t sum = 0;
            for (int j = 0; j < 16; ++j)
                sum += qb[16 * g + j];
            if (sums16)
                sums16[block * 16 + g] = static_cast<std::int16_t>(sum);
            if (sums32)
                sums32[block * 8 + g / 2] = static_cast<std::int16_t>(g % 2 ? sums32[block * 8 + g / 2] + sum : sum);
        }
    }
}

void roundActivationsQ8_K(const float *x, std::int64_t count, float *out)
{
    std::int8_t q[256];
    float scale;
    for (std::int64_t block = 0; block < count / 256; ++block) {
        quantizeActivationsQ8_K(x + block * 256, 256, q, &scale, nullptr, nullptr);
        for (int j = 0; j < 256; ++j)
            out[block * 256 + j] = static_cast<float>(q[j]) * scale;
    }
}

void quantizeActivationsQ8_0(const float *x, std::int64_t count, std::int8_t *q, std::uint16_t *scales)
{
    for (std::int64_t block = 0; block < count / 32; ++block)
        quantizeBlock(x + block * 32, q + block * 32, scales + block);
}

void roundActivationsQ8_0(const float *x, std::int64_t count, float *out)
{
    std::int8_t q[32];
    std::uint16_t scale;
    for (std::int64_t block = 0; block < count / 32; ++block) {
        quantizeBlock(x + block * 32, q, &scale);
        const float d = model::halfToFloat(scale);
        for (int j = 0; j < 32; ++j)
            out[block * 32 + j] = static_cast<float>(q[j]) * d;
    }
}

QuantizedTokens::QuantizedTokens(const float *x, std::int64_t tokens, std::int64_t count, model::DType weightType)
    : m_q(static_cast<std::size_t>(tokens * count))
{
    if (model::isSuperBlockType(weightType)) {
        const std::int64_t blocks = tokens * count / 256;
        m_scales.resize(static_cast<std::size_t>(blocks));
        m_sums16.resize(static_cast<std::size_t>(blocks * 16));
        m_sums32.resize(static_cast<std::size_t>(blocks * 8));
        at::parallel_for(0, blocks, 256, [&](std::int64_t begin, std::int64_t end) {
            quantizeActivationsQ8_K(x + begin * 256, (end - begin) * 256, m_q.data() + begin * 256, m_scales.data() + begin,
                                    m_sums16.data() + begin * 16, m_sums32.data() + begin * 8);
        });
        m_view = QuantizedActivations{m_q.data(), m_scales.data(), nullptr, m_sums16.data(), m_sums32.data(), count,
                                      static_cast<int>(tokens)};
        return;
    }
    m_scales.resize(static_cast<std::size_t>(tokens * count / 32));
    m_corrections.resize(m_scales.size());
    const std::int32_t unsignedOffset = weightType == model::DType::Q4_0 ? 8 : 128;
    const std::int64_t blocks = tokens * count / 32;
    at::parallel_for(0, blocks, 2048, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t block = begin; block < end; ++block) {
            std::uint16_t scale;
            const std::int32_t sum = quantizeBlock(x + block * 32, m_q.data() + block * 32, &scale);
            m_scales[static_cast<std::size_t>(block)] = model::halfToFloat(scale);
            m_corrections[static_cast<std::size_t>(block)] = -unsignedOffset * sum;
        }
    });
    m_view = QuantizedActivations{m_q.data(), m_scales.data(), m_corrections.data(), nullptr, nullptr, count,
                                  static_cast<int>(tokens)};
}

} // namespace deskseek::engine::inference
