#pragma once

#include "engine/model/tensordata.h"

#include <cstdint>
#include <vector>

namespace deskseek::engine::model {

// Reads rows [firstRow, firstRow + rowCount) of a tensor as floats (rowCount * rowLength values)
// in Hugging Face order: llama.cpp's rotary row permutation is undone when the tensor has one.
void readRows(const TensorData &tensor, std::int64_t firstRow, std::int64_t rowCount, float *out);

// The whole tensor as floats.
std::vector<float> readAllFloats(const TensorData &tensor);

// llama.cpp stores llama q/k rows interleaved per head: row h*d + 2i + s of the file holds
// Hugging Face row h*d + s*d/2 + i (d = rows per head). This gives the Hugging Face row that
// file row `row` holds, and the reverse.
std::int64_t ropeRowSource(std::int64_t row, std::int64_t rows, std::int64_t heads);
std::int64_t ropeRowTarget(std::int64_t hfRow, std::int64_t rows, std::int64_t heads);

} // namespace deskseek::engine::model
