#include "engine/inference/transformer.h"

#include "engine/inference/decodeattention.h"

#include "engine/error.h"
#include "engine/inference/ropefrequencies.h"
#include "engine/model/tensorrows.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace deskseek::engine::inference {

namespace {

std::string layerName(std::size_t index, const char *name)
{
    return "model.layers." + std::to_string(index) + "." + name;
}

} // namespace

Transformer::Transformer(const model::ModelFiles &files, const Placement &placement,
                         const std::function<bool(double)> &progress)
    : m_files(files)
    , m_config(files.config)
{
    c10::InferenceMode inferenceMode;
    const auto require = [&](const std::string &name) -> const model::TensorData & {
        const model::TensorData *tensor = files.findTensor(name);
        if (!tensor)
            fail(ErrorCode::NotFound, files.path.string() + " has no tensor '" + name + "'.");
        return *tensor;
    };
    const auto linear = [&](const std::string &name, const at::Device &device) {
        LinearWeight weight = LinearWeight::load(require(name), device);
        m_weightBytes += weight.bytes();
        return weight;
    };
    const auto report = [&](double fraction) {
        if (progress && !progress(fraction))
            fail(ErrorCode::Cancelled, "Loading was cancelled.");
    };

    m_embedding = &require("model.embed_tokens.weight");
    if (m_embedding->dtype == model::DType::F8_E4M3)
        fail(ErrorCode::Unsupported, "FP8 weights cannot be run yet. Convert the model to GGUF first.");
    m_weightBytes += m_embedding->bytes;
    const auto layerCount = static_cast<std::size_t>(m_config.layerCount);
    for (std::size_t i = 0; i < layerCount; ++i) {
        report(static_cast<double>(i) / static_cast<double>(layerCount + 1));
        Layer layer;
        layer.device = static_cast<std::int64_t>(i) < placement.gpuLayers ? placement.gpu : at::Device(at::kCPU);
        layer.attentionNorm = vector(layerName(i, "input_layernorm.weight"), layer.device);
        layer.mlpNorm = vector(layerName(i, "post_attention_layernorm.weight"), layer.device);
        layer.q = linear(layerName(i, "self_attn.q_proj.weight"), layer.device);
        layer.k = linear(layerName(i, "self_attn.k_proj.weight"), layer.device);
        layer.v = linear(layerName(i, "self_attn.v_proj.weight"), layer.device);
        layer.o = linear(layerName(i, "self_attn.o_proj.weight"), layer.device);
        if (m_config.attentionBias) {
            layer.qBias = vector(layerName(i, "self_attn.q_proj.bias"), layer.device);
            layer.kBias = vector(layerName(i, "self_attn.k_proj.bias"), layer.device);
            layer.vBias = vector(layerName(i, "self_attn.v_proj.bias"), layer.device);
        }
        if (m_config.qkNorm) {
            layer.qNorm = vector(layerName(i, "self_attn.q_norm.weight"), layer.device);
            layer.kNorm = vector(layerName(i, "self_attn.k_norm.weight"), layer.device);
        }
        layer.gate = linear(layerName(i, "mlp.gate_proj.weight"), layer.device);
        layer.up = linear(layerName(i, "mlp.up_proj.weight"), layer.device);
        layer.down = linear(layerName(i, "mlp.down_proj.weight"), layer.device);
        m_layers.push_back(std::move(layer));
    }
    m_outputDevice = m_layers.empty() ? at::Device(at::kCPU) : m_layers.back().device;
    m_outputNorm = vector("model.norm.weight", m_outputDevice);
    const bool tied = m_config.tieWordEmbeddings && !files.findTensor("lm_head.weight");
    if (tied) {
        m_head = LinearWeight::load(*m_embedding, m_outputDevice); // shared with the embedding table
    } else {
        m_head = linear("lm_head.weight", m_outputDevice);
    }
    // A token reads every weight once, and one row of the embedding table (all of it when it is
    // also the output head).
    const auto vocabulary = static_cast<std::uint64_t>(std::max<std::int64_t>(1, m_config.vocabSize));
    const std::uint64_t embeddingRow = m_embedding->bytes / vocabulary;
    m_bytesPerToken = m_weightBytes - (tied ? 0 : m_embedding->bytes) + embeddingRow;
    report(1.0);
}

