#include "engine/inference/linearweight.h"

#include "engine/error.h"
#include "engine/inference/activationquant.h"
#if DESKSEEK_CUDA_ENABLED
#include "engine/inference/cudaproducts.h"
#endif
#include "engine/inference/rowdot.h"
#include "engine/model/blockquant.h"
#include "engine/model/halffloat.h"
#include "engine/model/tensorrows.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cmath>

#include <algorithm>
#include <atomic>

namespace deskseek::engine::inference {

namespace {

using model::DType;

// Up to this many tokens (a decoding step of several sequences), F16/BF16 rows are dotted
// directly (each row read once per token) and F32 products are one matrix-vector product per
// token: a token's result is then the same whatever other tokens come with it. Larger batches
// dequantize a chunk of rows once and multiply it with BLAS.
constexpr std::int64_t kRowDotMaxTokens = kMaxTileTokens;

// Floats in one dequantized chunk (16 MiB): large enough for BLAS, small enough for the cache.
constexpr std::int64_t kChunkFloats = std::int64_t{1} << 22;

// The fastest panel kernel this CPU runs for a type.
PanelKernel bestKernel(DType type)
{
    static const KernelLevel level = bestKernelLevel();
    return panelKernel(type, level);
}

// Calls body(panel, firstToken, count) for every panel in [0, panels) and every tile of up to
// kMaxTileTokens of `tokens` tokens, on the engine's threads. Panels go in groups of four, each
// tile run over the whole group, so that the group's weights (at most a few hundred KiB) and the
// tile's activations stay in cache while a prompt's tokens go by. The threads take runs of
// groups from a shared counter rather than fixed halves: a core slowed by anything else on the
// machine then does less, and the other one does not wait for it at the end.
template<class Body>
void forEachPanelTile(std::int64_t panels, int tokens, const Body &body)
{
    constexpr std::int64_t group = 4;
    const std::int64_t groups = (panels + group - 1) / group;
    const std::int64_t threads = std::min<std::int64_t>(at::get_num_threads(), groups);
    const std::int64_t run = std::max<std::int64_t>(1, groups / (threads * 8));
    std::atomic<std::int64_t> next{0};
    at::parallel_for(0, threads, 1, [&](std::int64_t, std::int64_t) {
        for (std::int64_t start = next.fetch_add(run); start < groups; start = next.fetch_add(run)) {
            for (std::int64_t g = start; g < std::min(groups, start + run); ++g) {
                const std::int64_t last = std::min(panels, (g + 1) * group);
                for (int first = 0; first < tokens; first += kMaxTileTokens) {
                    const int count = std::min(kMaxTileTokens, tokens - first);
                    for (std::int64_t panel = g * group; panel < last; ++panel)
                        body(panel, first, count);
                }
            }
        }
    });
}

// Writes a tile (count tokens × 16 rows, as a panel kernel leaves it) into out [tokens, rows].
void storeTile(const float *tile, std::int64_t panel, int first, int count, std::int64_t rows, float *out)
{
    const std::int64_t row = panel * kPanelRows;
    const std::int64_t valid = std::min<std::int64_t>(kPanelRows, rows - row);
    for (int t = 0; t < count; ++t)
        std::copy(tile + t * kPanelRows, tile + t * kPanelRows + valid, out + (first + t) * rows + row);
}

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

ActivationRounding activationRounding(DType weightType)
{
    switch (weightType) {
    case DType::F32:
    case DType::F8_E4M3:
        return ActivationRounding::None;
    case DType::F16:
        return ActivationRounding::F16;
    case DType::BF16:
        return ActivationRounding::BF16;
    case DType::Q8_0:
    case DType::Q4_0:
    case DType::Q4_1:
    case DType::Q5_0:
    case DType::Q5_1:
        return ActivationRounding::Q8_0;
    case DType::Q2_K:
    case DType::Q3_K:
    case DType::Q4_K:
    case DType::Q5_K:
    case DType::Q6_K:
    case DType::IQ4_XS:
        break;
    }
    return ActivationRounding::Q8_K;
}

at::Tensor roundActivations(const at::Tensor &input, DType weightType)
{
    const ActivationRounding rounding = activationRounding(weightType);
    switch (rounding) {
    case ActivationRounding::None:
        return input;
    case ActivationRounding::F16:
    case ActivationRounding::BF16:
        return input.to(scalarType(weightType)).to(at::kFloat);
    case ActivationRounding::Q8_0:
    case ActivationRounding::Q8_K:
        break;
    }
    const bool k = rounding == ActivationRounding::Q8_K;
    if (!input.device().is_cpu()) {
        // The CPU's rounding with tensor operations (at::round rounds half to even).
        const std::int64_t rows = input.size(0);
        if (k) {
            const at::Tensor blocks = input.reshape({rows, -1, 256});
            const at::Tensor max = blocks.gather(-1, blocks.abs().argmax(-1, true));
            const at::Tensor inverse = at::where(max != 0, -127.0 / max, at::zeros_like(max));
            const at::Tensor q = at::clamp_max(at::round(blocks * inverse), 127);
            const at::Tensor scale = at::where(max != 0, 1.0 / inverse, at::zeros_like(max));
            return (q * scale).reshape(input.sizes());
        }
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
            if (k)
                roundActivationsQ8_K(in + row * count, count, values + row * count);
            else
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
        fail(ErrorCode::Unsupported, "Cannot compute with F8_E4M3 weights.");
    default:
        break;
    }
    // The other block types: dequantized on the CPU by the reference (a slow path for tests).
    const at::Tensor host = bytes.to(at::kCPU).contiguous();
    at::Tensor values = at::empty({rows, count}, at::kFloat);
    const std::int64_t rowBytes = host.size(1);
    for (std::int64_t row = 0; row < rows; ++row)
        model::dequantizeRow(type, host.data_ptr<std::uint8_t>() + row * rowBytes, count, values.data_ptr<float>() + row * count);
    return values.to(bytes.device()).to(outType);
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
    weight.m_device = device;
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
        if (PanelWeights::supports(tensor.dtype)) {
            // As runs of rows are packed, their mapped pages go (rows in file order only), so that
            // a large matrix is not in memory twice; then the rest of the tensor's pages.
            const auto packed = [&](std::int64_t first, std::int64_t count) {
                if (tensor.file && weight.m_rowMap.empty())
                    tensor.file->release(tensor.data + static_cast<std::uint64_t>(first) * weight.m_rowBytes,
                                         static_cast<std::uint64_t>(count) * weight.m_rowBytes);
            };
            weight.m_panels = std::make_shared<const PanelWeights>(
                tensor.dtype, weight.m_out, weight.m_in, [&](std::int64_t row) { return weight.fileRow(row, tensor.data); },
                packed);
            if (tensor.file) // the panels hold the weights now: the mapped pages can go
                tensor.file->release(tensor.data, tensor.bytes);
            weight.m_rowMap.clear();
            return weight;
        }
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
    const bool cudaKernels = DESKSEEK_CUDA_ENABLED && (tensor.dtype == DType::Q4_K || tensor.dtype == DType::Q6_K);
    if (tensor.dtype != DType::Q8_0 && tensor.dtype != DType::Q4_0 && !cudaKernels) {
        // No GPU kernels for this type: its rows dequantized once, kept in half precision.
        weight.m_dense = readFloats().to(at::kHalf).to(device);
        return weight;
    }
    at::Tensor bytes = at::from_blob(data, {weight.m_out, static_cast<std::int64_t>(weight.m_rowBytes)}, at::kByte);
    if (!weight.m_rowMap.empty())
        bytes = bytes.index_select(0, at::tensor(weight.m_rowMap, at::kLong));
    weight.m_deviceBytes = bytes.to(device);
    weight.m_rowMap.clear();
    return weight;
}

const std::byte *LinearWeight::fileRow(std::int64_t row, const std::byte *rows) const
{
    const std::int64_t stored = m_rowMap.empty() ? row : m_rowMap[static_cast<std::size_t>(row)];
    return rows + static_cast<std::uint64_t>(stored) * m_rowBytes;
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
        std::vector<std::byte> stored(m_panels ? m_rowBytes : 0);
        for (std::int64_t i = begin; i < end; ++i) {
            const std::byte *row = stored.data();
            if (m_panels)
                m_panels->storedRow(first + i, stored.data());
            else
                row = fileRow(first + i, m_rows);
            model::dequantizeRow(m_dtype, row, m_in, values + i * m_in);
        }
    });
    return out;
}

