#include "engine/inference/quantkernels.h"

#include "engine/model/halffloat.h"

#include <cstdlib>
#include <cstring>

namespace deskseek::engine::inference {

#if defined(DESKSEEK_HAVE_X86_KERNELS)
// quantkernels_avx2.cpp, compiled for AVX2 + FMA + F16C, and quantkernels_avx512.cpp, for
// AVX-512 F/VL/BW/VNNI as well.
QuantizedRowDot avx2RowDot(model::DType type);
QuantizedRowDot avx512VnniRowDot(model::DType type);
#endif

namespace {

// The portable kernels, and the reference the others are tested against: per block an exact
// integer sum of products, times both scales.
template<bool Nibbles>
void scalarRowDot(const std::byte *row, const QuantizedActivations &a, std::int64_t count, float *out)
{
    constexpr std::int64_t blockBytes = Nibbles ? 18 : 34;
    for (int t = 0; t < a.tokens; ++t) {
        const std::int8_t *qt = a.q + t * a.stride;
        const float *st = a.scales + t * a.stride / 32;
        float total = 0.0f;
        for (std::int64_t block = 0; block < count / 32; ++block) {
            const std::byte *b = row + block * blockBytes;
            const std::int8_t *qb = qt + block * 32;
            std::int32_t sum = 0;
            if constexpr (Nibbles) {
                for (int j = 0; j < 16; ++j) {
                    const auto packed = static_cast<std::uint8_t>(b[2 + j]);
                    sum += ((packed & 0x0f) - 8) * qb[j] + ((packed >> 4) - 8) * qb[16 + j];
                }
            } else {
                for (int j = 0; j < 32; ++j)
                    sum += static_cast<std::int32_t>(static_cast<std::int8_t>(b[2 + j])) * qb[j];
            }
            std::uint16_t scale;
            std::memcpy(&scale, b, 2);
            total += static_cast<float>(sum) * (model::halfToFloat(scale) * st[block]);
        }
        out[t] = total;
    }
}

} // namespace

void computeBlockOffsets(const std::int8_t *q, const float *scales, std::int64_t count, float *offsets)
{
    for (std::int64_t block = 0; block < count / 32; ++block) {
        std::int32_t sum = 0;
        for (int j = 0; j < 32; ++j)
            sum += q[block * 32 + j];
        offsets[block] = 8.0f * scales[block] * static_cast<float>(sum);
    }
}

bool kernelLevelSupported(KernelLevel level)
{
    switch (level) {
    case KernelLevel::Scalar:
        return true;
    case KernelLevel::Avx2:
#if defined(DESKSEEK_HAVE_X86_KERNELS)
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
#else
        return false;
#endif
    case KernelLevel::Avx512Vnni:
#if defined(DESKSEEK_HAVE_X86_KERNELS)
        return kernelLevelSupported(KernelLevel::Avx2) && __builtin_cpu_supports("avx512f")
               && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")
               && __builtin_cpu_supports("avx512vnni");
#else
        return false;
#endif
    }
    return false;
}

KernelLevel bestKernelLevel()
{
    static const KernelLevel level = [] {
        const char *forced = std::getenv("DESKSEEK_KERNELS");
        if (forced && std::strcmp(forced, "scalar") == 0)
            return KernelLevel::Scalar;
        const bool capAtAvx2 = forced && std::strcmp(forced, "avx2") == 0;
        if (!capAtAvx2 && kernelLevelSupported(KernelLevel::Avx512Vnni))
            return KernelLevel::Avx512Vnni;
        return kernelLevelSupported(KernelLevel::Avx2) ? KernelLevel::Avx2 : KernelLevel::Scalar;
    }();
    return level;
}

const char *kernelLevelName(KernelLevel level)
{
    switch (level) {
    case KernelLevel::Avx2:
        return "AVX2";
    case KernelLevel::Avx512Vnni:
        return "AVX-512 VNNI";
    case KernelLevel::Scalar:
        break;
    }
    return "scalar";
}

QuantizedRowDot quantizedRowDot(model::DType type, KernelLevel level)
{
    if (!kernelLevelSupported(level))
        return nullptr;
#if defined(DESKSEEK_HAVE_X86_KERNELS)
    if (level == KernelLevel::Avx2)
        return avx2RowDot(type);
    if (level == KernelLevel::Avx512Vnni)
        return avx512VnniRowDot(type);
#endif
    if (type == model::DType::Q8_0)
        return scalarRowDot<false>;
    if (type == model::DType::Q4_0)
        return scalarRowDot<true>;
    return nullptr;
}

} // namespace deskseek::engine::inference
