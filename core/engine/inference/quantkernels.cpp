#include "engine/inference/quantkernels.h"

#include "engine/inference/kpanelkernels.h"

#include "engine/model/halffloat.h"

#include <cstdlib>
#include <cstring>

namespace deskseek::engine::inference {

#if defined(DESKSEEK_HAVE_X86_KERNELS)
// quantkernels_avx2.cpp, compiled for AVX2 + FMA + F16C, and quantkernels_avx512.cpp, for
// AVX-512 F/VL/BW/VNNI as well.
PanelKernel avx2PanelKernel(model::DType type);
PanelKernel avx512VnniPanelKernel(model::DType type);
#endif

namespace {

// The portable kernels, and the reference the others are tested against: per block an exact
// integer sum of products of the unsigned stored values with the activations, started from the
// block's correction, times both scales.
template<bool Nibbles>
void scalarPanel(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int count,
                 float *out)
{
    constexpr int rows = kPanelRows;
    constexpr std::int64_t blockBytes = 2 * rows + rows * (Nibbles ? 16 : 32);
    const std::int64_t perToken = a.stride / 32;
    for (int t = 0; t < count; ++t) {
        const std::int8_t *q = a.q + (first + t) * a.stride;
        const float *scales = a.scales + (first + t) * perToken;
        const std::int32_t *corrections = a.corrections + (first + t) * perToken;
        float totals[rows] = {};
        for (std::int64_t b = 0; b < blocks; ++b) {
            const std::uint8_t *block = panel + b * blockBytes;
            const std::uint8_t *groups = block + 2 * rows;
            const std::int8_t *x = q + b * 32;
            for (int r = 0; r < rows; ++r) {
                std::int32_t sum = corrections[b];
                if constexpr (Nibbles) {
                    for (int p = 0; p < 4; ++p)
                        for (int j = 0; j < 4; ++j) {
                            const std::uint8_t packed = groups[p * 4 * rows + 4 * r + j];
                            sum += (packed & 0x0f) * x[4 * p + j] + (packed >> 4) * x[16 + 4 * p + j];
                        }
                } else {
                    for (int g = 0; g < 8; ++g)
                        for (int j = 0; j < 4; ++j)
                            sum += groups[g * 4 * rows + 4 * r + j] * x[4 * g + j];
                }
                std::uint16_t scale;
                std::memcpy(&scale, block + 2 * r, 2);
                totals[r] += static_cast<float>(sum) * (model::halfToFloat(scale) * scales[b]);
            }
        }
        std::memcpy(out + t * rows, totals, sizeof totals);
    }
}

} // namespace

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

PanelKernel panelKernel(model::DType type, KernelLevel level)
{
    if (!kernelLevelSupported(level))
        return nullptr;
    const bool k = model::isSuperBlockType(type);
#if defined(DESKSEEK_HAVE_X86_KERNELS)
    if (level == KernelLevel::Avx2)
        return k ? kpanel::avx2Kernel(type) : avx2PanelKernel(type);
    if (level == KernelLevel::Avx512Vnni)
        return k ? kpanel::avx512VnniKernel(type) : avx512VnniPanelKernel(type);
#endif
    if (k)
        return kpanel::scalarKernel(type);
    if (type == model::DType::Q8_0)
        return scalarPanel<false>;
    if (type == model::DType::Q4_0)
        return scalarPanel<true>;
    return nullptr;
}

} // namespace deskseek::engine::inference
