#include "engine/inference/decoder.h"

#include "engine/error.h"
#include "engine/inference/architectures/deepseek2.h"
#include "engine/inference/architectures/llamafamily.h"
#include "engine/inference/blocks/rmsnorm.h"
#include "engine/inference/ropefrequencies.h"
#include "engine/model/mappedfile.h"
#include "engine/model/tensorrows.h"

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <set>

namespace deskseek::engine::inference {

Decoder::Decoder(const model::ModelFiles &files)
    : m_files(files)
    , m_config(files.config)
{
    m_embedding = &require("model.embed_tokens.weight");
    if (m_embedding->dtype == model::DType::F8_E4M3)
        fail(ErrorCode::Unsupported, "FP8 weights cannot be run yet. Convert the model to GGUF first.");
    m_weightBytes += m_embedding->bytes;
}

void Decoder::loadLayers(const Placement &placement, const std::function<bool(double)> &progress,
                         const std::function<void(std::size_t, const at::Device &)> &load)
{
    c10::InferenceMode inferenceMode;
    const auto layerCount = static_cast<std::size_t>(m_config.layerCount);
    for (std::size_t i = 0; i < layerCount; ++i) {
        report(progress, static_cast<double>(i) / static_cast<double>(layerCount + 1));
        load(i, deviceOf(placement, i));
    }
}

const model::TensorData &Decoder::require(const std::string &name) const
{
    const model::TensorData *tensor = m_files.findTensor(name);
    if (!tensor)
        fail(ErrorCode::NotFound, m_files.path.string() + " has no tensor '" + name + "'.");
    return *tensor;
}

std::vector<float> Decoder::floats(const std::string &name) const
{
    const model::TensorData &tensor = require(name);
    std::vector<float> values = model::readAllFloats(tensor);
    // Otherwise the page (or the 2 MiB the system mapped around it) stays in memory for good:
    // some fifty such pieces in a 1.5B model.
    if (tensor.file)
        tensor.file->release(tensor.data, tensor.bytes);
    return values;
}

at::Tensor Decoder::vector(const std::string &name, const at::Device &device) const
{
    return at::tensor(floats(name), at::kFloat).to(device);
}

LinearWeight Decoder::linear(const model::TensorData &tensor, const at::Device &device)
{
    LinearWeight weight = LinearWeight::load(tensor, device);
    m_weightBytes += weight.bytes();
    return weight;
}

std::string Decoder::layerTensor(std::size_t index, const char *name)
{
    return "model.layers." + std::to_string(index) + "." + name;
}

at::Device Decoder::deviceOf(const Placement &placement, std::size_t index)
{
    return static_cast<std::int64_t>(index) < placement.gpuLayers ? placement.gpu : at::Device(at::kCPU);
}

void Decoder::report(const std::function<bool(double)> &progress, double fraction)
{
    if (progress && !progress(fraction))
        fail(ErrorCode::Cancelled, "Loading was cancelled.");
}

std::vector<at::Device> Decoder::prepareRotaryTables(std::int64_t capacity)
{
    std::vector<at::Device> devices;
    for (std::size_t i = 0; i < static_cast<std::size_t>(m_config.layerCount); ++i)
        devices.push_back(layerDevice(i));
    const blocks::RotaryTable table = blocks::rotaryTable(ropeFrequencies(m_config), capacity);
    m_ropeTables.clear();
    for (const at::Device &device : devices) {
        bool known = false;
        for (const auto &entry : m_ropeTables)
            known = known || entry.first == device;
        if (!known)
            m_ropeTables.emplace_back(device, blocks::RotaryTable{table.cos.to(device), table.sin.to(device)});
    }
    return devices;
}

const blocks::RotaryTable &Decoder::ropeTable(const at::Device &device) const
{
    for (const auto &entry : m_ropeTables)
        if (entry.first == device)
            return entry.second;
    fail(ErrorCode::InvalidArgument, "The rotary tables were not prepared (create a cache first).");
}

at::Tensor Decoder::norm(const at::Tensor &x, const at::Tensor &weight) const
{
    return blocks::rmsNorm(x, weight, m_config.rmsNormEps);
}

at::Tensor Decoder::embed(const std::int32_t *tokens, std::int64_t count) const
{
    at::Tensor x = at::empty({count, m_config.hiddenSize}, at::kFloat);
    float *rows = x.data_ptr<float>();
    // A lookup maps the pages around its row: the system's fault-around (64 KiB), or the whole
    // piece of page cache the row lies in (up to 2 MiB where the file system keeps large folios,
    // as ext4 does on Linux 6.x: 39 MB of a 1.5B model's table after a 512-token prompt). Over a
    // long chat that would keep most of the table in memory for a row or two per token. The 2 MiB
    // around each row are let go again (within the table): the next lookup reads them back from
    // the page cache.
    constexpr std::uintptr_t window = 2 * 1024 * 1024;
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

at::Tensor Decoder::forward(const std::int32_t *tokens, std::int64_t count, KvCache &cache, bool allPositions)
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

at::Tensor Decoder::decode(const std::int32_t *tokens, const std::vector<KvCache *> &caches)
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

void Decoder::loadOutputHead(std::uint64_t unreadPerToken)
{
    m_outputDevice = m_config.layerCount > 0 ? layerDevice(static_cast<std::size_t>(m_config.layerCount - 1)) : at::Device(at::kCPU);
    m_outputNorm = vector("model.norm.weight", m_outputDevice);
    const bool tied = m_config.tieWordEmbeddings && !m_files.findTensor("lm_head.weight");
    if (tied) {
        m_head = LinearWeight::load(*m_embedding, m_outputDevice); // shared with the embedding table
    } else {
        m_head = LinearWeight::load(require("lm_head.weight"), m_outputDevice);
        m_weightBytes += m_head.bytes();
    }
    const auto vocabulary = static_cast<std::uint64_t>(std::max<std::int64_t>(1, m_config.vocabSize));
    m_bytesPerToken = m_weightBytes - unreadPerToken - (tied ? 0 : m_embedding->bytes) + m_embedding->bytes / vocabulary;
}

at::Tensor Decoder::run(const std::int32_t *tokens, std::int64_t count, const std::vector<KvCache *> &caches, bool allPositions)
{
    Laps laps(*this, phaseOf(count, caches.size()));
    at::Tensor x = embed(tokens, count);
    laps.lap("embedding");
    for (std::size_t i = 0; i < static_cast<std::size_t>(m_config.layerCount); ++i)
        x = layer(i, x.to(layerDevice(i)), caches, laps);
    x = x.to(m_outputDevice);
    if (!allPositions)
        x = x.narrow(0, count - 1, 1);
    at::Tensor logits = m_head.forward(norm(x, m_outputNorm)).to(at::kCPU);
    laps.lap("output head");
    return logits;
}

const char *Decoder::phaseOf(std::int64_t count, std::size_t caches)
{
    return caches > 1 ? "batched decode" : count > 1 ? "prefill" : "decode";
}

Decoder::Laps::Laps(Decoder &decoder, const char *phase)
    : m_decoder(decoder)
    , m_phase(phase)
    , m_mark(std::chrono::steady_clock::now())
{
}

void Decoder::Laps::lap(const char *part)
{
    if (!m_decoder.m_profiling)
        return;
    const auto now = std::chrono::steady_clock::now();
    m_decoder.addTime(m_phase, part, std::chrono::duration<double>(now - m_mark).count());
    m_mark = now;
}

void Decoder::addTime(const char *phase, const char *part, double seconds)
{
    const std::string name = std::string(phase) + ": " + part;
    for (auto &entry : m_profile)
        if (entry.first == name) {
            entry.second += seconds;
            return;
        }
    m_profile.emplace_back(name, seconds);
}

std::unique_ptr<Decoder> createDecoder(const model::ModelFiles &files, const Placement &placement,
                                       const std::function<bool(double)> &progress)
{
    c10::InferenceMode inferenceMode;
    std::unique_ptr<Decoder> decoder;
    switch (files.config.architecture) {
    case model::Architecture::Qwen2:
        decoder = createQwen2(files, placement, progress);
        break;
    case model::Architecture::Qwen3:
        decoder = createQwen3(files, placement, progress);
        break;
    case model::Architecture::Llama:
        decoder = createLlama(files, placement, progress);
        break;
    case model::Architecture::DeepSeek2:
        decoder = std::make_unique<DeepSeek2>(files, placement, progress);
        break;
    }
    if (!decoder)
        fail(ErrorCode::UnknownArchitecture, "The engine has no forward pass for this architecture.");
    // Each weight's pages went as it was packed, but a read maps the pages around it too (64 KiB,
    // or the 2 MiB piece the system mapped the file in), which stay behind at every boundary
    // between two weights or two experts: some 200 MB for DeepSeek-V2-Lite. Once loaded, the
    // whole view goes; what is still read from it (embedding rows, weights used in place) comes
    // back from the page cache.
    std::set<const model::MappedFile *> released;
    for (const model::TensorData &tensor : files.tensors)
        if (tensor.file && released.insert(tensor.file.get()).second)
            tensor.file->release(tensor.file->data(), tensor.file->size());
    return decoder;
}

} // namespace deskseek::engine::inference