at::Tensor LinearWeight::forward(const at::Tensor &input) const
{
    if (m_panels)
        return forwardShared({this}, input).front();
    const at::Tensor x = roundActivations(input, m_dtype);
    if (m_dense.defined()) {
        if (m_dense.scalar_type() == at::kFloat) {
            if (x.size(0) == 1) // a matrix-vector product (BLAS gemv), not a gemm with one row
                return at::mv(m_dense, x[0]).unsqueeze(0);
            if (x.device().is_cpu() && x.size(0) <= kRowDotMaxTokens) {
                at::Tensor out = at::empty({x.size(0), m_out}, at::kFloat);
                for (std::int64_t t = 0; t < x.size(0); ++t)
                    out[t].copy_(at::mv(m_dense, x[t]));
                return out;
            }
            return at::linear(x, m_dense);
        }
        return at::linear(x.to(m_dense.scalar_type()), m_dense).to(at::kFloat);
    }
    return m_deviceBytes.defined() ? forwardPackedDevice(x) : forwardPackedCpu(x);
}

at::Tensor LinearWeight::forwardPackedCpu(const at::Tensor &input) const
{
    // F16, BF16 and the block types without panels (Q8_0 and Q4_0 are in panels).
    const at::Tensor x = input.contiguous(); // rounded by roundActivations()
    const std::int64_t tokens = x.size(0);
    at::Tensor out = at::empty({tokens, m_out}, at::kFloat);
    if (tokens <= kRowDotMaxTokens) {
        const float *xs = x.data_ptr<float>();
        float *ys = out.data_ptr<float>();
        at::parallel_for(0, m_out, 16, [&](std::int64_t begin, std::int64_t end) {
            for (std::int64_t row = begin; row < end; ++row) {
                const std::byte *stored = fileRow(row, m_rows);
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

bool LinearWeight::samePanels(std::initializer_list<const LinearWeight *> weights)
{
    const LinearWeight &front = **weights.begin();
    for (const LinearWeight *weight : weights)
        if (!weight->m_panels || weight->m_dtype != front.m_dtype || weight->m_in != front.m_in)
            return false;
    return true;
}

std::vector<at::Tensor> LinearWeight::forwardShared(std::initializer_list<const LinearWeight *> weights,
                                                    const at::Tensor &input)
{
    std::vector<at::Tensor> outputs;
    if (weights.size() == 0)
        return outputs;
    if (!samePanels(weights)) {
        for (const LinearWeight *weight : weights)
            outputs.push_back(weight->forward(input));
        return outputs;
    }
    const LinearWeight &front = **weights.begin();
    const at::Tensor x = input.contiguous();
    const auto tokens = static_cast<int>(x.size(0));
    const QuantizedTokens quantized(x.data_ptr<float>(), tokens, front.m_in, front.m_dtype);
    const PanelKernel kernel = bestKernel(front.m_dtype);
    // The weights' panels one after another: panel i of the pass is panel i - starts[w] of weight w.
    const std::vector<const LinearWeight *> list(weights);
    std::vector<std::int64_t> starts;
    std::vector<float *> ys;
    std::int64_t panels = 0;
    for (const LinearWeight *weight : list) {
        starts.push_back(panels);
        panels += weight->m_panels->panels();
        outputs.push_back(at::empty({tokens, weight->m_out}, at::kFloat));
        ys.push_back(outputs.back().data_ptr<float>());
    }
    forEachPanelTile(panels, tokens, [&](std::int64_t panel, int first, int count) {
        std::size_t w = list.size() - 1;
        while (panel < starts[w])
            --w;
        const LinearWeight &weight = *list[w];
        const std::int64_t local = panel - starts[w];
        float tile[kMaxTileTokens * kPanelRows];
        kernel(weight.m_panels->panel(local), weight.m_panels->blocks(), quantized.view(), first, count, tile);
        storeTile(tile, local, first, count, weight.m_out, ys[w]);
    });
    return outputs;
}

bool LinearWeight::samePanelType(const std::vector<const LinearWeight *> &weights)
{
    for (const LinearWeight *weight : weights)
        if (!weight->m_panels || weight->m_dtype != weights.front()->m_dtype)
            return false;
    return !weights.empty();
}

namespace {

// One pass over the panels of several weights, each with its own quantized input:
// body(w, panel of w, first token, token count) for every panel tile of every weight.
template<class Body>
void forEachWeightPanelTile(const std::vector<std::int64_t> &panels, const std::vector<int> &tokens, const Body &body)
{
    std::vector<std::int64_t> starts;
    std::int64_t total = 0;
    int most = 0;
    for (std::size_t w = 0; w < panels.size(); ++w) {
        starts.push_back(total);
        total += panels[w];
        most = std::max(most, tokens[w]);
    }
    forEachPanelTile(total, most, [&](std::int64_t panel, int first, int count) {
        std::size_t w = starts.size() - 1;
        while (panel < starts[w])
            --w;
        if (first >= tokens[w])
            return;
        body(w, panel - starts[w], first, std::min(count, tokens[w] - first));
    });
}

} // namespace

void LinearWeight::panelProductsEach(const std::vector<const LinearWeight *> &weights, const std::vector<const LinearWeight *> *ups,
                                     const std::vector<const float *> &inputs, const std::vector<int> &tokens,
                                     const std::vector<float *> &outputs)
{
    std::vector<std::unique_ptr<QuantizedTokens>> quantized;
    std::vector<std::int64_t> panels;
    for (std::size_t w = 0; w < weights.size(); ++w) {
        quantized.push_back(std::make_unique<QuantizedTokens>(inputs[w], tokens[w], weights[w]->m_in, weights[w]->m_dtype));
        panels.push_back(weights[w]->m_panels->panels());
    }
    const PanelKernel kernel = bestKernel(weights.front()->m_dtype);
    forEachWeightPanelTile(panels, tokens, [&](std::size_t w, std::int64_t panel, int first, int count) {
        const LinearWeight &weight = *weights[w];
        const std::int64_t blocks = weight.m_panels->blocks();
        float y[kMaxTileTokens * kPanelRows];
        kernel(weight.m_panels->panel(panel), blocks, quantized[w]->view(), first, count, y);
        if (ups) { // swiglu: silu(gate) × up
            float u[kMaxTileTokens * kPanelRows];
            kernel((*ups)[w]->m_panels->panel(panel), blocks, quantized[w]->view(), first, count, u);
            for (int i = 0; i < count * kPanelRows; ++i)
                y[i] = y[i] / (1.0f + std::exp(-y[i])) * u[i];
        }
        storeTile(y, panel, first, count, weight.m_out, outputs[w]);
    });
}

namespace {

// Contiguous inputs and fresh outputs [tokens, outs[i]] for panelProductsEach.
struct GroupedRows
{
    std::vector<at::Tensor> inputs, outputs;
    std::vector<const float *> in;
    std::vector<float *> out;
    std::vector<int> tokens;

    GroupedRows(const std::vector<at::Tensor> &xs, const std::vector<std::int64_t> &outs)
    {
        for (std::size_t w = 0; w < xs.size(); ++w) {
            inputs.push_back(xs[w].contiguous());
            outputs.push_back(at::empty({inputs.back().size(0), outs[w]}, at::kFloat));
            in.push_back(inputs.back().data_ptr<float>());
            out.push_back(outputs.back().data_ptr<float>());
            tokens.push_back(static_cast<int>(inputs.back().size(0)));
        }
    }
};

} // namespace

std::vector<at::Tensor> LinearWeight::forwardEach(const std::vector<const LinearWeight *> &weights,
                                                  const std::vector<at::Tensor> &inputs)
{
    if (!samePanelType(weights)) {
        std::vector<at::Tensor> outputs;
        for (std::size_t w = 0; w < weights.size(); ++w)
            outputs.push_back(weights[w]->forward(inputs[w]));
        return outputs;
    }
    std::vector<std::int64_t> outs;
    for (const LinearWeight *weight : weights)
        outs.push_back(weight->m_out);
    GroupedRows rows(inputs, outs);
    panelProductsEach(weights, nullptr, rows.in, rows.tokens, rows.out);
    return rows.outputs;
}

void LinearWeight::forwardEachRow(const std::vector<const LinearWeight *> &weights, const std::vector<const float *> &inputs,
                                  const std::vector<float *> &outputs)
{
    if (!samePanelType(weights)) {
        for (std::size_t w = 0; w < weights.size(); ++w) {
            const at::Tensor x = at::from_blob(const_cast<float *>(inputs[w]), {1, weights[w]->m_in}, at::kFloat);
            at::from_blob(outputs[w], {1, weights[w]->m_out}, at::kFloat).copy_(weights[w]->forward(x));
        }
        return;
    }
    panelProductsEach(weights, nullptr, inputs, std::vector<int>(weights.size(), 1), outputs);
}

std::vector<at::Tensor> LinearWeight::swigluEach(const std::vector<const LinearWeight *> &gates,
                                                 const std::vector<const LinearWeight *> &ups, const std::vector<at::Tensor> &inputs)
{
    std::vector<const LinearWeight *> all(gates);
    all.insert(all.end(), ups.begin(), ups.end());
    bool paired = samePanelType(all);
    for (std::size_t w = 0; paired && w < gates.size(); ++w)
        paired = gates[w]->m_out == ups[w]->m_out && gates[w]->m_in == ups[w]->m_in;
    if (!paired) {
        std::vector<at::Tensor> outputs;
        for (std::size_t w = 0; w < gates.size(); ++w)
            outputs.push_back(swiglu(*gates[w], *ups[w], inputs[w]));
        return outputs;
    }
    std::vector<std::int64_t> outs;
    for (const LinearWeight *gate : gates)
        outs.push_back(gate->m_out);
    GroupedRows rows(inputs, outs);
    panelProductsEach(gates, &ups, rows.in, rows.tokens, rows.out);
    return rows.outputs;
}

at::Tensor LinearWeight::swiglu(const LinearWeight &gate, const LinearWeight &up, const at::Tensor &input)
{
    if (!samePanels({&gate, &up}) || gate.m_out != up.m_out)
        return at::silu(gate.forward(input)) * up.forward(input);
    // Both products from one pass: the activations quantized once, panel p of both weights read
    // together, the product formed as the panels finish.
    GroupedRows rows({input}, {gate.m_out});
    const std::vector<const LinearWeight *> ups{&up};
    panelProductsEach({&gate}, &ups, rows.in, rows.tokens, rows.out);
    return rows.outputs.front();
}

at::Tensor LinearWeight::forwardPackedDevice(const at::Tensor &x) const
{
    // Q8_0, Q4_0, Q4_K or Q6_K rows on a GPU (the K-quants only with the CUDA kernels). With them:
    // one warp per row for a few tokens, and
    // for more, rows dequantized to half precision by a kernel, then cuBLAS. Without them (the
    // reference path): the same dequantization as tensor operations.
#if DESKSEEK_CUDA_ENABLED
    if (x.size(0) <= 4)
        return cudaQuantizedProduct(m_deviceBytes, m_dtype, m_in, x);
    const auto dequantize = [&](const at::Tensor &bytes) { return cudaDequantizeToHalf(bytes, m_dtype, m_in); };
#else
    const auto dequantize = [&](const at::Tensor &bytes) { return dequantizeBytes(bytes, m_dtype, m_in, at::kHalf); };
#endif
    const at::Tensor xh = x.to(at::kHalf);
    at::Tensor out = at::empty({x.size(0), m_out}, x.options().dtype(at::kFloat));
    const std::int64_t chunk = std::max<std::int64_t>(256, (std::int64_t{1} << 24) / m_in);
    for (std::int64_t first = 0; first < m_out; first += chunk) {
        const std::int64_t count = std::min(chunk, m_out - first);
        out.narrow(1, first, count).copy_(at::linear(xh, dequantize(m_deviceBytes.narrow(0, first, count))));
    }
    return out;
}

} // namespace deskseek::engine::inference
