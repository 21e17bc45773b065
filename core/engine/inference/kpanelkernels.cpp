// The portable K-quant panel kernels, and the reference the vector ones are tested against:
// each row's super-block read back from the panel value by value as the format defines it, an
// exact integer sum of products with the Q8_K activations per sub-block, times the sub-block's
// scale, the minimums (Q4_K, Q5_K) or Q6_K's offset of 32 taken off through the activations'
// sums, then both float scales.

#include "engine/inference/kpanelkernels.h"

#include "engine/model/halffloat.h"
#include "engine/model/kquants.h"

#include <cstring>

namespace deskseek::engine::inference::kpanel {

namespace {

float halfAt(const std::uint8_t *p)
{
    std::uint16_t bits;
    std::memcpy(&bits, p, 2);
    return model::halfToFloat(bits);
}

template<bool Five>
void scalarQ45(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int count,
               float *out)
{
    constexpr int blockBytes = Five ? kQ5BlockBytes : kQ4BlockBytes;
    constexpr int nibbles = Five ? kQ5Nibbles : kQ4Nibbles;
    for (int t = 0; t < count; ++t) {
        const std::int64_t token = first + t;
        float totals[kPanelRows] = {};
        for (std::int64_t b = 0; b < blocks; ++b) {
            const std::uint8_t *block = panel + b * blockBytes;
            const std::int8_t *x = a.q + token * a.stride + b * 256;
            const std::int16_t *sums = a.sums32 + token * (a.stride / 32) + b * 8;
            const float dx = a.scales[token * (a.stride / 256) + b];
            for (int r = 0; r < kPanelRows; ++r) {
                std::uint8_t packed[12], scales[8], mins[8];
                for (int i = 0; i < 12; ++i)
                    packed[i] = block[wordByte(kScaleMins, r, i)];
                model::unpackScaleMins(packed, scales, mins);
                std::int32_t dot = 0, minimums = 0;
                for (int s = 0; s < 8; ++s) {
                    std::int32_t sum = 0;
                    for (int l = 0; l < 32; ++l) {
                        const int v = 32 * s + l;
                        const int c = v / 64, h = (v % 64) / 32;
                        int q = (block[wordByte(nibbles, r, 32 * c + l)] >> (4 * h)) & 0x0f;
                        if constexpr (Five)
                            q |= ((block[wordByte(kQ5HighBits, r, l)] >> s) & 1) << 4;
                        sum += q * x[v];
                    }
                    dot += scales[s] * sum;
                    minimums += mins[s] * sums[s];
                }
                totals[r] += dx * (halfAt(block + kD + 2 * r) * static_cast<float>(dot)
                                   - halfAt(block + kDmin + 2 * r) * static_cast<float>(minimums));
            }
        }
        std::memcpy(out + t * kPanelRows, totals, sizeof totals);
    }
}

void scalarQ6(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int count,
              float *out)
{
    for (int t = 0; t < count; ++t) {
        const std::int64_t token = first + t;
        float totals[kPanelRows] = {};
        for (std::int64_t b = 0; b < blocks; ++b) {
            const std::uint8_t *block = panel + b * kQ6BlockBytes;
            const std::int8_t *x = a.q + token * a.stride + b * 256;
            const std::int16_t *sums = a.sums16 + token * (a.stride / 16) + b * 16;
            const float dx = a.scales[token * (a.stride / 256) + b];
            for (int r = 0; r < kPanelRows; ++r) {
                std::int32_t dot = 0;
                for (int s = 0; s < 16; ++s) {
                    std::int32_t sum = 0;
                    for (int l = 0; l < 16; ++l) {
                        const int v = 16 * s + l;
                        const int n = v / 128, k = (v % 128) / 32, i = v % 32;
                        const int low = (block[wordByte(q6Low(n, k % 2, i / 4), r, i % 4)] >> (4 * (k / 2))) & 0x0f;
                        const int high = (block[wordByte(q6High(n, i / 4), r, i % 4)] >> (2 * k)) & 3;
                        sum += (low | (high << 4)) * x[v];
                    }
                    const auto scale = static_cast<std::int8_t>(block[wordByte(kQ6Scales, r, s)]);
                    dot += scale * (sum - 32 * sums[s]);
                }
                totals[r] += dx * halfAt(block + kQ6D + 2 * r) * static_cast<float>(dot);
            }
        }
        std::memcpy(out + t * kPanelRows, totals, sizeof totals);
    }
}

} // namespace

PanelKernel scalarKernel(model::DType type)
{
    switch (type) {
    case model::DType::Q4_K: return scalarQ45<false>;
    case model::DType::Q5_K: return scalarQ45<true>;
    case model::DType::Q6_K: return scalarQ6;
    default: return nullptr;
    }
}

} // namespace deskseek::engine::inference::kpanel