at::Tensor Transformer::vector(const std::string &name, const at::Device &device) const
{
    const model::TensorData *tensor = m_files.findTensor(name);
    if (!tensor)
        fail(ErrorCode::NotFound, m_files.path.string() + " has no tensor '" + name + "'.");
    std::vector<float> values = model::readAllFloats(*tensor);
    return at::tensor(values, at::kFloat).to(device);
}

KvCache Transformer::createCache(std::int64_t capacity)
{
    c10::InferenceMode inferenceMode;
    std::vector<at::Device> devices;
    for (const Layer &layer : m_layers)
        devices.push_back(layer.device);
    // Rotary tables for every position the cache can hold, on each device that needs them.
    const RopeFrequencies frequencies = ropeFrequencies(m_config);
    const auto pairs = static_cast<std::int64_t>(frequencies.inverseFrequencies.size());
    std::vector<float> cosValues(static_cast<std::size_t>(capacity * pairs));
    std::vector<float> sinValues(cosValues.size());
    for (std::int64_t position = 0; position < capacity; ++position) {
        for (std::int64_t i = 0; i < pairs; ++i) {
            const double angle = static_cast<double>(position) * frequencies.inverseFrequencies[static_cast<std::size_t>(i)];
            const auto at = static_cast<std::size_t>(position * pairs + i);
            cosValues[at] = static_cast<float>(std::cos(angle) * frequencies.attentionFactor);
            sinValues[at] = static_cast<float>(std::sin(angle) * frequencies.attentionFactor);
        }
    }
    const at::Tensor cosTable = at::tensor(cosValues, at::kFloat).reshape({capacity, pairs});
    const at::Tensor sinTable = at::tensor(sinValues, at::kFloat).reshape({capacity, pairs});
    m_ropeTables.clear();
    for (const at::Device &device : devices) {
        bool known = false;
        for (const auto &entry : m_ropeTables)
            known = known || entry.first == device;
        if (!known)
            m_ropeTables.emplace_back(device, RopeTable{cosTable.to(device), sinTable.to(device)});
    }
    return KvCache(devices, m_config.kvHeadCount, m_config.headDim, capacity);
}

const Transformer::RopeTable &Transformer::ropeTable(const at::Device &device) const
{
    for (const auto &entry : m_ropeTables)
        if (entry.first == device)
            return entry.second;
    fail(ErrorCode::InvalidArgument, "The rotary tables were not prepared (create a cache first).");
}

at::Tensor Transformer::embed(const std::int32_t *tokens, std::int64_t count) const
{
    at::Tensor x = at::empty({count, m_config.hiddenSize}, at::kFloat);
    float *rows = x.data_ptr<float>();
    // A lookup maps the 64 KiB around its row (the system's fault-around); over a long chat that
    // would keep most of the table in memory for a row or two per token. Each window is let go
    // again (within the table): the next lookup reads it back from the page cache.
    constexpr std::uintptr_t window = 64 * 1024;
    const auto table = reinterpret_cast<std::uintptr_t>(m_embedding->data);
    const std::uint64_t rowBytes = m_embedding->bytes / static_cast<std::uint64_t>(m_config.vocabSize);
    for (std::int64_t t = 0; t < count; ++t) {
        if (tokens[t] < 0 || tokens[t] >= m_config.vocabSize)
            fail(ErrorCode::InvalidArgument, "Token id " + std::to_string(tokens[t]) + " is outside the vocabulary (0 to "
                                                 + std::to_string(m_config.vocabSize - 1) + ").");
        model::readRows(*m_embedding, tokens[t], 1, rows + t * m_config.hiddenSize);
        if (m_embedding->file) {
            const std::uintptr_t row = table + static_cast<std::uint64_t>(tokens[t]) * rowBytes;
            const std::uintptr_t first = std::max(table, row / window * window);
            const std::uintptr_t last = std::min(table + m_embedding->bytes, (row + rowBytes + window - 1) / window * window);
            m_embedding->file->release(m_embedding->data + (first - table), last - first);
        }
    }
    return x;
}

