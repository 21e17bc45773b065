#include "engine/gguf/ggufconverter.h"

#include "engine/gguf/ggufmodel.h"
#include "engine/gguf/ggufnames.h"
#include "engine/gguf/ggufwriter.h"
#include "engine/model/blockquant.h"
#include "engine/model/architectures/deepseek2.h"
#include "engine/model/tensorrows.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
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

// One tensor of the output file and where its rows come from: one input tensor (the usual case),
// the routed experts of a layer stacked (deepseek2), or a transform of an input tensor
// (deepseek2's kv_b_proj split into llama.cpp's per-head k_b and v_b).
struct PlannedTensor
{
    std::string name; // GGUF name
    std::vector<std::int64_t> shape;
    std::vector<const TensorData *> parts; // stacked along the first dimension
    std::function<void(std::int64_t row, float *out)> transformedRow; // set for a transform
    std::uint64_t inputBytes = 0;

    std::int64_t rowLength() const { return shape.back(); }
    std::int64_t rowCount() const
    {
        std::int64_t rows = 1;
        for (std::size_t i = 0; i + 1 < shape.size(); ++i)
            rows *= shape[i];
        return shape.size() == 1 ? 1 : rows;
    }
};

// kv_b_proj [heads × (nope + v), kv_lora] as llama.cpp's MLA files hold it: k_b [heads, kv_lora,
// nope] (each head's key rows transposed) and v_b [heads, v, kv_lora] (its value rows).
void planSplitKvB(const model::ModelConfig &c, const TensorData &kvB, const std::string &layerPrefix,
                  std::vector<PlannedTensor> &plan)
{
    const model::LatentAttention &a = c.mla;
    const std::int64_t perHead = a.qkNopeHeadDim + a.vHeadDim;
    auto values = std::make_shared<std::vector<float>>();
    auto loaded = std::make_shared<std::once_flag>();
    const TensorData *source = &kvB;
    PlannedTensor k;
    k.name = layerPrefix + "attn_k_b.weight";
    k.shape = {c.headCount, a.kvLoraRank, a.qkNopeHeadDim};
    k.inputBytes = kvB.bytes;
    k.transformedRow = [=](std::int64_t row, float *out) {
        std::call_once(*loaded, [&] { *values = model::readAllFloats(*source); });
        const std::int64_t head = row / a.kvLoraRank;
        const std::int64_t column = row % a.kvLoraRank;
        for (std::int64_t j = 0; j < a.qkNopeHeadDim; ++j)
            out[j] = (*values)[static_cast<std::size_t>((head * perHead + j) * a.kvLoraRank + column)];
    };
    PlannedTensor v;
    v.name = layerPrefix + "attn_v_b.weight";
    v.shape = {c.headCount, a.vHeadDim, a.kvLoraRank};
    v.transformedRow = [=](std::int64_t row, float *out) {
        const std::int64_t head = row / a.vHeadDim;
        model::readRows(*source, head * perHead + a.qkNopeHeadDim + row % a.vHeadDim, 1, out);
    };
    plan.push_back(std::move(k));
    plan.push_back(std::move(v));
}

