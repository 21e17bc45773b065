#pragma once

#include "engine/model/dtype.h"

#include <cstddef>
#include <cstdint>

namespace deskseek::engine::inference {

// The dot product of one stored weight row (any DType, `count` values) with float activations:
// the reference CPU kernel of matrix-vector products for weights that stay in their file format.
// Block formats are read block by block (scale times the sum of the block), never expanded.
float dotRow(model::DType type, const std::byte *row, const float *x, std::int64_t count);

// The dot product of a Q8_0 or Q4_0 weight row with activations quantized to Q8_0 blocks
// (quantizeActivationsQ8_0): per block an exact integer sum of products, times both scales.
float dotRowQuantized(model::DType type, const std::byte *row, const std::int8_t *q, const std::uint16_t *scales,
                      std::int64_t count);

} // namespace deskseek::engine::inference
