#pragma once

#include "engine/model/dtype.h"

#include <cstddef>
#include <cstdint>

namespace deskseek::engine::inference {

// The instruction sets the fast kernels are written for. The best one the CPU has is chosen at
// run time; DESKSEEK_KERNELS=scalar or =avx2 caps the choice (for comparisons).
enum class KernelLevel { Scalar, Avx2, Avx512Vnni };

KernelLevel bestKernelLevel();
bool kernelLevelSupported(KernelLevel level);
const char *kernelLevelName(KernelLevel level);

// Token activations quantized (QuantizedTokens), prepared once for all the rows of a product:
// token t's int8 values start at q + t * stride.
//  - For Q8_0 and Q4_0 weights, Q8_0 blocks of 32: the block scales (the fp16 scales as floats)
//    at scales + t * stride / 32, and corrections holds, per block, −c × the sum of its values,
//    where c is what the panel stores on top of each weight to make it unsigned (8 for Q4_0's
//    nibbles, 128 for Q8_0's bytes): an integer product of the unsigned weights starts from it
//    and ends exact.
//  - For the K-quants, Q8_K blocks of 256: the float scales at scales + t * stride / 256, and the
//    sums of each 16 and each 32 values at sums16 + t * stride / 16 and sums32 + t * stride / 32
//    (for the weights' minimums, and Q6_K's offset of 32).
struct QuantizedActivations
{
    const std::int8_t *q = nullptr;
    const float *scales = nullptr;
    const std::int32_t *corrections = nullptr;
    const std::int16_t *sums16 = nullptr;
    const std::int16_t *sums32 = nullptr;
    std::int64_t stride = 0;
    int tokens = 0;
};

// One panel of PanelWeights (kPanelRows = 16 rows, `blocks` blocks of the type's size) times
// tokens [first, first + count) of `activations`, count <= kMaxTileTokens: out[t * 16 + r]
// receives row r · token first + t. Each weight block is loaded and unpacked once for all the
// tokens of the call.
constexpr int kPanelRows = 16;
constexpr int kMaxTileTokens = 8;
using PanelKernel = void (*)(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &activations,
                             int first, int count, float *out);

// The kernel for a weight type (Q8_0, Q4_0, Q4_K, Q5_K or Q6_K) at a level (nullptr for other
// types, or a level this build or CPU lacks). The scalar level is the reference the others are
// tested against.
PanelKernel panelKernel(model::DType type, KernelLevel level);

} // namespace deskseek::engine::inference