at::Tensor Transformer::rmsNorm(const at::Tensor &x, const at::Tensor &weight) const
{
    // The mean of squares summed in double precision and the scale as 1 / sqrt in single
    // precision, as ggml computes it: results stay within rounding of llama.cpp's.
    if (x.device().is_cpu() && x.is_contiguous() && weight.is_contiguous()
        && x.scalar_type() == at::kFloat && weight.scalar_type() == at::kFloat) {
        // On the CPU the same arithmetic as plain loops (no ten tensor operations per call), row by
        // row: a row's result does not depend on how many rows come with it.
        const std::int64_t width = x.size(-1);
        const std::int64_t rows = x.numel() / width;
        at::Tensor out = at::empty_like(x);
        const float *in = x.data_ptr<float>();
        const float *w = weight.data_ptr<float>();
        float *o = out.data_ptr<float>();
        for (std::int64_t r = 0; r < rows; ++r) {
            const float *row = in + r * width;
            double sum = 0.0;
            for (std::int64_t i = 0; i < width; ++i)
                sum += static_cast<double>(row[i] * row[i]);
            const auto mean = static_cast<float>(sum / static_cast<double>(width));
            const float scale = 1.0f / std::sqrt(mean + static_cast<float>(m_config.rmsNormEps));
            for (std::int64_t i = 0; i < width; ++i)
                o[r * width + i] = row[i] * scale * w[i];
        }
        return out;
    }
    const at::Tensor mean = ((x * x).to(at::kDouble).sum(-1, true) / static_cast<double>(x.size(-1))).to(at::kFloat);
    return x * at::reciprocal(at::sqrt(mean + m_config.rmsNormEps)) * weight;
}

at::Tensor Transformer::rotate(const at::Tensor &x, const RopeTable &table, std::int64_t position) const
{
    // x: [tokens, heads, head_dim]; pairs are (i, i + head_dim / 2), as Hugging Face rotates.
    const std::int64_t tokens = x.size(0);
    const std::int64_t half = x.size(2) / 2;
    const at::Tensor cos = table.cos.narrow(0, position, tokens).unsqueeze(1);
    const at::Tensor sin = table.sin.narrow(0, position, tokens).unsqueeze(1);
    const at::Tensor first = x.narrow(2, 0, half);
    const at::Tensor second = x.narrow(2, half, half);
    return at::cat({first * cos - second * sin, second * cos + first * sin}, 2);
}

at::Tensor Transformer::attention(const Layer &layer, std::size_t index, const at::Tensor &x,
                                  const std::vector<KvCache *> &caches) const
{
    std::vector<at::Tensor> qkv = LinearWeight::forwardShared({&layer.q, &layer.k, &layer.v}, x);
    if (caches.size() == 1)
        return layer.o.forward(attend(layer, index, qkv[0], qkv[1], qkv[2], *caches.front()));
    // A decoding step: row i is one token of the sequence in caches[i].
    const auto tokens = static_cast<std::int64_t>(caches.size());
    const std::int64_t width = m_config.headCount * m_config.headDim;
    const at::Tensor output = at::empty({tokens, width}, x.options());
    for (std::int64_t i = 0; i < tokens; ++i) {
        const at::Tensor q = qkv[0].narrow(0, i, 1), k = qkv[1].narrow(0, i, 1), v = qkv[2].narrow(0, i, 1);
        KvCache &cache = *caches[static_cast<std::size_t>(i)];
        if (layer.device.is_cpu() && !layer.qNorm.defined())
            attendOne(layer, index, q, k, v, cache, output.data_ptr<float>() + i * width);
        else
            output.narrow(0, i, 1).copy_(attend(layer, index, q, k, v, cache));
    }
    return layer.o.forward(output);
}

