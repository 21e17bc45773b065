#pragma once

// Internal to the engine: includes ATen. Only inference/*.cpp include this header.

#include "engine/model/tensordata.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace deskseek::engine::inference {

// The weight of a linear layer, y = x W^T, in whatever format it was stored: the one operation
// every projection goes through. Formats:
//  - dense: an at::Tensor [out, in]. F32 on the CPU (a view of the mapped file when it can be);
//    F32/F16/BF16 kept as stored on CUDA.
//  - packed: the stored rows (F16, BF16, Q8_0, Q4_0) left in the mapped file on the CPU, or
//    copied as bytes to the GPU; never expanded to F32 as a whole. The reference path
//    dequantizes them row by row (dotRow) or a chunk of rows at a time for batches.
class LinearWeight
{
public:
    LinearWeight() = default;
    // Throws EngineException for a type the engine cannot compute with.
    static LinearWeight load(const model::TensorData &tensor, const at::Device &device);

    // x: [tokens, in] float on this weight's device; returns [tokens, out] float. The
    // activations are first rounded as roundActivations() says.
    at::Tensor forward(const at::Tensor &x) const;
    // silu(gate · x) × (up · x), the first half of a SwiGLU MLP. On the CPU with Q8_0/Q4_0 weights
    // and a few tokens both products come from one pass: the activations quantized once, row r
    // of both weights read together, the product formed as the rows finish.
    static at::Tensor swiglu(const LinearWeight &gate, const LinearWeight &up, const at::Tensor &x);

    std::int64_t inFeatures() const { return m_in; }
    std::int64_t outFeatures() const { return m_out; }
    model::DType dtype() const { return m_dtype; }
    std::uint64_t bytes() const { return m_bytes; }
    bool isPacked() const { return !m_dense.defined(); }

    // Rows [first, first + count) as floats [count, in] on this device (reference dequantize).
    at::Tensor dequantizeRows(std::int64_t first, std::int64_t count) const;

private:
    at::Tensor forwardPackedCpu(const at::Tensor &x) const;
    at::Tensor forwardPackedDevice(const at::Tensor &x) const;
    const std::byte *fileRow(std::int64_t row) const;

    model::DType m_dtype = model::DType::F32;
    std::int64_t m_in = 0;
    std::int64_t m_out = 0;
    std::uint64_t m_bytes = 0;
    std::uint64_t m_rowBytes = 0;
    at::Tensor m_dense;                 // dense formats
    at::Tensor m_deviceBytes;           // packed on a GPU: uint8 [out, rowBytes]
    const std::byte *m_rows = nullptr;  // packed on the CPU: the mapped rows
    std::shared_ptr<const model::MappedFile> m_file;
    std::vector<std::int64_t> m_rowMap; // output row -> stored row (llama q/k from GGUF); empty: same
};

// The activations a product with weights of this type sees, as ggml computes it (its
// "vec_dot_type"): unchanged for F32 weights, rounded to F16/BF16 for those, and rounded to Q8_0
// blocks of 32 (fp16 scale, int8 values) for Q8_0 and Q4_0 weights. Exact products of these with
// the stored weights are what llama.cpp computes, and what fast integer kernels compute.
at::Tensor roundActivations(const at::Tensor &x, model::DType weightType);

// Dequantizes stored rows with tensor operations on any device: uint8 [rows, rowBytes] to
// float [rows, count]. The GPU's reference path; checked against model::dequantizeRow.
at::Tensor dequantizeBytes(const at::Tensor &bytes, model::DType type, std::int64_t count,
                           at::ScalarType outType);

} // namespace deskseek::engine::inference
