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

// Token activations quantized to Q8_0 blocks (QuantizedTokens), prepared once for all the rows
// of a product: token t's int8 values start at q + t * stride, its block scales (the fp16 scales
// as floats) at scales + t * stride / 32, and corrections holds, per block, −c × the sum of its
// values, where c is what the panel stores on top of each weight to make it unsigned (8 for
// Q4_0's nibbles, 128 for Q8_0's bytes): an integer product of the unsigned weights starts from
// it and ends exact.
struct QuantizedActivations
{
    const std::int8_t *q = nullptr;
    const float *scales = nullptr;
    const std::int32_t *corrections = nullptr;
    std::int64_t stride = 0;
    int tokens = 0;
};

// One panel of PanelWeights (kPanelRows = 16 rows, `blocks` blocks of 32 values) times tokens [first, first +
// count) of `activations`, count <= kMaxTileTokens: out[t * 16 + r] receives row r · token first
// + t. Each weight block is loaded and unpacked once for all the tokens of the call.
constexpr int kPanelRows = 16;
constexpr int kMaxTileTokens = 8;
using PanelKernel = void (*)(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &activations,
                             int first, int count, float *out);

// The kernel for a weight type (Q8_0 or Q4_0) at a level (nullptr for other types, or a level
// this build or CPU lacks). The scalar level is the reference the others are tested against.
PanelKernel panelKernel(model::DType type, KernelLevel level);

} // namespace deskseek::engine::inference
