#include "engine/gguf/ggufmodel.h"

#include "engine/gguf/deepseek2metadata.h"
#include "engine/gguf/ggufnames.h"
#include "engine/gguf/metadatareader.h"
#include "engine/model/architecture.h"
#include "engine/tokenizer/pretokenizer.h"

#include <algorithm>
#include <unordered_map>

namespace deskseek::engine::gguf {

using model::Architecture;
using model::DType;
using model::ModelConfig;
using model::RopeScalingType;
using tokenizer::TokenType;

namespace {

GgufValue f64(double value)
{
    return GgufValue::scalarOf(GgufType::Float64, value);
}

GgufValue i64(std::int64_t value)
{
    return GgufValue::scalarOf(GgufType::Int64, value);
}

std::vector<std::int32_t> toInt32(const std::vector<std::int64_t> &values)
{
    return {values.begin(), values.end()};
}

std::string defaultHfArchitecture(Architecture architecture)
{
    switch (architecture) {
    case Architecture::Qwen2: return "Qwen2ForCausalLM";
    case Architecture::Qwen3: return "Qwen3ForCausalLM";
    case Architecture::Llama: return "LlamaForCausalLM";
    case Architecture::DeepSeek2: return "DeepseekV2ForCausalLM";
    }
    return {};
}

} // namespace

MetadataList ggufModelMetadata(const model::ModelFiles &files, const QuantScheme &scheme)
{
    const ModelConfig &c = files.config;
    const std::string arch(model::architectureName(c.architecture));
    MetadataList m;
    const auto add = [&](std::string key, GgufValue value) { m.emplace_back(std::move(key), std::move(value)); };
    const auto u32 = [](std::int64_t value) { return GgufValue::uint32(static_cast<std::uint32_t>(value)); };

    add("general.architecture", GgufValue::string(arch));
    add("general.name", GgufValue::string(files.name));
    add("general.file_type", GgufValue::uint32(scheme.llamaFileType));
    add("general.quantization_version", GgufValue::uint32(2));
    add(arch + ".block_count", u32(c.layerCount));
    add(arch + ".context_length", u32(c.maxPositions));
    add(arch + ".embedding_length", u32(c.hiddenSize));
    add(arch + ".feed_forward_length", u32(c.intermediateSize));
    add(arch + ".attention.head_count", u32(c.headCount));
    // deepseek2: one key/value head of the latent (llama.cpp's MLA form)
    add(arch + ".attention.head_count_kv", u32(c.architecture == Architecture::DeepSeek2 ? 1 : c.kvHeadCount));
    add(arch + ".rope.freq_base", GgufValue::float32(c.ropeTheta));
    add(arch + ".attention.layer_norm_rms_epsilon", GgufValue::float32(c.rmsNormEps));
    if (c.architecture == Architecture::DeepSeek2)
        addDeepSeek2Metadata(c, m);
    if (c.architecture != Architecture::Qwen2 && c.architecture != Architecture::DeepSeek2) {
        add(arch + ".attention.key_length", u32(c.headDim));
        add(arch + ".attention.value_length", u32(c.headDim));
    }
    if (c.architecture == Architecture::Llama) {
        add(arch + ".vocab_size", u32(c.vocabSize));
        add(arch + ".rope.dimension_count", u32(c.headDim));
    }
    const model::RopeScaling &rope = c.ropeScaling;
    if (rope.type == RopeScalingType::Linear || rope.type == RopeScalingType::Yarn) {
        add(arch + ".rope.scaling.type", GgufValue::string(std::string(model::ropeScalingName(rope.type))));
        add(arch + ".rope.scaling.factor", GgufValue::float32(rope.factor));
    }
    if (rope.type == RopeScalingType::Yarn) {
        add(arch + ".rope.scaling.original_context_length", u32(rope.originalMaxPositions));
        add("deskseek.rope.scaling.beta_fast", GgufValue::float32(rope.betaFast));
        add("deskseek.rope.scaling.beta_slow", GgufValue::float32(rope.betaSlow));
    }
    if (rope.type == RopeScalingType::Llama3) {
        // llama.cpp takes llama3 scaling from the rope_freqs.weight tensor; keep the parameters.
        add("deskseek.rope.scaling.type", GgufValue::string("llama3"));
        add("deskseek.rope.scaling.factor", GgufValue::float32(rope.factor));
        add("deskseek.rope.scaling.low_freq_factor", GgufValue::float32(rope.lowFreqFactor));
        add("deskseek.rope.scaling.high_freq_factor", GgufValue::float32(rope.highFreqFactor));
        add("deskseek.rope.scaling.original_context_length", u32(rope.originalMaxPositions));
    }
    add("deskseek.hf_architecture", GgufValue::string(c.hfArchitecture));
    if (c.bosTokenId)
        add("deskseek.bos_token_id", i64(*c.bosTokenId));
    add("deskseek.eos_token_ids", GgufValue::int32Array(toInt32(c.eosTokenIds)));

    // generation_config.json
    const model::GenerationConfig &g = files.generation;
    if (g.bosTokenId) add("deskseek.generation.bos_token_id", i64(*g.bosTokenId));
    add("deskseek.generation.eos_token_ids", GgufValue::int32Array(toInt32(g.eosTokenIds)));
    if (g.temperature) add("deskseek.generation.temperature", f64(*g.temperature));
    if (g.topP) add("deskseek.generation.top_p", f64(*g.topP));
    if (g.topK) add("deskseek.generation.top_k", i64(*g.topK));
    if (g.doSample) add("deskseek.generation.do_sample", GgufValue::boolean(*g.doSample));
    if (g.repetitionPenalty) add("deskseek.generation.repetition_penalty", f64(*g.repetitionPenalty));

    // The tokenizer, as llama.cpp reads it.
    const tokenizer::Vocabulary &v = files.vocabulary;
    add("tokenizer.ggml.model", GgufValue::string("gpt2"));
    add("tokenizer.ggml.pre", GgufValue::string(v.preTokenizer));
    add("tokenizer.ggml.tokens", GgufValue::stringArray(v.tokens));
    std::vector<std::int32_t> types;
    types.reserve(v.types.size());
    for (TokenType type : v.types)
        types.push_back(static_cast<std::int32_t>(type));
    add("tokenizer.ggml.token_type", GgufValue::int32Array(types));
    add("tokenizer.ggml.merges", GgufValue::stringArray(v.merges));
    if (v.bosId) add("tokenizer.ggml.bos_token_id", u32(*v.bosId));
    if (v.eosId) add("tokenizer.ggml.eos_token_id", u32(*v.eosId));
    if (v.padId) add("tokenizer.ggml.padding_token_id", u32(*v.padId));
    if (v.unknownId) add("tokenizer.ggml.unknown_token_id", u32(*v.unknownId));
    add("tokenizer.ggml.add_bos_token", GgufValue::boolean(v.addBos));
    add("tokenizer.ggml.add_eos_token", GgufValue::boolean(files.tokenizerConfig.addEosToken));
    if (!files.tokenizerConfig.chatTemplate.empty())
        add("tokenizer.chat_template", GgufValue::string(files.tokenizerConfig.chatTemplate));
    add("deskseek.tokenizer.nfc", GgufValue::boolean(v.normalizeNfc));
    if (v.byteFallback) add("deskseek.tokenizer.byte_fallback", GgufValue::boolean(true));
    std::vector<std::int32_t> lstrip, rstrip;
    for (const auto &added : v.addedTokens) {
        if (added.lstrip) lstrip.push_back(added.id);
        if (added.rstrip) rstrip.push_back(added.id);
    }
    if (!lstrip.empty()) add("deskseek.tokenizer.lstrip_ids", GgufValue::int32Array(lstrip));
    if (!rstrip.empty()) add("deskseek.tokenizer.rstrip_ids", GgufValue::int32Array(rstrip));
    // tokenizer_config.json
    const tokenizer::TokenizerConfig &t = files.tokenizerConfig;
    add("deskseek.tokenizer.class", GgufValue::string(t.tokenizerClass));
    if (t.bosToken) add("deskseek.tokenizer.bos_token", GgufValue::string(*t.bosToken));
    if (t.eosToken) add("deskseek.tokenizer.eos_token", GgufValue::string(*t.eosToken));
    if (t.padToken) add("deskseek.tokenizer.pad_token", GgufValue::string(*t.padToken));
    add("deskseek.tokenizer.model_max_length", i64(t.modelMaxLength));
    return m;
}

Result<model::ModelFiles> readGgufModel(const std::filesystem::path &path)
{
    return catchErrors([&]() -> model::ModelFiles {
        auto opened = GgufFile::open(path);
        if (!opened)
            throw EngineException(opened.error().code, opened.error().message);
        const GgufFile &file = opened.value();
        const MetadataReader meta(file);
        model::ModelFiles files;
        files.format = model::ModelFormat::Gguf;
        files.path = path;
        files.name = meta.text("general.name").value_or(path.stem().string());

        const std::string arch = meta.text("general.architecture").value_or("");
        const auto architecture = model::architectureFromName(arch);
        if (!architecture) {
            fail(ErrorCode::UnknownArchitecture,
                 path.string() + " holds a model of the architecture '" + (arch.empty() ? "(none)" : arch)
                     + "', which this version of DeskSeek cannot run. Supported architectures: "
                     + model::supportedArchitectureList(false) + ".");
        }
        ModelConfig &c = files.config;
        c.architecture = *architecture;
        c.hfArchitecture = meta.text("deskseek.hf_architecture").value_or(defaultHfArchitecture(c.architecture));
        c.layerCount = meta.requiredInteger(arch + ".block_count");
        c.maxPositions = meta.integer(arch + ".context_length").value_or(4096);
        c.hiddenSize = meta.requiredInteger(arch + ".embedding_length");
        c.intermediateSize = meta.requiredInteger(arch + ".feed_forward_length");
        c.headCount = meta.requiredInteger(arch + ".attention.head_count");
        c.kvHeadCount = meta.integer(arch + ".attention.head_count_kv").value_or(c.headCount);
        c.headDim = meta.integer(arch + ".attention.key_length")
                        .value_or(c.headCount > 0 ? c.hiddenSize / c.headCount : 0);
        c.ropeTheta = static_cast<float>(meta.number(arch + ".rope.freq_base").value_or(10000.0));
        c.rmsNormEps = static_cast<float>(meta.number(arch + ".attention.layer_norm_rms_epsilon").value_or(1e-6));
        c.tieWordEmbeddings = file.findTensor("output.weight") == nullptr;
        c.attentionBias = file.findTensor("blk.0.attn_q.bias") != nullptr;
        c.qkNorm = file.findTensor("blk.0.attn_q_norm.weight") != nullptr;
        if (const model::TensorData *embedding = file.findTensor("token_embd.weight"); embedding && embedding->shape.size() == 2)
            c.vocabSize = embedding->shape[0];
        else
            fail(ErrorCode::NotFound, path.string() + " has no token_embd.weight tensor.");

        const std::string scaling = meta.text("deskseek.rope.scaling.type")
                                        .value_or(meta.text(arch + ".rope.scaling.type").value_or("none"));
        if (scaling == "linear" || scaling == "yarn") {
            c.ropeScaling.type = scaling == "linear" ? RopeScalingType::Linear : RopeScalingType::Yarn;
            c.ropeScaling.factor = static_cast<float>(meta.number(arch + ".rope.scaling.factor").value_or(1.0));
        }
        if (scaling == "yarn") {
            c.ropeScaling.originalMaxPositions = meta.integer(arch + ".rope.scaling.original_context_length").value_or(0);
            c.ropeScaling.betaFast = static_cast<float>(meta.number("deskseek.rope.scaling.beta_fast").value_or(32.0));
            c.ropeScaling.betaSlow = static_cast<float>(meta.number("deskseek.rope.scaling.beta_slow").value_or(1.0));
        }
        if (scaling == "llama3") {
            c.ropeScaling.type = RopeScalingType::Llama3;
            c.ropeScaling.factor = static_cast<float>(meta.number("deskseek.rope.scaling.factor").value_or(8.0));
            c.ropeScaling.lowFreqFactor = static_cast<float>(meta.number("deskseek.rope.scaling.low_freq_factor").value_or(1.0));
            c.ropeScaling.highFreqFactor = static_cast<float>(meta.number("deskseek.rope.scaling.high_freq_factor").value_or(4.0));
            c.ropeScaling.originalMaxPositions = meta.integer("deskseek.rope.scaling.original_context_length").value_or(8192);
        }
        if (c.architecture == Architecture::DeepSeek2) {
            readDeepSeek2Metadata(meta, file, c);
            if (!meta.find("deskseek.hf_architecture") && c.moe.selectionBias)
                c.hfArchitecture = "DeepseekV3ForCausalLM";
        }

        // The tokenizer.
        tokenizer::Vocabulary &v = files.vocabulary;
        const std::string tokenizerModel = meta.text("tokenizer.ggml.model").value_or("");
        if (tokenizerModel != "gpt2") {
            fail(ErrorCode::Unsupported, path.string() + " uses the tokenizer model '" + tokenizerModel
                                             + "'; DeskSeek supports byte-level BPE ('gpt2') tokenizers.");
        }
        v.preTokenizer = meta.text("tokenizer.ggml.pre").value_or("default");
        v.splitPatterns = tokenizer::PreTokenizer::knownPatterns(v.preTokenizer);
        if (v.splitPatterns.empty()) {
            fail(ErrorCode::Unsupported, path.string() + " uses the pre-tokenizer '" + v.preTokenizer
                                             + "', which DeskSeek does not know (qwen2, deepseek-r1-qwen, "
                                               "deepseek-v3 and llama-bpe are supported).");
        }
        if (v.preTokenizer == "deepseek-r1-qwen")
            v.preTokenizer = "qwen2";
        v.tokens = meta.strings("tokenizer.ggml.tokens");
        if (v.tokens.empty())
            fail(ErrorCode::Corrupt, path.string() + " has no tokenizer.ggml.tokens.");
        const auto types = meta.integers("tokenizer.ggml.token_type");
        if (types && types->size() != v.tokens.size())
            meta.bad("tokenizer.ggml.token_type", "as long as tokenizer.ggml.tokens");
        v.types.assign(v.tokens.size(), TokenType::Normal);
        if (types) {
            for (std::size_t i = 0; i < types->size(); ++i) {
                const std::int64_t type = (*types)[i];
                if (type < 0 || type > 6)
                    meta.bad("tokenizer.ggml.token_type", "a list of token types 0 to 6");
                // 0 is llama.cpp's "undefined": such tokens behave as normal ones.
                v.types[i] = type == 0 ? TokenType::Normal : static_cast<TokenType>(type);
            }
        }
        v.merges = meta.strings("tokenizer.ggml.merges");
        const auto lstrip = meta.integers("deskseek.tokenizer.lstrip_ids").value_or(std::vector<std::int64_t>{});
        const auto rstrip = meta.integers("deskseek.tokenizer.rstrip_ids").value_or(std::vector<std::int64_t>{});
        for (std::size_t id = 0; id < v.tokens.size(); ++id) {
            if (v.types[id] != TokenType::Control && v.types[id] != TokenType::UserDefined)
                continue;
            tokenizer::AddedToken added;
            added.id = static_cast<std::int32_t>(id);
            added.content = v.tokens[id];
            added.special = v.types[id] == TokenType::Control;
            added.lstrip = std::find(lstrip.begin(), lstrip.end(), added.id) != lstrip.end();
            added.rstrip = std::find(rstrip.begin(), rstrip.end(), added.id) != rstrip.end();
            v.addedTokens.push_back(added);
        }
        const auto tokenId = [&](const char *key) -> std::optional<std::int32_t> {
            const auto id = meta.integer(key);
            if (!id)
                return std::nullopt;
            if (*id < 0 || *id >= static_cast<std::int64_t>(v.tokens.size()))
                meta.bad(key, "a token id");
            return static_cast<std::int32_t>(*id);
        };
        v.bosId = tokenId("tokenizer.ggml.bos_token_id");
        v.eosId = tokenId("tokenizer.ggml.eos_token_id");
        v.padId = tokenId("tokenizer.ggml.padding_token_id");
        v.unknownId = tokenId("tokenizer.ggml.unknown_token_id");
        v.addBos = meta.flag("tokenizer.ggml.add_bos_token").value_or(false);
        v.normalizeNfc = meta.flag("deskseek.tokenizer.nfc").value_or(v.preTokenizer == "qwen2");
        v.byteFallback = meta.flag("deskseek.tokenizer.byte_fallback").value_or(false);

        const auto tokenText = [&](std::optional<std::int32_t> id) -> std::optional<std::string> {
            return id ? std::optional<std::string>(v.tokens[*id]) : std::nullopt;
        };
        tokenizer::TokenizerConfig &t = files.tokenizerConfig;
        t.tokenizerClass = meta.text("deskseek.tokenizer.class").value_or("");
        t.bosToken = meta.find("deskseek.tokenizer.bos_token") ? meta.text("deskseek.tokenizer.bos_token") : tokenText(v.bosId);
        t.eosToken = meta.find("deskseek.tokenizer.eos_token") ? meta.text("deskseek.tokenizer.eos_token") : tokenText(v.eosId);
        t.padToken = meta.find("deskseek.tokenizer.pad_token") ? meta.text("deskseek.tokenizer.pad_token") : tokenText(v.padId);
        t.addBosToken = v.addBos;
        t.addEosToken = meta.flag("tokenizer.ggml.add_eos_token").value_or(false);
        t.chatTemplate = meta.text("tokenizer.chat_template").value_or("");
        t.modelMaxLength = meta.integer("deskseek.tokenizer.model_max_length").value_or(c.maxPositions);

        if (meta.find("deskseek.eos_token_ids")) {
            c.bosTokenId = meta.integer("deskseek.bos_token_id");
            c.eosTokenIds = *meta.integers("deskseek.eos_token_ids");
        } else {
            if (v.bosId) c.bosTokenId = *v.bosId;
            if (v.eosId) c.eosTokenIds = {*v.eosId};
        }
        model::GenerationConfig &g = files.generation;
        if (meta.find("deskseek.generation.eos_token_ids")) {
            g.bosTokenId = meta.integer("deskseek.generation.bos_token_id");
            g.eosTokenIds = *meta.integers("deskseek.generation.eos_token_ids");
            g.temperature = meta.number("deskseek.generation.temperature");
            g.topP = meta.number("deskseek.generation.top_p");
            g.topK = meta.integer("deskseek.generation.top_k");
            g.doSample = meta.flag("deskseek.generation.do_sample");
            g.repetitionPenalty = meta.number("deskseek.generation.repetition_penalty");
        } else {
            g.bosTokenId = c.bosTokenId;
            g.eosTokenIds = c.eosTokenIds;
        }
        model::validateModelConfig(c, path.string());

        // Tensors under Hugging Face names, in the same order as from a Hugging Face folder;
        // stacked experts (3-D) split into one view per expert.
        std::unordered_map<std::string, model::TensorData> tensors;
        const auto keep = [&](model::TensorData tensor) {
            const std::string name = tensor.name;
            if (!tensors.emplace(name, std::move(tensor)).second)
                fail(ErrorCode::Corrupt, path.string() + " holds two tensors that are both '" + name + "'.");
        };
        for (const model::TensorData &tensor : file.tensors()) {
            if (tensor.name == "rope_freqs.weight")
                continue; // derived from the rope scaling parameters
            const auto hfName = hfTensorName(tensor.name);
            if (!hfName) {
                fail(ErrorCode::Unsupported, path.string() + " holds the tensor '" + tensor.name
                                                 + "', which DeskSeek's " + arch + " model does not use.");
            }
            model::TensorData renamed = tensor;
            renamed.name = *hfName;
            renamed.ropePermutedHeads = ropePermutationHeads(c, *hfName);
            const std::string stacked = ".mlp.experts.";
            if (const std::size_t at = hfName->find(stacked); at != std::string::npos) {
                if (tensor.shape.size() != 3 || tensor.shape[0] != c.moe.expertCount)
                    fail(ErrorCode::Corrupt, path.string() + ": the tensor '" + tensor.name + "' has the shape "
                                                 + tensor.describeShape() + ", but the model has "
                                                 + std::to_string(c.moe.expertCount) + " experts.");
                const std::string layer = hfName->substr(0, at);
                const std::string projection = hfName->substr(at + stacked.size());
                const std::uint64_t expertBytes = tensor.bytes / static_cast<std::uint64_t>(tensor.shape[0]);
                for (std::int64_t e = 0; e < tensor.shape[0]; ++e) {
                    model::TensorData expert = renamed;
                    expert.name = layer + stacked + std::to_string(e) + "." + projection;
                    expert.shape = {tensor.shape[1], tensor.shape[2]};
                    expert.data = tensor.data + static_cast<std::uint64_t>(e) * expertBytes;
                    expert.bytes = expertBytes;
                    keep(std::move(expert));
                }
                continue;
            }
            keep(std::move(renamed));
        }
        for (const std::string &name : model::expectedTensorNames(c)) {
            const auto it = tensors.find(name);
            if (it != tensors.end())
                files.tensors.push_back(it->second);
        }
        model::checkTensors(files);
        return files;
    });
}

} // namespace deskseek::engine::gguf
