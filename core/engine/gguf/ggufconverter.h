#pragma once

#include "engine/gguf/quantscheme.h"
#include "engine/model/dtype.h"
#include "engine/model/modelfiles.h"
#include "engine/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace deskseek::engine::gguf {

struct ConvertProgress
{
    std::int64_t tensorIndex = 0; // the tensor being converted, 0-based
    std::int64_t tensorCount = 0;
    std::string tensorName;
    std::uint64_t bytesDone = 0;  // of input weights
    std::uint64_t bytesTotal = 0;
};

struct ConvertSummary
{
    std::uint64_t inputBytes = 0;  // the weights read
    std::uint64_t outputBytes = 0; // the GGUF file written
    std::int64_t tensorCount = 0;
    double seconds = 0.0;
};

// Returns false to cancel.
using ConvertCallback = std::function<bool(const ConvertProgress &)>;

// Writes `files` as a GGUF file whose tensors get the types `scheme` gives them (1-D tensors
// stay F32; see QuantScheme::tensorType). Streams tensor by tensor, a chunk of rows at a time
// (quantized on all cores), so memory stays small whatever the model's size. On error or
// cancellation no file is left.
Result<ConvertSummary> convertToGguf(const model::ModelFiles &files, const std::filesystem::path &output,
                                     const QuantScheme &scheme, const ConvertCallback &progress = {});
// Every matrix as `type`.
Result<ConvertSummary> convertToGguf(const model::ModelFiles &files, const std::filesystem::path &output,
                                     model::DType type, const ConvertCallback &progress = {});

// The type a tensor gets in a file of the given uniform type.
model::DType storedType(const model::TensorData &tensor, model::DType fileType);

} // namespace deskseek::engine::gguf
