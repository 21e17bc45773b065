#include "engine/gguf/ggufconverter.h"

#include "engine/gguf/ggufmodel.h"
#include "engine/gguf/ggufnames.h"
#include "engine/gguf/ggufwriter.h"
#include "engine/model/blockquant.h"
#include "engine/model/tensorrows.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
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

// Runs rowJob(r, scratch) for r in [0, count) on the machine's cores (each thread with its own
// scratch row of `length` floats). rowJob returns -1, or a bad row's index to stop at; the first
// bad row found is returned.
template<class RowJob>
std::int64_t quantizeRows(std::int64_t count, const RowJob &rowJob, std::int64_t length)
{
    const auto threads = static_cast<std::int64_t>(std::clamp(std::thread::hardware_concurrency(), 1u, 64u));
    std::atomic<std::int64_t> next{0};
    std::atomic<std::int64_t> bad{-1};
    std::mutex failure;
    std::exception_ptr error;
    const auto work = [&] {
        std::vector<float> values(static_cast<std::size_t>(length));
        try {
            for (std::int64_t r = next++; r < count && bad < 0; r = next++) {
                const std::int64_t found = rowJob(r, values);
                if (found >= 0) {
                    std::int64_t none = -1;
                    bad.compare_exchange_strong(none, found);
                }
            }
        } catch (...) {
            const std::lock_guard<std::mutex> lock(failure);
            error = std::current_exception();
            bad = count; // stops the others
        }
    };
    std::vector<std::thread> pool;
    for (std::int64_t t = 1; t < std::min(threads, count); ++t)
        pool.emplace_back(work);
    work();
    for (std::thread &thread : pool)
        thread.join();
    if (error)
        std::rethrow_exception(error);
    return bad;
}

void check(const Status &status)
{
    if (!status)
        throw EngineException(status.error().code, status.error().message);
}

} // namespace

DType storedType(const TensorData &tensor, DType fileType)
{
    return uniformScheme(fileType).tensorType(ggufTensorName(tensor.name).value_or(tensor.name), tensor.rowLength(),
                                              tensor.shape.size(), 0);
}

Result<ConvertSummary> convertToGguf(const model::ModelFiles &files, const std::filesystem::path &output, DType type,
                                     const ConvertCallback &progress)
{
    return convertToGguf(files, output, uniformScheme(type), progress);
}

Result<ConvertSummary> convertToGguf(const model::ModelFiles &files, const std::filesystem::path &output,
                                     const QuantScheme &scheme, const ConvertCallback &progress)
{
    return catchErrors([&]() -> ConvertSummary {
        const auto start = std::chrono::steady_clock::now();
        if (!quantSchemeFromName(scheme.name)) {
            std::string names;
            for (const std::string &name : writableSchemeNames())
                names += (names.empty() ? "" : ", ") + name;
            fail(ErrorCode::InvalidArgument, "DeskSeek cannot write " + scheme.name + " files; choose one of " + names + ".");
        }
        bool tied = true;
        for (const TensorData &tensor : files.tensors)
            tied = tied && ggufTensorName(tensor.name) != std::optional<std::string>("output.weight");
        const auto targetOf = [&](const TensorData &tensor) {
            return scheme.tensorType(ggufTensorName(tensor.name).value_or(tensor.name), tensor.rowLength(),
                                     tensor.shape.size(), files.config.layerCount, tied);
        };
        if (files.vocabulary.preTokenizer.empty()) {
            fail(ErrorCode::Unsupported, "The model's tokenizer splits text in a way llama.cpp does not "
                                         "know, so it cannot be stored as GGUF.");
        }
        GgufWriter writer(output);
        for (auto &[key, value] : ggufModelMetadata(files, scheme))
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
            writer.addTensor(*name, targetOf(tensor), tensor.shape);
            state.bytesTotal += tensor.bytes;
        }
        check(writer.begin());
        if (!ropeFactors.empty())
            check(writer.writeTensorData(ropeFactors.data(), ropeFactors.size() * sizeof(float)));

        std::vector<std::uint8_t> chunk;
        for (const TensorData &tensor : files.tensors) {
            state.tensorName = tensor.name;
            if (progress && !progress(state))
                fail(ErrorCode::Cancelled, "Conversion cancelled.");
            const DType target = targetOf(tensor);
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
                const std::int64_t rowsPerChunk = std::max<std::int64_t>(1, static_cast<std::int64_t>(kChunkBytes / rowBytes));
                for (std::int64_t first = 0; first < rows; first += rowsPerChunk) {
                    const std::int64_t count = std::min(rowsPerChunk, rows - first);
                    chunk.resize(static_cast<std::size_t>(count) * rowBytes);
                    const std::int64_t bad = quantizeRows(count, [&](std::int64_t r, std::vector<float> &values) {
                        const std::int64_t fileRow = first + r;
                        const std::int64_t hfRow = heads > 0 ? model::ropeRowSource(fileRow, rows, heads) : fileRow;
                        model::readRows(tensor, hfRow, 1, values.data());
                        if (!model::allFinite(values.data(), length))
                            return hfRow;
                        model::quantizeRow(target, values.data(), length, chunk.data() + r * rowBytes);
                        return std::int64_t{-1};
                    }, length);
                    if (bad >= 0) {
                        fail(ErrorCode::Corrupt, "The tensor '" + tensor.name + "' contains NaN or infinite "
                                                 "values (row " + std::to_string(bad) + "). The model file is damaged.");
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