std::vector<PlannedTensor> planTensors(const model::ModelFiles &files)
{
    std::vector<PlannedTensor> plan;
    for (const TensorData &tensor : files.tensors) {
        model::ExpertTensorName expert;
        if (model::parseExpertTensorName(tensor.name, expert)) {
            if (expert.expert != 0)
                continue; // stacked with expert 0
            PlannedTensor stacked;
            const std::string merged = "model.layers." + std::to_string(expert.layer) + ".mlp.experts." + expert.projection + ".weight";
            stacked.name = *ggufTensorName(merged);
            for (std::int64_t e = 0; e < files.config.moe.expertCount; ++e) {
                const TensorData *part = files.findTensor(model::expertTensorName(expert.layer, e, expert.projection));
                if (!part || part->shape != tensor.shape)
                    fail(ErrorCode::Corrupt, "Expert " + std::to_string(e) + " of layer " + std::to_string(expert.layer)
                                                 + " has no " + expert.projection + " of the shape of expert 0's.");
                stacked.parts.push_back(part);
                stacked.inputBytes += part->bytes;
            }
            stacked.shape = {files.config.moe.expertCount, tensor.shape[0], tensor.shape[1]};
            plan.push_back(std::move(stacked));
            continue;
        }
        const std::string suffix = "self_attn.kv_b_proj.weight";
        if (files.config.architecture == model::Architecture::DeepSeek2 && tensor.name.size() > suffix.size()
            && tensor.name.compare(tensor.name.size() - suffix.size(), suffix.size(), suffix) == 0) {
            const std::string gguf = *ggufTensorName(tensor.name); // blk.N.attn_kv_b.weight
            planSplitKvB(files.config, tensor, gguf.substr(0, gguf.size() - std::string("attn_kv_b.weight").size()), plan);
            continue;
        }
        const auto name = ggufTensorName(tensor.name);
        if (!name)
            fail(ErrorCode::Unsupported, "The tensor '" + tensor.name + "' has no GGUF name.");
        PlannedTensor single;
        single.name = *name;
        single.shape = tensor.shape;
        single.parts = {&tensor};
        single.inputBytes = tensor.bytes;
        plan.push_back(std::move(single));
    }
    return plan;
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
        const std::vector<PlannedTensor> plan = planTensors(files);
        bool tied = true;
        for (const PlannedTensor &tensor : plan)
            tied = tied && tensor.name != "output.weight";
        const auto targetOf = [&](const PlannedTensor &tensor) {
            return scheme.tensorType(tensor.name, tensor.rowLength(), tensor.shape.size(), files.config.layerCount, tied);
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
        state.tensorCount = static_cast<std::int64_t>(plan.size());
        for (const PlannedTensor &tensor : plan) {
            writer.addTensor(tensor.name, targetOf(tensor), tensor.shape);
            state.bytesTotal += tensor.inputBytes;
        }
        check(writer.begin());
        if (!ropeFactors.empty())
            check(writer.writeTensorData(ropeFactors.data(), ropeFactors.size() * sizeof(float)));

        std::vector<std::uint8_t> chunk;
        for (const PlannedTensor &planned : plan) {
            state.tensorName = planned.parts.empty() ? planned.name : planned.parts.front()->name;
            if (progress && !progress(state))
                fail(ErrorCode::Cancelled, "Conversion cancelled.");
            const DType target = targetOf(planned);
            const TensorData *single = planned.parts.size() == 1 ? planned.parts.front() : nullptr;
            const std::int64_t heads = single ? ropePermutationHeads(files.config, single->name) : 0;
            const std::int64_t length = planned.rowLength();
            const bool vector = planned.shape.size() == 1;
            const std::int64_t rows = planned.rowCount();
            const std::uint64_t rowBytes = *model::byteSize(target, static_cast<std::uint64_t>(length));
            const bool asStored = !planned.transformedRow && heads == 0
                                  && std::all_of(planned.parts.begin(), planned.parts.end(), [&](const TensorData *part) {
                                         return part->dtype == target && part->ropePermutedHeads == 0;
                                     });
            // Row r of the output, as floats (in Hugging Face order: llama q/k rows interleaved back).
            const std::int64_t partRows = planned.parts.empty() ? rows : rows / static_cast<std::int64_t>(planned.parts.size());
            const auto readRow = [&](std::int64_t r, float *out) {
                if (planned.transformedRow) {
                    planned.transformedRow(r, out);
                    return;
                }
                const TensorData &part = *planned.parts[static_cast<std::size_t>(r / partRows)];
                const std::int64_t row = r % partRows;
                model::readRows(part, heads > 0 ? model::ropeRowSource(row, partRows, heads) : row, 1, out);
            };

            if (asStored) {
                // Same type, same order: the bytes as they are.
                for (const TensorData *part : planned.parts) {
                    for (std::uint64_t done = 0; done < part->bytes; done += kChunkBytes) {
                        const std::uint64_t bytes = std::min(kChunkBytes, part->bytes - done);
                        check(writer.writeTensorData(part->data + done, bytes));
                        if (part->file)
                            part->file->release(part->data + done, bytes);
                    }
                }
            } else if (vector) {
                const TensorData &tensor = *single;
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
                        readRow(first + r, values.data());
                        if (!model::allFinite(values.data(), length))
                            return first + r;
                        model::quantizeRow(target, values.data(), length, chunk.data() + r * rowBytes);
                        return std::int64_t{-1};
                    }, length);
                    if (bad >= 0) {
                        fail(ErrorCode::Corrupt, "The tensor '" + state.tensorName + "' contains NaN or infinite "
                                                 "values (row " + std::to_string(bad) + "). The model file is damaged.");
                    }
                    check(writer.writeTensorData(chunk.data(), chunk.size()));
                    if (single && single->file && heads == 0 && single->ropePermutedHeads == 0) {
                        // Rows are read in order: the ones behind us can leave memory.
                        const std::uint64_t sourceRow = single->bytes / static_cast<std::uint64_t>(rows);
                        single->file->release(single->data + static_cast<std::uint64_t>(first) * sourceRow,
                                              static_cast<std::uint64_t>(count) * sourceRow);
                    }
                    if (progress) {
                        ConvertProgress partial = state;
                        partial.bytesDone += planned.inputBytes * static_cast<std::uint64_t>(first + count) / static_cast<std::uint64_t>(rows);
                        if (!progress(partial))
                            fail(ErrorCode::Cancelled, "Conversion cancelled.");
                    }
                }
            }
            for (const TensorData *part : planned.parts)
                if (part->file) // done with this tensor: let its pages go
                    part->file->release(part->data, part->bytes);
            state.bytesDone += planned.inputBytes;
            ++state.tensorIndex;
        }
        check(writer.finish());
        state.tensorName.clear();
        if (progress)
            progress(state);
        summary.inputBytes = state.bytesTotal;
        summary.outputBytes = writer.bytesWritten();
        summary.tensorCount = static_cast<std::int64_t>(plan.size());
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return summary;
    });
}

} // namespace deskseek::engine::gguf
