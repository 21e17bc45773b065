#pragma once

#include "engine/model/dtype.h"

#include <cstdint>

// The super-block types (Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_XS): 256 values per block, in ggml's
// layouts (ggml-common.h). blockquant.h's quantizeRow/dequantizeRow call these; the kernels and
// the tests call the scale helpers.
namespace deskseek::engine::model {

// Reads `count` values (a multiple of 256) of a super-block type.
void dequantizeSuperBlocks(DType type, const std::uint8_t *src, std::int64_t count, float *dst);

// Writes `count` finite values (a multiple of 256) as a super-block type. Each sub-block's scale
// (and, for Q2_K, Q4_K and Q5_K, its minimum) comes from a search that minimises the weighted
// squared error of the sub-block; the scales are then quantized against the super-block's and
// the values quantized again against the scales as stored.
void quantizeSuperBlocks(DType type, const float *src, std::int64_t count, std::uint8_t *dst);

// Q4_K and Q5_K: the 8 six-bit scales and 8 six-bit minimums packed in 12 bytes.
void unpackScaleMins(const std::uint8_t *packed, std::uint8_t *scales, std::uint8_t *mins);
void packScaleMins(const std::uint8_t *scales, const std::uint8_t *mins, std::uint8_t *packed);

// The value of largest magnitude among n, with its sign (the first of equals): what symmetric
// scales are taken from (Q4_0, Q5_0, Q3_K, Q6_K, IQ4_XS).
float largestMagnitude(const float *x, int n);

// IQ4_XS's 16 grid values (a nibble indexes them).
extern const std::int8_t kIq4Grid[16];

} // namespace deskseek::engine::model
