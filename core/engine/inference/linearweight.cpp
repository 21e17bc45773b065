#include "engine/inference/linearweight.h"

#include "engine/error.h"
#include "engine/inference/activationquant.h"
#include "engine/inference/quantkernels.h"
#include "engine/inference/rowdot.h"
#include "engine/model/blockquant.h"
#include "engine/model/halffloat.h"
#include "engine/model/tensorrows.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>

#include <algorithm>

namespace deskseek::engine::inference {

namespace {

using model::DType;

// Up to this many tokens, packed rows are dotted directly (each row read once per token);
// larger batches dequantize a chunk of rows once and multiply it with BLAS.
constexpr std::int64_t kRowDotMaxTokens = 4;

// Token activations (already rounded to Q8_0 values) quantized to Q8_0 blocks once for every row
// of a product, with what the kernels need beside them.
struct PreparedActivations
{
    explicit PreparedActivations(const at::Tensor &x)
    {
        const std::int64_t tokens = x.size(0), count = x.size(1);
        const float *xs = x.data_ptr<float>();
        q.resize(static_cast<std::size_t>(tokens * count));
        std::vector<std::uint16_t> halfScales(static_cast<std::size_t>(tokens * count / 32));
        for (std::int64_t t = 0; t < tokens; ++t)
            quantizeActivationsQ8_0(xs + t * count, count, q.data() + t * count, halfScales.data() + t * count / 32);
        scales.resize(halfScales.size());
        for (std::size_t i = 0; i < halfScales.size(); ++i)
            scales[i] = model::halfToFloat(halfScales[i]);
        offsets.resize(scales.size());
        computeBlockOffsets(q.data(), scales.data(), tokens * count, offsets.data());
        view = QuantizedActivations{q.data(), scales.data(), offsets.data(), count, static_cast<int>(tokens)};
    }

    std::vector<std::int8_t> q;
    std::vector<float> scales;
    std::vector<float> offsets;
    QuantizedActivations view;
};

// The fastest kernel this CPU runs for a type.
QuantizedRowDot bestKernel(DType type)
{
    static const KernelLevel level = bestKernelLevel();
    return quantizedRowDot(type, level);
}
// Floats in one dequantized chunk (16 MiB): large enough for BLAS, small enough for the cache.
constexpr std::int64_t kChunkFloats = std::int64_t{1} << 22;

at::ScalarType scalarType(DType type)
{
    switch (type) {
    case DType::F16:
        return at::kHalf;
    case DType::BF16:
        return at::kBFloat16;
    default:
        return at::kFloat;
    }
}

} // namespace

at::Tensor roundActivations(const at::Tensor &input, DType weightType)
{
    switch (weightType) {
    case DType::F32:
    case DType::F8_E4M3:
        return input;
    case DType::F16:
    case DType::BF16:
        return input.to(scalarType(weightType)).to(at::kFloat);
    case DType::Q8_0:
    case DType::Q4_0:
        break;
    }
    if (!input.device().is_cpu()) {
        // roundActivationsQ8_0 with tensor operations (at::round rounds half to even).
        const std::int64_t rows = input.size(0);
        const at::Tensor blocks = input.reshape({rows, -1, 32});
        const at::Tensor amax = blocks.abs().amax(-1, true);
        const at::Tensor inverse = at::where(amax > 0, 127.0 / amax, at::zeros_like(amax));
        const at::Tensor q = at::round(blocks * inverse);
        return (q * (amax / 127.0).to(at::kHalf).to(at::kFloat)).reshape(input.sizes());
    }
    const at::Tensor x = input.contiguous();
    at::Tensor out = at::empty_like(x);
    const std::int64_t rows = x.size(0);
    const std::int64_t count = x.size(1);
    const float *in = x.data_ptr<float>();
    float *values = out.data_ptr<float>();
    at::parallel_for(0, rows, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t row = begin; row < end; ++row) {
            roundActivationsQ8_0(in + row * count, count, values + row * count);
        }
    });
    return out;
}

at::Tensor dequantizeBytes(const at::Tensor &bytes, DType type, std::int64_t count, at::ScalarType outType)
{
    const std::int64_t rows = bytes.size(0);
    switch (type) {
    case DType::F32:
    case DType::F16:
    case DType::BF16:
        return bytes.contiguous().view(scalarType(type)).reshape({rows, count}).to(outType);
    case DType::Q8_0: {
        const at::Tensor blocks = bytes.reshape({rows, count / 32, 34});
        const at::Tensor scale = blocks.narrow(2, 0, 2).contiguous().view(at::kHalf).to(outType);
        const at::Tensor values = blocks.narrow(2, 2, 32).contiguous().view(at::kChar).to(outType);
        return (values * scale).reshape({rows, count});
    }
    case DType::Q4_0: {
        const at::Tensor blocks = bytes.reshape({rows, count / 32, 18});
        const at::Tensor scale = blocks.narrow(2, 0, 2).contiguous().view(at::kHalf).to(outType);
        const at::Tensor packed = blocks.narrow(2, 2, 16);
        // Low nibbles hold values 0-15 of the block, high nibbles 16-31.
        const at::Tensor values = at::cat({packed.bitwise_and(0x0f), at::__rshift__(packed, 4)}, 2).to(outType) - 8;
        return (values * scale).reshape({rows, count});
    }
    case DType::F8_E4M3:
        break;
    }
    fail(ErrorCode::Unsupported, std::string("Cannot compute with ") + std::string(model::dtypeName(type)) + " weights.");
}

