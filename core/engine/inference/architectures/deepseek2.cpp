#include "engine/inference/architectures/deepseek2.h"

#include "engine/error.h"
#include "engine/inference/blocks/cachedattention.h"
#include "engine/inference/blocks/gatedmlp.h"
#include "engine/inference/decodeattention.h"
#include "engine/inference/ropefrequencies.h"
#include "engine/model/architectures/deepseek2.h"
#include "engine/model/halffloat.h"
#include "engine/model/tensorrows.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <cmath>

namespace deskseek::engine::inference {

namespace {

// Rows [first, first + count) of a tensor whose rows (its last dimension) follow each other, as
// a matrix of their own: a head's slice of a stacked or per-head tensor.
model::TensorData rowsOf(const model::TensorData &tensor, std::int64_t first, std::int64_t count, const std::string &name)
{
    const std::uint64_t rowBytes = tensor.bytes / static_cast<std::uint64_t>(tensor.rowCount());
    model::TensorData rows = tensor;
    rows.name = name;
    rows.shape = {count, tensor.rowLength()};
    rows.data = tensor.data + static_cast<std::uint64_t>(first) * rowBytes;
    rows.bytes = static_cast<std::uint64_t>(count) * rowBytes;
    rows.ropePermutedHeads = 0;
    return rows;
}

} // namespace

DeepSeek2::DeepSeek2(const model::ModelFiles &files, const Placement &placement, const std::function<bool(double)> &progress)
    : Decoder(files)
{
    c10::InferenceMode inferenceMode;
    const model::MixtureOfExperts &moe = m_config.moe;
    loadLayers(placement, progress, [&](std::size_t i, const at::Device &device) {
        Layer layer;
        layer.device = device;
        layer.attentionNorm = vector(layerTensor(i, "input_layernorm.weight"), layer.device);
        layer.mlpNorm = vector(layerTensor(i, "post_attention_layernorm.weight"), layer.device);
        loadAttention(layer, i);
        layer.experts = model::isExpertLayer(m_config, static_cast<std::int64_t>(i));
        if (!layer.experts) {
            layer.gate = linear(require(layerTensor(i, "mlp.gate_proj.weight")), layer.device);
            layer.up = linear(require(layerTensor(i, "mlp.up_proj.weight")), layer.device);
            layer.down = linear(require(layerTensor(i, "mlp.down_proj.weight")), layer.device);
        } else {
            layer.router = linear(require(layerTensor(i, "mlp.gate.weight")), layer.device);
            if (moe.selectionBias)
                layer.selectionBias = floats(layerTensor(i, "mlp.gate.e_score_correction_bias"));
            const at::Device expertDevice = placement.routedExpertsOnCpu ? at::Device(at::kCPU) : layer.device;
            for (std::int64_t e = 0; e < moe.expertCount; ++e) {
                blocks::Expert expert;
                expert.gate = linear(require(model::expertTensorName(static_cast<std::int64_t>(i), e, "gate_proj")), expertDevice);
                expert.up = linear(require(model::expertTensorName(static_cast<std::int64_t>(i), e, "up_proj")), expertDevice);
                expert.down = linear(require(model::expertTensorName(static_cast<std::int64_t>(i), e, "down_proj")), expertDevice);
                m_expertBytes += expert.gate.bytes() + expert.up.bytes() + expert.down.bytes();
                layer.routed.push_back(std::move(expert));
            }
            if (moe.sharedExperts > 0) {
                layer.shared.gate = linear(require(layerTensor(i, "mlp.shared_experts.gate_proj.weight")), layer.device);
                layer.shared.up = linear(require(layerTensor(i, "mlp.shared_experts.up_proj.weight")), layer.device);
                layer.shared.down = linear(require(layerTensor(i, "mlp.shared_experts.down_proj.weight")), layer.device);
            }
        }
        m_layers.push_back(std::move(layer));
    });
    for (const Layer &layer : m_layers) { // (the layers no longer move)
        m_keyAbsorb.emplace_back();
        m_valueExpand.emplace_back();
        for (std::size_t h = 0; h < layer.keyAbsorb.size(); ++h) {
            m_keyAbsorb.back().push_back(&layer.keyAbsorb[h]);
            m_valueExpand.back().push_back(&layer.valueExpand[h]);
        }
    }
    // A token reads every weight but the experts it does not choose.
    const double unused = moe.expertCount > 0 ? 1.0 - static_cast<double>(moe.expertsPerToken) / static_cast<double>(moe.expertCount) : 0.0;
    loadOutputHead(static_cast<std::uint64_t>(static_cast<double>(m_expertBytes) * unused));

    const RopeFrequencies frequencies = ropeFrequencies(m_config);
    m_softmaxScale = frequencies.softmaxFactor / std::sqrt(static_cast<double>(m_config.headDim));
    report(progress, 1.0);
}

void DeepSeek2::loadAttention(Layer &layer, std::size_t i)
{
    const model::LatentAttention &a = m_config.mla;
    const at::Device &device = layer.device;
    if (a.qLoraRank > 0) {
        layer.qA = linear(require(layerTensor(i, "self_attn.q_a_proj.weight")), device);
        layer.qANorm = vector(layerTensor(i, "self_attn.q_a_layernorm.weight"), device);
        layer.qB = linear(require(layerTensor(i, "self_attn.q_b_proj.weight")), device);
    } else {
        layer.q = linear(require(layerTensor(i, "self_attn.q_proj.weight")), device);
    }
    layer.kvA = linear(require(layerTensor(i, "self_attn.kv_a_proj_with_mqa.weight")), device);
    layer.kvANorm = vector(layerTensor(i, "self_attn.kv_a_layernorm.weight"), device);
    layer.o = linear(require(layerTensor(i, "self_attn.o_proj.weight")), device);
    const std::int64_t heads = m_config.headCount;
    if (a.splitKvB) { // llama.cpp's MLA files: per-head slices of k_b [heads, kv_lora, nope] and v_b [heads, v, kv_lora]
        const model::TensorData &kB = require(layerTensor(i, "self_attn.k_b_proj.weight"));
        const model::TensorData &vB = require(layerTensor(i, "self_attn.v_b_proj.weight"));
        for (std::int64_t h = 0; h < heads; ++h) {
            layer.keyAbsorb.push_back(linear(rowsOf(kB, h * a.kvLoraRank, a.kvLoraRank, kB.name + "[" + std::to_string(h) + "]"), device));
            layer.valueExpand.push_back(linear(rowsOf(vB, h * a.vHeadDim, a.vHeadDim, vB.name + "[" + std::to_string(h) + "]"), device));
        }
        return;
    }
    // Hugging Face's kv_b_proj [heads × (nope + v), kv_lora]: each head's nope key rows, then its
    // value rows. The value rows are used as they are; the key rows transposed once, here.
    const model::TensorData &kvB = require(layerTensor(i, "self_attn.kv_b_proj.weight"));
    const std::int64_t perHead = a.qkNopeHeadDim + a.vHeadDim;
    for (std::int64_t h = 0; h < heads; ++h) {
        std::vector<float> keyRows(static_cast<std::size_t>(a.qkNopeHeadDim * a.kvLoraRank));
        model::readRows(kvB, h * perHead, a.qkNopeHeadDim, keyRows.data());
        auto absorbed = std::make_unique<std::vector<float>>(keyRows.size());
        for (std::int64_t j = 0; j < a.qkNopeHeadDim; ++j)
            for (std::int64_t c = 0; c < a.kvLoraRank; ++c)
                (*absorbed)[static_cast<std::size_t>(c * a.qkNopeHeadDim + j)] = keyRows[static_cast<std::size_t>(j * a.kvLoraRank + c)];
        model::TensorData derived;
        derived.name = kvB.name + "[" + std::to_string(h) + "]^T";
        derived.dtype = model::DType::F32;
        derived.shape = {a.kvLoraRank, a.qkNopeHeadDim};
        derived.data = reinterpret_cast<const std::byte *>(absorbed->data());
        derived.bytes = absorbed->size() * sizeof(float);
        layer.keyAbsorb.push_back(linear(derived, device));
        m_derived.push_back(std::move(absorbed));
        layer.valueExpand.push_back(linear(rowsOf(kvB, h * perHead + a.qkNopeHeadDim, a.vHeadDim, kvB.name), device));
    }
}

KvCache DeepSeek2::createCache(std::int64_t capacity)
{
    c10::InferenceMode inferenceMode;
    const std::vector<at::Device> devices = prepareRotaryTables(capacity);
    // One "head" per token and layer: the latent and the rotary key.
    return KvCache(devices, 1, m_config.mla.kvLoraRank + m_config.mla.qkRopeHeadDim, 0, capacity);
}

at::Tensor DeepSeek2::attention(const Layer &layer, std::size_t index, const at::Tensor &x,
                                const std::vector<KvCache *> &caches) const
{
    const model::LatentAttention &a = m_config.mla;
    const std::int64_t rows = x.size(0);
    const std::int64_t heads = m_config.headCount;
    // q (or its LoRA's first half) and the compressed latent read the same input: one pass.
    std::vector<at::Tensor> projected = LinearWeight::forwardShared({a.qLoraRank > 0 ? &layer.qA : &layer.q, &layer.kvA}, x);
    const at::Tensor q = (a.qLoraRank > 0 ? layer.qB.forward(norm(projected[0], layer.qANorm)) : projected[0])
                             .contiguous()
                             .view({rows, heads, m_config.headDim});
    const at::Tensor compressed = projected[1].contiguous(); // [rows, kv_lora + rope]
    if (rows == 1 && caches.size() == 1 && layer.device.is_cpu())
        return attentionOneToken(layer, index, q, compressed, *caches.front());
    const at::Tensor latent = norm(compressed.narrow(1, 0, a.kvLoraRank).contiguous(), layer.kvANorm);
    const at::Tensor ropeKey = compressed.narrow(1, a.kvLoraRank, a.qkRopeHeadDim).unsqueeze(1); // [rows, 1, rope]
    const at::Tensor qNope = q.narrow(2, 0, a.qkNopeHeadDim);

    // Each query head absorbed into the latent space: W_kb,h^T q_nope,h (all heads in one pass).
    const at::Tensor queries = at::empty({rows, heads, a.kvLoraRank + a.qkRopeHeadDim}, x.options());
    std::vector<at::Tensor> headInputs;
    for (std::int64_t h = 0; h < heads; ++h)
        headInputs.push_back(qNope.select(1, h).contiguous());
    const std::vector<at::Tensor> absorbed = LinearWeight::forwardEach(m_keyAbsorb[index], headInputs);
    for (std::int64_t h = 0; h < heads; ++h)
        queries.select(1, h).narrow(1, 0, a.kvLoraRank).copy_(absorbed[static_cast<std::size_t>(h)]);

    // Rotary positions, the cache and the attention: all rows on one cache (a prompt's chunk),
    // or one row per cache (a decoding step).
    const blocks::RotaryTable &table = ropeTable(layer.device);
    const at::Tensor latents = at::empty({rows, heads, a.kvLoraRank}, x.options());
    const bool oneCache = caches.size() == 1;
    for (std::size_t s = 0; s < caches.size(); ++s) {
        KvCache &cache = *caches[s];
        const std::int64_t first = oneCache ? 0 : static_cast<std::int64_t>(s);
        const std::int64_t count = oneCache ? rows : 1;
        const std::int64_t position = cache.length();
        const at::Tensor &keys = cache.keys(index); // [1, capacity, kv_lora + rope]
        if (count == 1 && layer.device.is_cpu()) {
            attendOne(q.data_ptr<float>() + first * heads * m_config.headDim, latent.data_ptr<float>() + first * a.kvLoraRank,
                      compressed.data_ptr<float>() + first * compressed.size(1) + a.kvLoraRank, position, table, keys,
                      queries.data_ptr<float>() + first * heads * (a.kvLoraRank + a.qkRopeHeadDim),
                      latents.data_ptr<float>() + first * heads * a.kvLoraRank);
            continue;
        }
        const at::Tensor qRope = blocks::rotate(q.narrow(0, first, count).narrow(2, a.qkNopeHeadDim, a.qkRopeHeadDim), table,
                                                position, blocks::RotaryStyle::Pairs);
        const at::Tensor kRope = blocks::rotate(ropeKey.narrow(0, first, count), table, position, blocks::RotaryStyle::Pairs);
        const at::Tensor segment = queries.narrow(0, first, count);
        segment.narrow(2, a.kvLoraRank, a.qkRopeHeadDim).copy_(qRope);
        keys.select(0, 0).narrow(0, position, count).narrow(1, 0, a.kvLoraRank).copy_(latent.narrow(0, first, count));
        keys.select(0, 0).narrow(0, position, count).narrow(1, a.kvLoraRank, a.qkRopeHeadDim).copy_(kRope.squeeze(1));
        latents.narrow(0, first, count)
            .copy_(blocks::attendCached(segment, keys, keys.narrow(2, 0, a.kvLoraRank), position, m_softmaxScale)
                       .view({count, heads, a.kvLoraRank}));
    }
    // Each head's weighted latent expanded to its value: W_vb,h (all heads in one pass).
    std::vector<at::Tensor> latentInputs;
    for (std::int64_t h = 0; h < heads; ++h)
        latentInputs.push_back(latents.select(1, h).contiguous());
    const at::Tensor values = at::stack(LinearWeight::forwardEach(m_valueExpand[index], latentInputs), 1);
    return layer.o.forward(values.view({rows, heads * a.vHeadDim}));
}

at::Tensor DeepSeek2::attentionOneToken(const Layer &layer, std::size_t index, const at::Tensor &q, const at::Tensor &compressed,
                                        KvCache &cache) const
{
    // A decoding step of one sequence on the CPU: the heads' products straight from and into rows
    // of floats, the rest in attendOne's loops (a handful of tensor operations per layer instead
    // of some sixty).
    const model::LatentAttention &a = m_config.mla;
    const std::int64_t heads = m_config.headCount;
    const std::int64_t width = a.kvLoraRank + a.qkRopeHeadDim;
    const at::Tensor latent = norm(compressed.narrow(1, 0, a.kvLoraRank).contiguous(), layer.kvANorm);
    const at::Tensor queries = at::empty({heads, width}, at::kFloat);
    const at::Tensor latents = at::empty({heads, a.kvLoraRank}, at::kFloat);
    const at::Tensor values = at::empty({1, heads * a.vHeadDim}, at::kFloat);
    const float *qs = q.data_ptr<float>();
    std::vector<const float *> inputs(static_cast<std::size_t>(heads));
    std::vector<float *> outputs(static_cast<std::size_t>(heads));
    for (std::int64_t h = 0; h < heads; ++h) {
        inputs[static_cast<std::size_t>(h)] = qs + h * m_config.headDim;
        outputs[static_cast<std::size_t>(h)] = queries.data_ptr<float>() + h * width;
    }
    LinearWeight::forwardEachRow(m_keyAbsorb[index], inputs, outputs);
    attendOne(qs, latent.data_ptr<float>(), compressed.data_ptr<float>() + a.kvLoraRank, cache.length(), ropeTable(layer.device),
              cache.keys(index), queries.data_ptr<float>(), latents.data_ptr<float>());
    for (std::int64_t h = 0; h < heads; ++h) {
        inputs[static_cast<std::size_t>(h)] = latents.data_ptr<float>() + h * a.kvLoraRank;
        outputs[static_cast<std::size_t>(h)] = values.data_ptr<float>() + h * a.vHeadDim;
    }
    LinearWeight::forwardEachRow(m_valueExpand[index], inputs, outputs);
    return layer.o.forward(values);
}

void DeepSeek2::attendOne(const float *q, const float *latent, const float *ropeKey, std::int64_t position,
                          const blocks::RotaryTable &table, const at::Tensor &keys, float *queries, float *out) const
{
    // One token on the CPU, in loops: the rotary pairs of q and of the shared key, the cache row
    // (the latent and the rotary key in F16), then the heads over the cache's rows (no tensor
    // operations, no F32 copy of the cache).
    const model::LatentAttention &a = m_config.mla;
    const std::int64_t heads = m_config.headCount;
    const std::int64_t width = a.kvLoraRank + a.qkRopeHeadDim;
    const std::int64_t pairs = a.qkRopeHeadDim / 2;
    const float *cos = table.cos.data_ptr<float>() + position * table.cos.size(1);
    const float *sin = table.sin.data_ptr<float>() + position * table.sin.size(1);
    for (std::int64_t h = 0; h < heads; ++h) { // queries [heads, width]: the absorbed part is there already
        const float *from = q + h * m_config.headDim + a.qkNopeHeadDim;
        float *to = queries + h * width + a.kvLoraRank;
        for (std::int64_t i = 0; i < pairs; ++i) {
            to[2 * i] = from[2 * i] * cos[i] - from[2 * i + 1] * sin[i];
            to[2 * i + 1] = from[2 * i + 1] * cos[i] + from[2 * i] * sin[i];
        }
    }
    auto *cache = reinterpret_cast<std::uint16_t *>(keys.data_ptr<at::Half>());
    std::uint16_t *row = cache + position * width;
    for (std::int64_t i = 0; i < a.kvLoraRank; ++i)
        row[i] = model::floatToHalf(latent[i]);
    for (std::int64_t i = 0; i < pairs; ++i) {
        row[a.kvLoraRank + 2 * i] = model::floatToHalf(ropeKey[2 * i] * cos[i] - ropeKey[2 * i + 1] * sin[i]);
        row[a.kvLoraRank + 2 * i + 1] = model::floatToHalf(ropeKey[2 * i + 1] * cos[i] + ropeKey[2 * i] * sin[i]);
    }
    latentDecodeAttention(heads, width, a.kvLoraRank, queries, cache, position + 1, static_cast<float>(m_softmaxScale), out);
}

at::Tensor DeepSeek2::feedForward(const Layer &layer, const at::Tensor &x) const
{
    if (!layer.experts)
        return blocks::gatedMlp(layer.gate, layer.up, layer.down, x);
    const at::Tensor logits = layer.router.forward(x).to(at::kCPU);
    const blocks::ExpertChoice choice = blocks::routeTokens(logits, m_config.moe,
                                                            layer.selectionBias.empty() ? nullptr : layer.selectionBias.data());
    // Routed experts kept in RAM (a GPU too small for them) run on the CPU with the layer's input;
    // otherwise the shared experts join their passes.
    const bool hasShared = m_config.moe.sharedExperts > 0;
    if (layer.routed.front().down.device() != x.device()) {
        at::Tensor y = blocks::mixExperts(x.to(at::kCPU), layer.routed, choice).to(x.device());
        return hasShared ? y + blocks::gatedMlp(layer.shared.gate, layer.shared.up, layer.shared.down, x) : y;
    }
    return blocks::mixExperts(x, layer.routed, choice, hasShared ? &layer.shared : nullptr);
}

at::Tensor DeepSeek2::layer(std::size_t index, const at::Tensor &input, const std::vector<KvCache *> &caches, Laps &laps)
{
    const Layer &layer = m_layers[index];
    at::Tensor x = input + attention(layer, index, norm(input, layer.attentionNorm), caches);
    laps.lap("attention block");
    x = x + feedForward(layer, norm(x, layer.mlpNorm));
    laps.lap(layer.experts ? "experts block" : "mlp block");
    return x;
}

} // namespace deskseek::engine::inference