at::Tensor Transformer::attend(const Layer &layer, std::size_t index, at::Tensor q, at::Tensor k, at::Tensor v,
                               KvCache &cache) const
{
    const std::int64_t tokens = q.size(0);
    const std::int64_t heads = m_config.headCount;
    const std::int64_t kvHeads = m_config.kvHeadCount;
    const std::int64_t headDim = m_config.headDim;
    const std::int64_t group = heads / kvHeads;
    const std::int64_t position = cache.length();
    const std::int64_t length = position + tokens;

    if (tokens == 1 && layer.device.is_cpu() && !layer.qNorm.defined()) {
        // One buffer for every layer's output (the o projection reads it before the next layer
        // writes it again): no allocation per token.
        if (!m_attentionOutput.defined())
            m_attentionOutput = at::empty({1, heads * headDim}, at::kFloat);
        attendOne(layer, index, q, k, v, cache, m_attentionOutput.data_ptr<float>());
        return m_attentionOutput;
    }
    if (layer.qBias.defined()) {
        q = q + layer.qBias;
        k = k + layer.kBias;
        v = v + layer.vBias;
    }
    q = q.reshape({tokens, heads, headDim});
    k = k.reshape({tokens, kvHeads, headDim});
    v = v.reshape({tokens, kvHeads, headDim});
    if (layer.qNorm.defined()) {
        q = rmsNorm(q, layer.qNorm);
        k = rmsNorm(k, layer.kNorm);
    }
    const RopeTable &table = ropeTable(layer.device);
    q = rotate(q, table, position);
    k = rotate(k, table, position);

    const at::Tensor &keys = cache.keys(index);
    const at::Tensor &values = cache.values(index);
    keys.narrow(1, position, tokens).copy_(k.permute({1, 0, 2}));
    values.narrow(1, position, tokens).copy_(v.permute({1, 0, 2}));
    // The F16 cache in F32 for the products; as ggml computes with an F16 cache, the queries and
    // the softmax's weights are rounded to F16 for their products with it.
    const at::Tensor pastKeys = keys.narrow(1, 0, length).to(at::kFloat); // [kv heads, length, head_dim]
    const at::Tensor pastValues = values.narrow(1, 0, length).to(at::kFloat);

    // Query head h uses key/value head h / group: [kv heads, group * tokens, head_dim].
    const at::Tensor queries = q.view({tokens, kvHeads, group, headDim})
                                   .permute({1, 2, 0, 3})
                                   .reshape({kvHeads, group * tokens, headDim})
                                   .to(at::kHalf)
                                   .to(at::kFloat);
    at::Tensor scores = at::bmm(queries, pastKeys.transpose(1, 2)) * (1.0 / std::sqrt(static_cast<double>(headDim)));
    if (tokens > 1) {
        // Causal: the query at position + t sees keys 0 .. position + t.
        const auto options = at::TensorOptions().dtype(at::kLong).device(layer.device);
        const at::Tensor future = at::arange(length, options).unsqueeze(0) > (at::arange(tokens, options) + position).unsqueeze(1);
        scores = scores.view({kvHeads, group, tokens, length}).masked_fill(future, -std::numeric_limits<float>::infinity())
                     .view({kvHeads, group * tokens, length});
    }
    const at::Tensor probabilities = at::softmax(scores, -1).to(at::kHalf).to(at::kFloat);
    return at::bmm(probabilities, pastValues) // [kv heads, group * tokens, head_dim]
        .view({kvHeads, group, tokens, headDim})
        .permute({2, 0, 1, 3})
        .reshape({tokens, heads * headDim});
}

