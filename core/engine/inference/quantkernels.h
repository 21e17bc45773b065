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

// Token activations quantized to Q8_0 blocks (quantizeActivationsQ8_0), prepared once for all
// the rows of a product: token t's int8 values start at q + t * stride, its block scales (the
// fp16 scales as floats) at scales + t * stride / 32, and offsets holds, per block, 8 × scale ×
// the sum of its values (what Q4_0's "minus 8" contributes, subtracted once per block).
struct QuantizedActivations
{
    const std::int8_t *q = nullptr;
    const float *scales = nullptr;
    const float *offsets = nullptr;
    std::int64_t stride = 0;
    int tokens = 0;
};

// Fills `offsets` (stride / 32 per token) for `activations`.
void computeBlockOffsets(const std::int8_t *q, const float *scales, std::int64_t count, float *offsets);

// One Q8_0 or Q4_0 weight row (`count` values, a multiple of 32) times every token of
// `activations`; the row is read once for every four tokens. out[t] receives each product.
using QuantizedRowDot = void (*)(const std::byte *row, const QuantizedActivations &activations, std::int64_t count,
                                 float *out);

// The kernel for a weight type (Q8_0 or Q4_0) at a level (nullptr for other types, or a level
// this build or CPU lacks).
QuantizedRowDot quantizedRowDot(model::DType type, KernelLevel level);

} // namespace deskseek::engine::inference