LinearWeight LinearWeight::load(const model::TensorData &tensor, const at::Device &device)
{
    if (tensor.shape.size() != 2)
        fail(ErrorCode::Corrupt, "Tensor " + tensor.name + " should be a matrix but has shape " + tensor.describeShape() + ".");
    if (tensor.dtype == DType::F8_E4M3)
        fail(ErrorCode::Unsupported, "Tensor " + tensor.name
                                         + " is FP8; DeskSeek cannot run FP8 weights yet. Convert the model to GGUF first.");
    LinearWeight weight;
    weight.m_dtype = tensor.dtype;
    weight.m_out = tensor.shape[0];
    weight.m_in = tensor.shape[1];
    weight.m_bytes = tensor.bytes;
    weight.m_rowBytes = tensor.bytes / static_cast<std::uint64_t>(weight.m_out);
    if (tensor.ropePermutedHeads > 0) {
        weight.m_rowMap.resize(static_cast<std::size_t>(weight.m_out));
        for (std::int64_t row = 0; row < weight.m_out; ++row)
            weight.m_rowMap[static_cast<std::size_t>(row)]
                = model::ropeRowTarget(row, weight.m_out, tensor.ropePermutedHeads);
    }
    auto *data = const_cast<std::byte *>(tensor.data); // read only: the tensors made here are never written
    const bool aligned = reinterpret_cast<std::uintptr_t>(data) % 4 == 0;
    const auto readFloats = [&] {
        at::Tensor values = at::empty({weight.m_out, weight.m_in}, at::kFloat);
        model::readRows(tensor, 0, weight.m_out, values.data_ptr<float>());
        return values;
    };

    if (device.is_cpu()) {
        if (tensor.dtype != DType::F32) {
            weight.m_rows = tensor.data;
            weight.m_file = tensor.file;
            return weight;
        }
        if (weight.m_rowMap.empty() && aligned) {
            // A view of the mapped file: no copy, pages read from disk as they are used.
            weight.m_dense = at::from_blob(data, {weight.m_out, weight.m_in}, at::kFloat);
            weight.m_file = tensor.file;
        } else {
            weight.m_dense = readFloats();
        }
        return weight;
    }

    // A GPU: dense formats as stored; block formats as bytes.
    if (tensor.dtype == DType::F32 || tensor.dtype == DType::F16 || tensor.dtype == DType::BF16) {
        at::Tensor host = weight.m_rowMap.empty() && aligned
                              ? at::from_blob(data, {weight.m_out, weight.m_in}, scalarType(tensor.dtype))
                              : readFloats().to(scalarType(tensor.dtype));
        weight.m_dense = host.to(device);
        return weight;
    }
    at::Tensor bytes = at::from_blob(data, {weight.m_out, static_cast<std::int64_t>(weight.m_rowBytes)}, at::kByte);
    if (!weight.m_rowMap.empty())
        bytes = bytes.index_select(0, at::tensor(weight.m_rowMap, at::kLong));
    weight.m_deviceBytes = bytes.to(device);
    weight.m_rowMap.clear();
    return weight;
}

const std::byte *LinearWeight::fileRow(std::int64_t row) const
{
    const std::int64_t stored = m_rowMap.empty() ? row : m_rowMap[static_cast<std::size_t>(row)];
    return m_rows + static_cast<std::uint64_t>(stored) * m_rowBytes;
}

at::Tensor LinearWeight::dequantizeRows(std::int64_t first, std::int64_t count) const
{
    if (m_dense.defined())
        return m_dense.narrow(0, first, count).to(at::kFloat);
    if (m_deviceBytes.defined())
        return dequantizeBytes(m_deviceBytes.narrow(0, first, count), m_dtype, m_in, at::kFloat);
    at::Tensor out = at::empty({count, m_in}, at::kFloat);
    float *values = out.data_ptr<float>();
    at::parallel_for(0, count, 8, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            model::dequantizeRow(m_dtype, fileRow(first + i), m_in, values + i * m_in);
    });
    return out;
}

