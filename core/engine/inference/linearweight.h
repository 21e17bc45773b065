#pragma once

// Internal to the engine: includes ATen. Only inference/*.cpp include this header.

#include "engine/inference/panelweights.h"
#include "engine/model/tensordata.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <vector>

namespace deskseek::engine::inference {

// The weight of a linear layer, y = x W^T, in whatever format it was stored: the one operation
// every projection goes through. Formats:
//  - dense: an at::Tensor [out, in]. F32 on the CPU (a view of the mapped file when it can be);
//    F32/F16/BF16 kept as stored on CUDA, and block types without CUDA kernels in half precision.
//  - panels: Q8_0 and Q4_0 on the CPU, repacked at load into PanelWeights (the same size; the
//    mapped file's pages are let go) for the integer kernels of quantkernels.h, which serve one
//    token and a 512-token prompt alike.
//  - packed: the stored rows left in the mapped file on the CPU (F16, BF16 and block types
//    without panels: dotted row by row for a few tokens, dequantized a chunk of rows at a time
//    for more), or copied as bytes to the GPU (Q8_0, Q4_0); never expanded to F32 as a whole.
class LinearWeight
{
public:
    LinearWeight() = default;
    // Throws EngineException for a type the engine cannot compute with.
    static LinearWeight load(const model::TensorData &tensor, const at::Device &device);

    // x: [tokens, in] float on this weight's device; returns [tokens, out] float. The
    // activations are first rounded as roundActivations() says.
    at::Tensor forward(const at::Tensor &x) const;
    // The products of several weights with the same input (an attention layer's q, k and v): for
    // panel weights of one type the activations are quantized once and every weight's panels
    // are shared out among the threads in one pass.
    static std::vector<at::Tensor> forwardShared(std::initializer_list<const LinearWeight *> weights, const at::Tensor &x);
    // silu(gate · x) × (up · x), the first half of a SwiGLU MLP. With panel weights both products
    // come from one pass: the activations quantized once, panel p of both weights read together,
    // the product formed as the panels finish.
    static at::Tensor swiglu(const LinearWeight &gate, const LinearWeight &up, const at::Tensor &x);
    // Products of several weights, each with its own input: inputs[i] [tokens_i, in_i] gives
    // [tokens_i, out_i] (the heads of a latent attention; the experts of a layer, each with the
    // tokens that chose it). For panel weights of one type, one pass over all their panels that
    // the threads share out, instead of a pass (and a wait for the threads) per weight.
    static std::vector<at::Tensor> forwardEach(const std::vector<const LinearWeight *> &weights,
                                               const std::vector<at::Tensor> &inputs);
    // The same for one token each, from and to rows of floats: inputs[i] (in_i values) to
    // outputs[i] (out_i values), without a tensor per weight (a decoding step's heads).
    static void forwardEachRow(const std::vector<const LinearWeight *> &weights, const std::vector<const float *> &inputs,
                               const std::vector<float *> &outputs);
    // swiglu() of each (gates[i], ups[i]) with inputs[i], in one pass in the same way.
    static std::vector<at::Tensor> swigluEach(const std::vector<const LinearWeight *> &gates,
                                              const std::vector<const LinearWeight *> &ups, const std::vector<at::Tensor> &inputs);

    std::int64_t inFeatures() const { return m_in; }
    std::int64_t outFeatures() const { return m_out; }
    model::DType dtype() const { return m_dtype; }
    std::uint64_t bytes() const { return m_bytes; }
    bool isPacked() const { return !m_dense.defined(); }
    bool usesPanels() const { return m_panels != nullptr; }
    const at::Device &device() const { return m_device; }

    // Rows [first, first + count) as floats [count, in] on this device (reference dequantize).
    at::Tensor dequantizeRows(std::int64_t first, std::int64_t count) const;

private:
    at::Tensor forwardPackedCpu(const at::Tensor &x) const;
    static bool samePanels(std::initializer_list<const LinearWeight *> weights);
    static bool samePanelType(const std::vector<const LinearWeight *> &weights);
    // The panel products of several weights of one panel type, each with its own rows (and the
    // SwiGLU of weights[i] with (*ups)[i] when ups is given), in one pass.
    static void panelProductsEach(const std::vector<const LinearWeight *> &weights, const std::vector<const LinearWeight *> *ups,
                                  const std::vector<const float *> &inputs, const std::vector<int> &tokens,
                                  const std::vector<float *> &outputs);
    at::Tensor forwardPackedDevice(const at::Tensor &x) const;
    // Stored row `row` (after the llama q/k row map) among `rows`.
    const std::byte *fileRow(std::int64_t row, const std::byte *rows) const;

    model::DType m_dtype = model::DType::F32;
    at::Device m_device = at::Device(at::kCPU);
    std::int64_t m_in = 0;
    std::int64_t m_out = 0;
    std::uint64_t m_bytes = 0;
    std::uint64_t m_rowBytes = 0;
    at::Tensor m_dense;                 // dense formats
    at::Tensor m_deviceBytes;           // packed on a GPU: uint8 [out, rowBytes]
    const std::byte *m_rows = nullptr;  // packed on the CPU (F16, BF16): the mapped rows
    std::shared_ptr<const PanelWeights> m_panels; // Q8_0, Q4_0 on the CPU
    std::shared_ptr<const model::MappedFile> m_file;
    std::vector<std::int64_t> m_rowMap; // output row -> stored row (llama q/k from GGUF); empty: same
};

// How activations are rounded before a product with weights of a type (ggml's vec_dot_type).
enum class ActivationRounding { None, F16, BF16, Q8_0, Q8_K };
ActivationRounding activationRounding(model::DType weightType);

// The activations a product with weights of this type sees, as ggml computes it (its
// "vec_dot_type"): unchanged for F32 weights, rounded to F16/BF16 for those, rounded to Q8_0
// blocks of 32 (fp16 scale, int8 values) for Q8_0, Q4_0, Q4_1, Q5_0 and Q5_1 weights, and to Q8_K
// blocks of 256 (float scale, int8 values) for the K-quants and IQ4_XS. Exact products of these with
// the stored weights are what llama.cpp computes, and what fast integer kernels compute.
at::Tensor roundActivations(const at::Tensor &x, model::DType weightType);

// Dequantizes stored rows with tensor operations on any device: uint8 [rows, rowBytes] to
// float [rows, count]. The GPU's reference path; checked against model::dequantizeRow.
at::Tensor dequantizeBytes(const at::Tensor &bytes, model::DType type, std::int64_t count,
                           at::ScalarType outType);

} // namespace deskseek::engine::inference
