#pragma once

#include "engine/model/dtype.h"
#include "engine/model/mappedfile.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace deskseek::engine::model {

// One weight tensor as it lies in a file: a view into a memory-mapped file, never a copy.
// The shape is row-major with the outermost dimension first (as in PyTorch and safetensors);
// GGUF stores dimensions innermost first and is converted on reading and writing.
struct TensorData
{
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const std::byte *data = nullptr;
    std::uint64_t bytes = 0;
    std::shared_ptr<const MappedFile> file; // keeps the mapping alive
    // > 0: the rows are in llama.cpp's rotary order for this many heads (llama q/k weights read
    // from GGUF); readRows() gives them back in Hugging Face order.
    std::int64_t ropePermutedHeads = 0;
    // F8_E4M3 weights of DeepSeek-V3/R1: their `<name>_scale_inv`, one float per 128 × 128 block
    // that multiplies the block's values (readRows() applies it).
    std::shared_ptr<const TensorData> blockScales;

    std::int64_t elementCount() const;
    std::int64_t rowLength() const { return shape.empty() ? 1 : shape.back(); }
    std::int64_t rowCount() const;
    std::string describeShape() const; // "[4096, 151936]"
};

// The side of the blocks that share one scale in DeepSeek's FP8 checkpoints (weight_block_size).
constexpr std::int64_t kFp8BlockSize = 128;

// Product of dimensions, or nullopt when a dimension is negative or the product overflows
// the given limit.
std::optional<std::int64_t> checkedElementCount(const std::vector<std::int64_t> &shape,
                                                std::int64_t limit);

} // namespace deskseek::engine::model
