#include "engine/gguf/ggufconverter.h"

#include "engine/gguf/ggufmodel.h"
#include "engine/gguf/ggufnames.h"
#include "engine/gguf/ggufwriter.h"
#include "engine/model/blockquant.h"
#include "engine/model/tensorrows.h"

#include <chrono>
#include <cmath>
#include <numbers>
#include <cstring>

namespace deskseek::engine::gguf {

using model::DType;
using model::TensorData;

namespace {

constexpr std::uint64_t kChunkBytes = 4u << 20;

// llama.cpp's rope_freqs.weight for llama3 scaling: one factor per rotary frequency.
std::vector<float> llama3RopeFactors(const model::ModelConfig &c)
{
    const model::RopeScaling &s = c.ropeScaling;
    const double lowWavelength = static_cast<double>(s.originalMaxPositions) / s.lowFreqFactor;
    const double highWavelength = static_cast<double>(s.originalMaxPositions) / s.highFreqFactor;
    std::vector<float> factors;
    for (std::int64_t i = 0; i < c.headDim; i += 2) {
        const float frequency = 1.0f / std::pow(c.ropeTheta, static_cast<float>(i) / static_cast<float>(c.headDim));
        const double wavelength = 2.0 * std::numbers::pi / frequency;
        if (wavelength < highWavelength) {
            factors.push_back(1.0f);
        } else if (wavelength > lowWavelength) {
            factors.push_back(s.factor);
        } else {
            const double smooth = (static_cast<double>(s.originalMaxPositions) / wavelength - s.lowFreqFactor)
                                  / (s.highFreqFactor - s.lowFreqFactor);
            factors.push_back(static_cast<float>(1.0 / ((1.0 - smooth) / s.factor + smooth)));
        }
    }
    return factors;
}

void check(const Status &status)
{
    if (!status)
        throw EngineException(status.error().code, status.error().message);
}

} // namespace

DType storedType(const TensorData &tensor, DType fileType)
{
    if (tensor.shape.size() < 2)
        return DType::F32; // norms and biases: small, and precision matters
    if (tensor.rowLength() % model::blockSize(fileType) != 0)
        return DType::F16;
    return fileType;
}

Result<ConvertSummary> convertToGguf(const model::ModelFiles &files,
                                     const std::filesystem::path &output, DType type,
                                     const ConvertCallback &progress)
{
    return catchErrors([&]() -> ConvertSummary {
        const auto start = std::chrono::steady_clock::now();
        if (type == DType::F8_E4M3)
            fail(ErrorCode::InvalidArgument, "DeskSeek cannot write FP8 files; choose f32, f16, bf16, q8_0 or q4_0.");
        if (files.vocabulary.preTokenizer.empty()) {
            fail(ErrorCode::Unsupported, "The model's tokenizer splits text in a way llama.cpp does not "
                                         "know, so it cannot be stored as GGUF.");
        }
        GgufWriter writer(output);
        for (auto &[key, value] : ggufModelMetadata(files, type))
            writer.addMetadata(key, value);

        std::vector<float> ropeFactors;
        if (files.config.ropeScaling.type == model::RopeScalingType::Llama3) {
            ropeFactors = llama3RopeFactors(files.config);
            writer.addTensor("rope_freqs.weight", DType::F32, {static_cast<std::int64_t>(ropeFactors.size())});
        }
        ConvertSummary summary;
        ConvertProgress state;
        state.tensorCount = static_cast<std::int64_t>(files.tensors.size());
        for (const TensorData &tensor : files.tensors) {
            const auto name = ggufTensorName(tensor.name);
            if (!name)
                fail(ErrorCode::Unsupported, "The tensor '" + tensor.name + "' has no GGUF name.");
            writer.addTensor(*name, storedType(tensor, type), tensor.shape);
            state.bytesTotal += tensor.bytes;
        }
        check(writer.begin());
        if (!ropeFactors.empty())
            check(writer.writeTensorData(ropeFactors.data(), ropeFactors.size() * sizeof(float)));

        std::vector<float> row;
        std::vector<std::uint8_t> chunk;
        for (const TensorData &tensor : files.tensors) {
            state.tensorName = tensor.name;
            if (progress && !progress(state))
                fail(ErrorCode::Cancelled, "Conversion cancelled.");
            const DType target = storedType(tensor, type);
            const std::int64_t heads = ropePermutationHeads(files.config, tensor.name);
            const std::int64_t length = tensor.rowLength();
            const bool vector = tensor.shape.size() == 1;
            const std::int64_t rows = vector ? 1 : tensor.rowCount();
            const std::uint64_t rowBytes = *model::byteSize(target, static_cast<std::uint64_t>(length));

            if (target == tensor.dtype && heads == 0 && tensor.ropePermutedHeads == 0) {
                // Same type, same order: the bytes as they are.
                for (std::uint64_t done = 0; done < tensor.bytes; done += kChunkBytes) {
                    const std::uint64_t bytes = std::min(kChunkBytes, tensor.bytes - done);
                    check(writer.writeTensorData(tensor.data + done, bytes));
                    if (tensor.file)
                        tensor.file->release(tensor.data + done, bytes);
                }
            } else if (vector) {
                std::vector<float> values = model::readAllFloats(tensor);
                if (heads > 0) { // llama q/k biases: the same interleave as the rows
                    std::vector<float> permuted(values.size());
                    for (std::int64_t i = 0; i < length; ++i)
                        permuted[i] = values[model::ropeRowSource(i, length, heads)];
                    values.swap(permuted);
                }
                if (!model::allFinite(values.data(), length))
                    fail(ErrorCode::Corrupt, "The tensor '" + tensor.name + "' contains NaN or infinite values.");
                chunk.resize(rowBytes);
                model::quantizeRow(target, values.data(), length, chunk.data());
                check(writer.writeTensorData(chunk.data(), chunk.size()));
            } else {
                row.resize(static_cast<std::size_t>(length));
                const std::int64_t rowsPerChunk = std::max<std::int64_t>(1, static_cast<std::int64_t>(kChunkBytes / rowBytes));
                for (std::int64_t first = 0; first < rows; first += rowsPerChunk) {
                    const std::int64_t count = std::min(rowsPerChunk, rows - first);
                    chunk.resize(static_cast<std::size_t>(count) * rowBytes);
                    for (std::int64_t r = 0; r < count; ++r) {
                        const std::int64_t fileRow = first + r;
                        const std::int64_t hfRow = heads > 0 ? model::ropeRowSource(fileRow, rows, heads) : fileRow;
                        model::readRows(tensor, hfRow, 1, row.data());
                        if (!model::allFinite(row.data(), length)) {
                            fail(ErrorCode::Corrupt, "The tensor '" + tensor.name + "' contains NaN or infinite "
                                                     "values (row " + std::to_string(hfRow) + "). The model file is damaged.");
                        }
                        model::quantizeRow(target, row.data(), length, chunk.data() + r * rowBytes);
                    }
                    check(writer.writeTensorData(chunk.data(), chunk.size()));
                    if (tensor.file && heads == 0 && tensor.ropePermutedHeads == 0) {
                        // Rows are read in order: the ones behind us can leave memory.
                        const std::uint64_t sourceRow = tensor.bytes / static_cast<std::uint64_t>(rows);
                        tensor.file->release(tensor.data + static_cast<std::uint64_t>(first) * sourceRow,
                                             static_cast<std::uint64_t>(count) * sourceRow);
                    }
                    if (progress) {
                        ConvertProgress partial = state;
                        partial.bytesDone += tensor.bytes * static_cast<std::uint64_t>(first + count) / static_cast<std::uint64_t>(rows);
                        if (!progress(partial))
                            fail(ErrorCode::Cancelled, "Conversion cancelled.");
                    }
                }
            }
            if (tensor.file) // done with this tensor: let its pages go
                tensor.file->release(tensor.data, tensor.bytes);
            state.bytesDone += tensor.bytes;
            ++state.tensorIndex;
        }
        check(writer.finish());
        state.tensorName.clear();
        if (progress)
            progress(state);
        summary.inputBytes = state.bytesTotal;
        summary.outputBytes = writer.bytesWritten();
        summary.tensorCount = static_cast<std::int64_t>(files.tensors.size());
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return summary;
    });
}

} // namespace deskseek::engine::gguf
