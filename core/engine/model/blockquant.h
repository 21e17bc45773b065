#pragma once

#include "engine/model/dtype.h"

#include <cstddef>
#include <cstdint>

// Reference conversions between float and every weight type: the definitions that files on
// disk follow and that fast kernels are tested against. Q8_0, Q4_0, Q4_1, Q5_0 and Q5_1 are
// written as ggml's reference quantizers write them, bit for bit; the super-block types by
// DeskSeek's own scale search (kquants.h), in ggml's layouts.
namespace deskseek::engine::model {

// Writes `count` values as `type` into dst (byteSize(type, count) bytes). count must be a
// multiple of blockSize(type). Values must be finite (see allFinite()).
void quantizeRow(DType type, const float *src, std::int64_t count, void *dst);

// Reads `count` values of `type` from src into floats.
void dequantizeRow(DType type, const void *src, std::int64_t count, float *dst);

// False when any value is NaN or infinite: such weights cannot be quantized meaningfully.
bool allFinite(const float *values, std::int64_t count);

// F8_E4M3 (e4m3fn: no infinities, 0x7f/0xff are NaN) to float.
float f8e4m3ToFloat(std::uint8_t value);

} // namespace deskseek::engine::model