void Transformer::attendOne(const Layer &layer, std::size_t index, at::Tensor q, at::Tensor k, at::Tensor v,
                            KvCache &cache, float *out) const
{
    // One token on the CPU: the loops of decodeAttention instead of some thirty tensor operations.
    q = q.contiguous();
    k = k.contiguous();
    v = v.contiguous();
    if (layer.qBias.defined()) {
        q.add_(layer.qBias);
        k.add_(layer.kBias);
        v.add_(layer.vBias);
    }
    const std::int64_t position = cache.length();
    const RopeTable &table = ropeTable(layer.device);
    const std::int64_t pairs = table.cos.size(1);
    DecodeAttentionShape shape;
    shape.heads = m_config.headCount;
    shape.kvHeads = m_config.kvHeadCount;
    shape.headDim = m_config.headDim;
    shape.capacity = cache.capacity();
    decodeAttention(shape, q.data_ptr<float>(), k.data_ptr<float>(), v.data_ptr<float>(),
                    table.cos.data_ptr<float>() + position * pairs, table.sin.data_ptr<float>() + position * pairs, position,
                    reinterpret_cast<std::uint16_t *>(cache.keys(index).data_ptr<at::Half>()),
                    reinterpret_cast<std::uint16_t *>(cache.values(index).data_ptr<at::Half>()), out);
}

at::Tensor Transformer::mlp(const Layer &layer, const at::Tensor &x) const
{
    return layer.down.forward(LinearWeight::swiglu(layer.gate, layer.up, x));
}

void Transformer::addTime(const char *phase, const char *part, double seconds)
{
    const std::string name = std::string(phase) + ": " + part;
    for (auto &entry : m_profile)
        if (entry.first == name) {
            entry.second += seconds;
            return;
        }
    m_profile.emplace_back(name, seconds);
}

at::Tensor Transformer::forward(const std::int32_t *tokens, std::int64_t count, KvCache &cache, bool allPositions)
{
    c10::InferenceMode inferenceMode;
    if (count <= 0)
        fail(ErrorCode::InvalidArgument, "Nothing to evaluate.");
    if (cache.length() + count > cache.capacity())
        fail(ErrorCode::InvalidArgument, "The context is full (" + std::to_string(cache.capacity()) + " tokens).");
    at::Tensor logits = run(tokens, count, {&cache}, allPositions);
    cache.setLength(cache.length() + count);
    return allPositions ? logits : logits.view({m_config.vocabSize});
}

at::Tensor Transformer::decode(const std::int32_t *tokens, const std::vector<KvCache *> &caches)
{
    c10::InferenceMode inferenceMode;
    if (caches.empty())
        fail(ErrorCode::InvalidArgument, "Nothing to evaluate.");
    for (std::size_t i = 0; i < caches.size(); ++i) {
        if (caches[i]->length() >= caches[i]->capacity())
            fail(ErrorCode::InvalidArgument, "The context is full (" + std::to_string(caches[i]->capacity()) + " tokens).");
        for (std::size_t j = 0; j < i; ++j)
            if (caches[j] == caches[i])
                fail(ErrorCode::InvalidArgument, "A decoding step has two tokens for one sequence.");
    }
    const auto count = static_cast<std::int64_t>(caches.size());
    at::Tensor logits = run(tokens, count, caches, true);
    for (KvCache *cache : caches)
        cache->setLength(cache->length() + 1);
    return logits;
}

at::Tensor Transformer::run(const std::int32_t *tokens, std::int64_t count, const std::vector<KvCache *> &caches,
                            bool allPositions)
{
    using Clock = std::chrono::steady_clock;
    const char *phase = caches.size() > 1 ? "batched decode" : count > 1 ? "prefill" : "decode";
    Clock::time_point mark = Clock::now();
    const auto lap = [&](const char *part) {
        if (!m_profiling)
            return;
        const Clock::time_point now = Clock::now();
        addTime(phase, part, std::chrono::duration<double>(now - mark).count());
        mark = now;
    };
    at::Tensor x = embed(tokens, count);
    lap("embedding");
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const Layer &layer = m_layers[i];
        x = x.to(layer.device);
        x = x + attention(layer, i, rmsNorm(x, layer.attentionNorm), caches);
        lap("attention block");
        x = x + mlp(layer, rmsNorm(x, layer.mlpNorm));
        lap("mlp block");
    }
    x = x.to(m_outputDevice);
    if (!allPositions)
        x = x.narrow(0, count - 1, 1);
    at::Tensor logits = m_head.forward(rmsNorm(x, m_outputNorm)).to(at::kCPU);
    lap("output head");
    return logits;
}

} // namespace deskseek::engine::inference