at::Tensor LinearWeight::forward(const at::Tensor &input) const
{
    const at::Tensor x = roundActivations(input, m_dtype);
    if (m_dense.defined()) {
        if (m_dense.scalar_type() == at::kFloat) {
            if (x.size(0) == 1) // a matrix-vector product (BLAS gemv), not a gemm with one row
                return at::mv(m_dense, x[0]).unsqueeze(0);
            return at::linear(x, m_dense);
        }
        return at::linear(x.to(m_dense.scalar_type()), m_dense).to(at::kFloat);
    }
    return m_deviceBytes.defined() ? forwardPackedDevice(x) : forwardPackedCpu(x);
}

at::Tensor LinearWeight::forwardPackedCpu(const at::Tensor &input) const
{
    const at::Tensor x = input.contiguous(); // rounded by roundActivations()
    const std::int64_t tokens = x.size(0);
    at::Tensor out = at::empty({tokens, m_out}, at::kFloat);
    if (tokens <= kRowDotMaxTokens && (m_dtype == DType::Q8_0 || m_dtype == DType::Q4_0)) {
        // Integer dot products with the activations quantized once (input is already rounded to
        // Q8_0 values, so quantizing it again gives the same blocks).
        const PreparedActivations prepared(x);
        const QuantizedRowDot kernel = bestKernel(m_dtype);
        float *ys = out.data_ptr<float>();
        at::parallel_for(0, m_out, 64, [&](std::int64_t begin, std::int64_t end) {
            float results[kRowDotMaxTokens];
            for (std::int64_t row = begin; row < end; ++row) {
                kernel(fileRow(row), prepared.view, m_in, results);
                for (std::int64_t t = 0; t < tokens; ++t)
                    ys[t * m_out + row] = results[t];
            }
        });
        return out;
    }
    if (tokens <= kRowDotMaxTokens) {
        const float *xs = x.data_ptr<float>();
        float *ys = out.data_ptr<float>();
        at::parallel_for(0, m_out, 16, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t row = begin; row < end; ++row) {
                const std::byte *stored = fileRow(row);
                for (std::int64_t t = 0; t < tokens; ++t)
                    ys[t * m_out + row] = dotRow(m_dtype, stored, xs + t * m_in, m_in);
            }
        });
        return out;
    }
    const std::int64_t chunk = std::max<std::int64_t>(64, kChunkFloats / m_in);
    for (std::int64_t first = 0; first < m_out; first += chunk) {
        const std::int64_t count = std::min(chunk, m_out - first);
        out.narrow(1, first, count).copy_(at::mm(x, dequantizeRows(first, count).t()));
    }
    return out;
}

at::Tensor LinearWeight::swiglu(const LinearWeight &gate, const LinearWeight &up, const at::Tensor &input)
{
    const auto packedOnCpu = [](const LinearWeight &w) {
        return !w.m_dense.defined() && !w.m_deviceBytes.defined() && (w.m_dtype == DType::Q8_0 || w.m_dtype == DType::Q4_0);
    };
    if (!packedOnCpu(gate) || !packedOnCpu(up) || gate.m_dtype != up.m_dtype || gate.m_in != up.m_in
        || gate.m_out != up.m_out || input.size(0) > kRowDotMaxTokens)
        return at::silu(gate.forward(input)) * up.forward(input);
    const at::Tensor x = roundActivations(input, gate.m_dtype).contiguous();
    const std::int64_t tokens = x.size(0);
    const std::int64_t rows = gate.m_out;
    const PreparedActivations prepared(x);
    const QuantizedRowDot kernel = bestKernel(gate.m_dtype);
    at::Tensor out = at::empty({tokens, rows}, at::kFloat);
    float *ys = out.data_ptr<float>();
    at::parallel_for(0, rows, 32, [&](std::int64_t begin, std::int64_t end) {
        float g[kRowDotMaxTokens], u[kRowDotMaxTokens];
        for (std::int64_t row = begin; row < end; ++row) {
            kernel(gate.fileRow(row), prepared.view, gate.m_in, g);
            kernel(up.fileRow(row), prepared.view, up.m_in, u);
            for (std::int64_t t = 0; t < tokens; ++t)
                ys[t * rows + row] = g[t] / (1.0f + std::exp(-g[t])) * u[t];
        }
    });
    return out;
}

at::Tensor LinearWeight::forwardPackedDevice(const at::Tensor &x) const
{
    // The reference GPU path: dequantize a chunk of rows to half precision, then cuBLAS.
    const at::Tensor xh = x.to(at::kHalf);
    at::Tensor out = at::empty({x.size(0), m_out}, x.options().dtype(at::kFloat));
    const std::int64_t chunk = std::max<std::int64_t>(256, (std::int64_t{1} << 24) / m_in);
    for (std::int64_t first = 0; first < m_out; first += chunk) {
        const std::int64_t count = std::min(chunk, m_out - first);
        const at::Tensor rows = dequantizeBytes(m_deviceBytes.narrow(0, first, count), m_dtype, m_in, at::kHalf);
        out.narrow(1, first, count).copy_(at::linear(xh, rows));
    }
    return out;
}

} // namespace deskseek::engine::inference
