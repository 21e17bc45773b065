#pragma once

#include "engine/inference/quantkernels.h"
#include "engine/model/dtype.h"

#include <cstdint>
#include <vector>

namespace deskseek::engine::inference {

// Activations quantized to Q8_0 blocks at run time, as llama.cpp's x86 (AVX2) kernels do before
// a product with Q8_0 or Q4_0 weights: per block of 32, amax = max |x|, the scale d = amax / 127
// is stored as fp16, and q = round-half-to-even(x * (127 / amax)). (This differs in the last
// rounding from ggml's scalar quantize_row_q8_0_ref, which files are written with; matching the
// runtime one keeps DeskSeek's results next to llama.cpp's.) count: a multiple of 32.
void quantizeActivationsQ8_0(const float *x, std::int64_t count, std::int8_t *q, std::uint16_t *scales);

// The same, written back as floats (q * d): what the product with the weights sees.
void roundActivationsQ8_0(const float *x, std::int64_t count, float *out);

// Activations rounded as ggml's Q8_K (what its products with K-quant and IQ4_XS weights see): per
// block of 256, the value of largest magnitude `max` (with its sign) gives iscale = −127 / max,
// q = min(127, round-half-to-even(iscale · x)) and the float scale d = 1 / iscale. count: a
// multiple of 256. Writes q and, per block, d; sums16 and sums32 (may be null) receive the sums
// of each 16 and each 32 values' q.
void quantizeActivationsQ8_K(const float *x, std::int64_t count, std::int8_t *q, float *scales, std::int16_t *sums16,
                             std::int16_t *sums32);

// The same, written back as floats (q * d).
void roundActivationsQ8_K(const float *x, std::int64_t count, float *out);

// Several tokens' activations quantized once for every row of a product with panel weights
// (PanelWeights): to Q8_0 blocks with the scales as floats and the per-block corrections the
// kernels start from, or, for K-quant weights, to Q8_K blocks with their sums (see
// QuantizedActivations). Tokens are quantized on the engine's threads.
class QuantizedTokens
{
public:
    // x: `tokens` rows of `count` floats (count a multiple of the weight type's block size).
    QuantizedTokens(const float *x, std::int64_t tokens, std::int64_t count, model::DType weightType);

    const QuantizedActivations &view() const { return m_view; }

private:
    std::vector<std::int8_t> m_q;
    std::vector<float> m_scales;
    std::vector<std::int32_t> m_corrections;
    std::vector<std::int16_t> m_sums16;
    std::vector<std::int16_t> m_sums32;
    QuantizedActivations m_view;
};

} // namespace deskseek::engine::inference
