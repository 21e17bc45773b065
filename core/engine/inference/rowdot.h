#pragma once

#include "engine/model/dtype.h"

#include <cstddef>
#include <cstdint>

namespace deskseek::engine::inference {

// The dot product of one stored weight row (any DType, `count` values) with float activations:
// the reference CPU kernel of matrix-vector products for weights that stay in their file format.
// Block formats are read block by block (scale times the sum of the block), never expanded.
float dotRow(model::DType type, const std::byte *row, const float *x, std::int64_t count);

// (Q8_0/Q4_0 rows times quantized activations: quantkernels.h.)

} // namespace deskseek::engine::inference
