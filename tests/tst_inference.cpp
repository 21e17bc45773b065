// The inference engine's parts: sampling, stop strings, rotary frequencies, the weight formats'
// products (CPU row kernels, batched path and the tensor-operation dequantization used on GPUs),
// and generation on a small random-weight model (chunked prefill, cache reuse, stop strings,
// cancellation, context overflow, seeds).

#include "fixtures/hfmodelfixture.h"

#include "engine/gguf/ggufconverter.h"
#include "engine/gguf/quantscheme.h"
#include "engine/inference/activationquant.h"
#include "engine/inference/blocks/cachedattention.h"
#include "engine/inference/blocks/gatedmlp.h"
#include "engine/inference/decodeattention.h"
#include "engine/inference/inferencemodel.h"
#include "engine/inference/linearweight.h"
#include "engine/inference/panelweights.h"
#include "engine/inference/quantkernels.h"
#include "engine/inference/ropefrequencies.h"
#include "engine/inference/sampler.h"
#include "engine/inference/stopmatcher.h"
#include "engine/model/blockquant.h"
#include "engine/model/halffloat.h"
#include "engine/model/tensorrows.h"

#include <ATen/ATen.h>

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <numbers>
#include <random>

using namespace deskseek::engine;
using namespace deskseek::engine::inference;

// Sampling options are written as designated initializers with the fields a test sets.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace {

// Probabilities 1/2, 1/4, 1/8, ... as logits (the rest of a 100-token vocabulary far below).
std::vector<float> halvingLogits()
{
    std::vector<float> logits(100, -100.0f);
    for (int i = 0; i < 10; ++i)
        logits[static_cast<std::size_t>(i * 7)] = -static_cast<float>(i) * std::log(2.0f);
    return logits;
}

bool validUtf8(const std::string &text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        const int length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (length == 0 || i + length > text.size())
            return false;
        for (int k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) >> 6) != 2)
                return false;
        i += length;
    }
    return true;
}

struct StoredWeight
{
    std::vector<std::byte> bytes;
    model::TensorData tensor;
    std::vector<float> original;
};

StoredWeight makeWeight(model::DType type, std::int64_t rows, std::int64_t columns, std::uint32_t seed)
{
    StoredWeight weight;
    std::mt19937 random(seed);
    std::normal_distribution<float> normal(0.0f, 0.5f);
    weight.original.resize(static_cast<std::size_t>(rows * columns));
    for (float &value : weight.original)
        value = normal(random);
    const std::uint64_t rowBytes = *model::byteSize(type, static_cast<std::uint64_t>(columns));
    weight.bytes.resize(rowBytes * static_cast<std::uint64_t>(rows));
    for (std::int64_t row = 0; row < rows; ++row)
        model::quantizeRow(type, weight.original.data() + row * columns, columns, weight.bytes.data() + row * rowBytes);
    weight.tensor.name = "test.weight";
    weight.tensor.dtype = type;
    weight.tensor.shape = {rows, columns};
    weight.tensor.data = weight.bytes.data();
    weight.tensor.bytes = weight.bytes.size();
    return weight;
}

} // namespace

// DeepSeek-V2's attention as Hugging Face's modeling_deepseek writes it: every head's full key
// (k_nope from kv_b_proj, the shared rotary key repeated) and value, in F32 throughout, the
// rotary pairs de-interleaved and turned with rotate_half; the experts chosen by a plain top-k
// of the softmax. The logits after `tokens`.
std::vector<float> naiveDeepSeekLogits(const deskseek::engine::model::ModelFiles &files, const std::vector<std::int32_t> &ids)
{
    using namespace deskseek::engine;
    const model::ModelConfig &c = files.config;
    const model::LatentAttention &a = c.mla;
    const auto weight = [&](const std::string &name) {
        const model::TensorData *tensor = files.findTensor(name);
        if (!tensor)
            qFatal("no tensor %s", name.c_str());
        return at::tensor(model::readAllFloats(*tensor), at::kFloat).reshape(tensor->shape);
    };
    const auto rms = [&](const at::Tensor &x, const at::Tensor &w) {
        return x * at::rsqrt(x.pow(2).mean(-1, true) + c.rmsNormEps) * w;
    };
    const auto linear = [](const at::Tensor &x, const at::Tensor &w) { return at::matmul(x, w.t()); };
    const auto mlp = [&](const at::Tensor &x, const std::string &prefix) {
        return linear(at::silu(linear(x, weight(prefix + "gate_proj.weight"))) * linear(x, weight(prefix + "up_proj.weight")),
                      weight(prefix + "down_proj.weight"));
    };
    const auto T = static_cast<std::int64_t>(ids.size());
    const std::int64_t H = c.headCount;
    const inference::RopeFrequencies frequencies = inference::ropeFrequencies(c);
    const at::Tensor inv = at::tensor(std::vector<double>(frequencies.inverseFrequencies), at::kDouble);
    const at::Tensor angles = at::arange(T, at::kDouble).unsqueeze(1) * inv.unsqueeze(0);
    const at::Tensor cos = (at::cat({angles.cos(), angles.cos()}, 1) * frequencies.attentionFactor).to(at::kFloat).unsqueeze(1);
    const at::Tensor sin = (at::cat({angles.sin(), angles.sin()}, 1) * frequencies.attentionFactor).to(at::kFloat).unsqueeze(1);
    const auto rope = [&](const at::Tensor &x) { // [T, heads, rope]: HF's view(d/2, 2).transpose, then rotate_half
        const std::int64_t d = x.size(2);
        const at::Tensor y = x.reshape({T, x.size(1), d / 2, 2}).transpose(2, 3).reshape({T, x.size(1), d});
        const at::Tensor rotated = at::cat({-y.narrow(2, d / 2, d / 2), y.narrow(2, 0, d / 2)}, 2);
        return y * cos + rotated * sin;
    };
    std::vector<std::int64_t> rows(ids.begin(), ids.end());
    at::Tensor x = weight("model.embed_tokens.weight").index_select(0, at::tensor(rows, at::kLong));
    const double scale = frequencies.softmaxFactor / std::sqrt(static_cast<double>(c.headDim));
    const at::Tensor future = at::arange(T).unsqueeze(0) > at::arange(T).unsqueeze(1);
    for (std::int64_t i = 0; i < c.layerCount; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        at::Tensor h = rms(x, weight(p + "input_layernorm.weight"));
        const at::Tensor q = (a.qLoraRank > 0 ? linear(rms(linear(h, weight(p + "self_attn.q_a_proj.weight")),
                                                           weight(p + "self_attn.q_a_layernorm.weight")),
                                                       weight(p + "self_attn.q_b_proj.weight"))
                                              : linear(h, weight(p + "self_attn.q_proj.weight")))
                                 .view({T, H, c.headDim});
        const at::Tensor compressed = linear(h, weight(p + "self_attn.kv_a_proj_with_mqa.weight"));
        const at::Tensor latent = rms(compressed.narrow(1, 0, a.kvLoraRank), weight(p + "self_attn.kv_a_layernorm.weight"));
        const at::Tensor kv = linear(latent, weight(p + "self_attn.kv_b_proj.weight")).view({T, H, a.qkNopeHeadDim + a.vHeadDim});
        const at::Tensor kRope = rope(compressed.narrow(1, a.kvLoraRank, a.qkRopeHeadDim).unsqueeze(1)).expand({T, H, a.qkRopeHeadDim});
        const at::Tensor queries = at::cat({q.narrow(2, 0, a.qkNopeHeadDim), rope(q.narrow(2, a.qkNopeHeadDim, a.qkRopeHeadDim))}, 2);
        const at::Tensor keys = at::cat({kv.narrow(2, 0, a.qkNopeHeadDim), kRope}, 2);
        const at::Tensor values = kv.narrow(2, a.qkNopeHeadDim, a.vHeadDim);
        const at::Tensor scores = at::einsum("thd,shd->hts", {queries, keys}).mul(scale).masked_fill(future, -INFINITY);
        const at::Tensor attended = at::einsum("hts,shd->thd", {at::softmax(scores, -1), values}).reshape({T, H * a.vHeadDim});
        x = x + linear(attended, weight(p + "self_attn.o_proj.weight"));
        h = rms(x, weight(p + "post_attention_layernorm.weight"));
        if (!model::isExpertLayer(c, i)) {
            x = x + mlp(h, p + "mlp.");
            continue;
        }
        const at::Tensor probabilities = at::softmax(linear(h, weight(p + "mlp.gate.weight")), -1);
        const auto [topWeights, topExperts] = at::topk(probabilities, c.moe.expertsPerToken, -1);
        at::Tensor routed = at::zeros_like(h);
        for (std::int64_t t = 0; t < T; ++t)
            for (std::int64_t k = 0; k < c.moe.expertsPerToken; ++k) {
                const std::string expert = p + "mlp.experts." + std::to_string(topExperts[t][k].item<std::int64_t>()) + ".";
                routed[t] += topWeights[t][k] * c.moe.weightScale * mlp(h[t].unsqueeze(0), expert)[0];
            }
        x = x + routed + mlp(h, p + "mlp.shared_experts.");
    }
    const at::Tensor logits = linear(rms(x, weight("model.norm.weight")), weight("lm_head.weight"))[T - 1].contiguous();
    return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}

class TestInference : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_model; // a small qwen2 model in Hugging Face layout

    std::unique_ptr<InferenceModel> load(std::int64_t context = 256, std::int64_t chunk = 512)
    {
        LoadOptions options;
        options.contextLength = context;
        options.prefillChunk = chunk;
        options.threads = 2;
        auto model = InferenceModel::load(m_model, options);
        if (!model)
            qWarning() << model.error().message.c_str();
        return model ? std::move(model).value() : nullptr;
    }

    std::vector<std::int32_t> encode(InferenceModel &model, const char *text)
    {
        return model.tokenizer()->encode(text).value();
    }

    static GenerationOptions greedy(std::int64_t tokens)
    {
        GenerationOptions options;
        options.sampling.temperature = 0.0f;
        options.maxTokens = tokens;
        options.stopAtEos = false;
        return options;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_model = m_dir.filePath(QStringLiteral("qwen2")).toStdString();
        deskseek::tests::HfModelSpec spec;
        spec.hiddenSize = 64;
        spec.layerCount = 2;
        spec.dtype = "F32";
        deskseek::tests::writeHfModel(m_model, spec, DESKSEEK_REFERENCE_DIR);
    }

    // --- sampling ---

    void greedyTakesTheLargest()
    {
        Sampler sampler({.temperature = 0.0f});
        std::vector<float> logits{0.1f, 2.5f, -1.0f, 2.4f};
        QCOMPARE(sampler.sample(logits, {}), 1);
        QCOMPARE(argmax({3.0f, 3.0f, 1.0f}), 0); // the first of equal values
    }

    void seedReproduces()
    {
        const auto draw = [](std::uint64_t seed) {
            Sampler sampler({.temperature = 1.0f, .seed = seed});
            std::vector<std::int32_t> tokens;
            for (int i = 0; i < 200; ++i) {
                std::vector<float> logits = halvingLogits();
                tokens.push_back(sampler.sample(logits, {}));
            }
            return tokens;
        };
        QCOMPARE(draw(42), draw(42));
        QVERIFY(draw(42) != draw(43));
    }

    void drawsFollowTheProbabilities()
    {
        Sampler sampler({.temperature = 1.0f, .seed = 1});
        std::map<std::int32_t, int> counts;
        const int draws = 20000;
        for (int i = 0; i < draws; ++i) {
            std::vector<float> logits = halvingLogits();
            ++counts[sampler.sample(logits, {})];
        }
        // Token 0 has probability 1/2 (of 1 - 2^-10), token 7 1/4, token 14 1/8.
        QVERIFY(std::abs(counts[0] / double(draws) - 0.5) < 0.015);
        QVERIFY(std::abs(counts[7] / double(draws) - 0.25) < 0.015);
        QVERIFY(std::abs(counts[14] / double(draws) - 0.125) < 0.012);
        QCOMPARE(counts.count(1), std::size_t(0)); // e^-100 relative: never drawn
    }

    void topKRestricts()
    {
        Sampler sampler({.temperature = 1.0f, .topK = 3, .seed = 5});
        std::vector<float> logits = halvingLogits();
        const auto kept = sampler.candidates(logits, {});
        QCOMPARE(kept.size(), std::size_t(3));
        QCOMPARE(kept[0].token, 0);
        QCOMPARE(kept[1].token, 7);
        QCOMPARE(kept[2].token, 14);
        QVERIFY(std::abs(kept[0].probability - 4.0f / 7.0f) < 1e-5f); // 1/2 : 1/4 : 1/8 renormalized
        for (int i = 0; i < 2000; ++i) {
            std::vector<float> again = halvingLogits();
            const std::int32_t token = sampler.sample(again, {});
            QVERIFY(token == 0 || token == 7 || token == 14);
        }
    }

    void topPRestricts()
    {
        // 1/2 + 1/4 = 0.75 < 0.8: a third token is needed to reach p.
        Sampler sampler({.temperature = 1.0f, .topP = 0.8f});
        std::vector<float> logits = halvingLogits();
        QCOMPARE(sampler.candidates(logits, {}).size(), std::size_t(3));
        Sampler tight({.temperature = 1.0f, .topP = 0.5f});
        logits = halvingLogits();
        QCOMPARE(tight.candidates(logits, {}).size(), std::size_t(1));
        // A flat distribution over the whole vocabulary needs the full sort.
        Sampler wide({.temperature = 1.0f, .topP = 0.9f});
        std::vector<float> flat(5000, 0.0f);
        QCOMPARE(wide.candidates(flat, {}).size(), std::size_t(4500));
    }

    void minPRestricts()
    {
        // Keep tokens at least 0.3 x as likely as the top one: 1/2 and 1/4 (1/8 < 0.15).
        Sampler sampler({.temperature = 1.0f, .minP = 0.3f});
        std::vector<float> logits = halvingLogits();
        const auto kept = sampler.candidates(logits, {});
        QCOMPARE(kept.size(), std::size_t(2));
        QVERIFY(std::abs(kept[0].probability - 2.0f / 3.0f) < 1e-5f);
    }

    void temperatureFlattens()
    {
        std::vector<float> logits = halvingLogits();
        const float cold = Sampler({.temperature = 0.5f}).candidates(logits, {})[0].probability;
        logits = halvingLogits();
        const float hot = Sampler({.temperature = 2.0f}).candidates(logits, {})[0].probability;
        QVERIFY(std::abs(cold - 0.75f) < 0.01f); // 1 / sum of (1/4)^k
        QVERIFY(hot < 0.35f);
    }

    void repetitionPenalty()
    {
        Sampler sampler({.temperature = 0.0f, .repetitionPenalty = 2.0f, .repeatLastN = 2});
        std::vector<float> logits{3.0f, 2.0f, -1.0f, 1.0f};
        // Tokens 0 and 2 are in the last two; token 1 is older and not penalized.
        QCOMPARE(sampler.sample(logits, {1, 0, 2}), 1);
        QCOMPARE(logits[0], 1.5f);
        QCOMPARE(logits[1], 2.0f);
        QCOMPARE(logits[2], -2.0f);
    }

    // --- stop strings ---

    void stopStringAcrossPieces()
    {
        StopMatcher matcher({"</stop>", "END"});
        std::string shown;
        auto out = matcher.push("Hel");
        shown += out.text;
        out = matcher.push("lo <");
        QCOMPARE(out.text, std::string("lo ")); // "<" may start "</stop>": held back
        shown += out.text;
        out = matcher.push("/st");
        QCOMPARE(out.text, std::string());
        out = matcher.push("op> more");
        QVERIFY(out.stopped);
        shown += out.text;
        QCOMPARE(shown, std::string("Hello "));
        QCOMPARE(matcher.push("after").text, std::string());
    }

    void heldTextComesBackWhenNoStop()
    {
        StopMatcher matcher({"</stop>"});
        QCOMPARE(matcher.push("a </st").text, std::string("a "));
        QCOMPARE(matcher.push("x").text, std::string("</stx"));
        QCOMPARE(matcher.push(" <").text, std::string(" "));
        QCOMPARE(matcher.flush(), std::string("<"));
        StopMatcher earliest({"b", "abc"});
        const auto out = earliest.push("xxabcd");
        QVERIFY(out.stopped);
        QCOMPARE(out.text, std::string("xx")); // "abc" starts before "b"
    }

    // --- rotary frequencies ---

    void ropeFrequenciesFollowScaling()
    {
        model::ModelConfig config;
        config.headDim = 128;
        config.ropeTheta = 500000.0f;
        const auto plain = ropeFrequencies(config);
        QCOMPARE(plain.inverseFrequencies.size(), std::size_t(64));
        QCOMPARE(plain.inverseFrequencies[0], 1.0);
        QVERIFY(std::abs(plain.inverseFrequencies[10] - std::pow(500000.0, -20.0 / 128.0)) < 1e-15);
        QCOMPARE(plain.attentionFactor, 1.0);

        config.ropeScaling.type = model::RopeScalingType::Linear;
        config.ropeScaling.factor = 4.0f;
        QVERIFY(std::abs(ropeFrequencies(config).inverseFrequencies[10] - plain.inverseFrequencies[10] / 4.0) < 1e-15);

        // Llama 3.1: wavelengths under 8192/4 kept, over 8192/1 divided by 8, smooth between.
        config.ropeScaling = {model::RopeScalingType::Llama3, 8.0f, 8192, 1.0f, 4.0f};
        const auto llama3 = ropeFrequencies(config);
        for (std::size_t i = 0; i < 64; ++i) {
            const double wavelength = 2.0 * std::numbers::pi / plain.inverseFrequencies[i];
            const double ratio = llama3.inverseFrequencies[i] / plain.inverseFrequencies[i];
            if (wavelength < 2048.0)
                QCOMPARE(ratio, 1.0);
            else if (wavelength > 8192.0)
                QVERIFY(std::abs(ratio - 0.125) < 1e-12);
            else
                QVERIFY(ratio > 0.125 && ratio < 1.0);
        }

        // YaRN x4 from 1024: cos/sin scaled by 0.1 ln 4 + 1; fast dimensions kept, slow ones / 4.
        config.ropeTheta = 1000000.0f;
        config.ropeScaling = {model::RopeScalingType::Yarn, 4.0f, 1024};
        const auto yarn = ropeFrequencies(config);
        const auto base = [&] {
            model::ModelConfig unscaled = config;
            unscaled.ropeScaling = {};
            return ropeFrequencies(unscaled);
        }();
        QVERIFY(std::abs(yarn.attentionFactor - (0.1 * std::log(4.0) + 1.0)) < 1e-12);
        QCOMPARE(yarn.inverseFrequencies[0], base.inverseFrequencies[0]);
        QVERIFY(std::abs(yarn.inverseFrequencies[63] - base.inverseFrequencies[63] / 4.0) < 1e-18);
    }

    // --- weight formats ---

    void activationRounding()
    {
        std::mt19937 random(3);
        std::normal_distribution<float> normal(0.0f, 2.0f);
        std::vector<float> x(96), rounded(96);
        for (float &value : x)
            value = normal(random);
        x[40] = 0.0f;
        roundActivationsQ8_0(x.data(), 96, rounded.data());
        for (int block = 0; block < 3; ++block) {
            float amax = 0.0f;
            for (int j = 0; j < 32; ++j)
                amax = std::max(amax, std::abs(x[block * 32 + j]));
            const float d = model::halfToFloat(model::floatToHalf(amax / 127.0f));
            for (int j = 0; j < 32; ++j) {
                const float q = rounded[block * 32 + j] / d;
                QVERIFY(std::abs(q - std::round(q)) < 1e-4f && std::abs(q) <= 127.0f);
                QVERIFY(std::abs(rounded[block * 32 + j] - x[block * 32 + j]) <= 0.51f * d + 1e-3f * amax);
            }
        }
        QCOMPARE(rounded[40], 0.0f);
    }

    void dequantizeWithTensorOps_data()
    {
        QTest::addColumn<int>("type");
        for (auto type : {model::DType::F16, model::DType::BF16, model::DType::Q8_0, model::DType::Q4_0})
            QTest::addRow("%s", model::dtypeName(type).data()) << static_cast<int>(type);
    }

    // The GPU's reference dequantization, run here on the CPU, equals the file format's.
    void dequantizeWithTensorOps()
    {
        QFETCH(int, type);
        const auto dtype = static_cast<model::DType>(type);
        const StoredWeight weight = makeWeight(dtype, 13, 160, 11);
        const at::Tensor bytes = at::from_blob(const_cast<std::byte *>(weight.bytes.data()),
                                               {13, static_cast<std::int64_t>(weight.bytes.size() / 13)}, at::kByte);
        const at::Tensor values = dequantizeBytes(bytes, dtype, 160, at::kFloat);
        std::vector<float> expected(13 * 160);
        model::readRows(weight.tensor, 0, 13, expected.data());
        const float *got = values.data_ptr<float>();
        for (std::size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(got[i], expected[i]);
    }

    void linearMatchesReference_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("permutedHeads");
        for (auto type : {model::DType::F32, model::DType::F16, model::DType::BF16, model::DType::Q8_0, model::DType::Q4_0})
            for (int tokens : {1, 3, 9, 17})
                QTest::addRow("%s-%d", model::dtypeName(type).data(), tokens) << static_cast<int>(type) << tokens << 0;
        QTest::addRow("Q4_0-1-permuted") << static_cast<int>(model::DType::Q4_0) << 1 << 4;
        QTest::addRow("Q8_0-9-permuted") << static_cast<int>(model::DType::Q8_0) << 9 << 4;
        QTest::addRow("F32-2-permuted") << static_cast<int>(model::DType::F32) << 2 << 4;
    }

    // Every path of the one linear operation (row dots, integer dots, chunked BLAS, dense) gives
    // the product of the rounded activations with the stored weights, in Hugging Face row order.
    void linearMatchesReference()
    {
        QFETCH(int, type);
        QFETCH(int, tokens);
        QFETCH(int, permutedHeads);
        const auto dtype = static_cast<model::DType>(type);
        const std::int64_t rows = permutedHeads ? 64 : 77, columns = 96;
        StoredWeight weight = makeWeight(dtype, rows, columns, 7);
        weight.tensor.ropePermutedHeads = permutedHeads;
        const LinearWeight linear = LinearWeight::load(weight.tensor, at::Device(at::kCPU));
        QVERIFY(dtype == model::DType::F32 ? !linear.isPacked() : linear.isPacked());
        const at::Tensor x = at::randn({tokens, columns}, at::TensorOptions().dtype(at::kFloat));
        const at::Tensor y = linear.forward(x);
        QCOMPARE(y.size(0), static_cast<std::int64_t>(tokens));
        QCOMPARE(y.size(1), rows);

        std::vector<float> w(static_cast<std::size_t>(rows * columns));
        model::readRows(weight.tensor, 0, rows, w.data()); // Hugging Face order
        const at::Tensor rounded = roundActivations(x, dtype).contiguous();
        const float *xs = rounded.data_ptr<float>();
        const float *ys = y.data_ptr<float>();
        for (int t = 0; t < tokens; ++t)
            for (std::int64_t r = 0; r < rows; ++r) {
                double expected = 0.0, scale = 0.0;
                for (std::int64_t c = 0; c < columns; ++c) {
                    expected += double(w[r * columns + c]) * xs[t * columns + c];
                    scale += std::abs(double(w[r * columns + c]) * xs[t * columns + c]);
                }
                const double got = ys[t * rows + r];
                if (std::abs(got - expected) > 1e-5 * scale + 1e-6)
                    QFAIL(qPrintable(QStringLiteral("token %1 row %2: %3, expected %4").arg(t).arg(r).arg(got).arg(expected)));
            }
    }

    // Where libtorch has CUDA and a GPU is present: Q8_0/Q4_0 products on the GPU (the CUDA
    // kernels for a few tokens, half-precision rows and cuBLAS for more) against the same
    // products on the CPU, within half precision's rounding of the activations.
    void cudaProductsMatchCpu()
    {
        if (!at::hasCUDA())
            QSKIP("No CUDA device (or this libtorch has no CUDA).");
        for (auto type : {model::DType::Q8_0, model::DType::Q4_0})
            for (int tokens : {1, 3, 4, 9}) {
                const StoredWeight weight = makeWeight(type, 77, 160, 31);
                const LinearWeight cpu = LinearWeight::load(weight.tensor, at::Device(at::kCPU));
                const LinearWeight gpu = LinearWeight::load(weight.tensor, at::Device(at::kCUDA, 0));
                const at::Tensor x = at::randn({tokens, 160}, at::TensorOptions().dtype(at::kFloat));
                const at::Tensor expected = cpu.forward(x);
                const at::Tensor got = gpu.forward(x.to(at::Device(at::kCUDA, 0))).to(at::kCPU);
                const double error = (got - expected).abs().max().item<double>();
                const double scale = expected.abs().max().item<double>();
                QVERIFY2(error <= 2e-3 * scale, qPrintable(QStringLiteral("%1, %2 tokens: %3 of %4")
                                                               .arg(QString::fromLatin1(model::dtypeName(type).data()))
                                                               .arg(tokens)
                                                               .arg(error)
                                                               .arg(scale)));
            }
    }

    void quantizedKernels_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("columns");
        QTest::addColumn<int>("tokens");
        for (auto level : {KernelLevel::Scalar, KernelLevel::Avx2, KernelLevel::Avx512Vnni})
            for (auto type : {model::DType::Q8_0, model::DType::Q4_0})
                // One block, an odd number of blocks, the 1.5B's widths; one token to a full tile.
                for (int columns : {32, 96, 1536, 8960})
                    for (int tokens : {1, 2, 3, 4, 5, 7, 8})
                        QTest::addRow("%s-%s-%d-%d", kernelLevelName(level), model::dtypeName(type).data(), columns, tokens)
                            << static_cast<int>(level) << static_cast<int>(type) << columns << tokens;
    }

    // Every kernel level against the exact products (in double precision) of the stored blocks and
    // the quantized activations, for one to eight tokens at once, on 37 rows: two full panels and
    // one of 5 rows padded to 16 (whose padding must come out as zeros).
    void quantizedKernels()
    {
        QFETCH(int, level);
        QFETCH(int, type);
        QFETCH(int, columns);
        QFETCH(int, tokens);
        const auto kernelLevel = static_cast<KernelLevel>(level);
        const auto dtype = static_cast<model::DType>(type);
        if (!kernelLevelSupported(kernelLevel))
            QSKIP("This CPU lacks the instructions of this kernel level.");
        const PanelKernel kernel = panelKernel(dtype, kernelLevel);
        QVERIFY(kernel);
        const std::int64_t rows = 37;
        const StoredWeight weight = makeWeight(dtype, rows, columns, 11 + columns);
        const std::int64_t rowBytes = static_cast<std::int64_t>(weight.bytes.size()) / rows;
        const PanelWeights panels(dtype, rows, columns, [&](std::int64_t r) { return weight.bytes.data() + r * rowBytes; });
        QCOMPARE(panels.panels(), std::int64_t(3));
        QCOMPARE(panels.bytes(), static_cast<std::uint64_t>(48 * rowBytes)); // as large as the rows
        // The panels give the stored rows back byte for byte.
        std::vector<std::byte> stored(static_cast<std::size_t>(rowBytes));
        for (std::int64_t r = 0; r < rows; ++r) {
            panels.storedRow(r, stored.data());
            QVERIFY(std::equal(stored.begin(), stored.end(), weight.bytes.begin() + r * rowBytes));
        }

        std::mt19937 random(static_cast<unsigned>(columns * 31 + tokens));
        std::normal_distribution<float> normal(0.0f, 2.0f);
        std::vector<float> x(static_cast<std::size_t>(tokens * columns));
        for (float &value : x)
            value = normal(random);
        x[3] = 0.0f; // zeros, and one block of zeros (scale 0)
        std::fill(x.begin() + (tokens - 1) * columns, x.begin() + (tokens - 1) * columns + 32, 0.0f);
        const QuantizedTokens activations(x.data(), tokens, columns, dtype);
        const QuantizedActivations &a = activations.view();
        // The quantized values are those of quantizeActivationsQ8_0.
        std::vector<std::int8_t> q(x.size());
        std::vector<std::uint16_t> halfScales(x.size() / 32);
        quantizeActivationsQ8_0(x.data(), tokens * columns, q.data(), halfScales.data());
        QVERIFY(std::equal(q.begin(), q.end(), a.q));
        for (std::size_t i = 0; i < halfScales.size(); ++i)
            QCOMPARE(a.scales[i], model::halfToFloat(halfScales[i]));

        std::vector<float> w(static_cast<std::size_t>(rows * columns));
        model::readRows(weight.tensor, 0, rows, w.data());
        for (std::int64_t p = 0; p < panels.panels(); ++p) {
            std::vector<float> out(static_cast<std::size_t>(tokens * kPanelRows), -1.0f);
            kernel(panels.panel(p), panels.blocks(), a, 0, tokens, out.data());
            for (int t = 0; t < tokens; ++t)
                for (int i = 0; i < kPanelRows; ++i) {
                    const std::int64_t r = p * kPanelRows + i;
                    const float got = out[static_cast<std::size_t>(t * kPanelRows + i)];
                    if (r >= rows) {
                        QCOMPARE(got, 0.0f);
                        continue;
                    }
                    double expected = 0.0, scale = 0.0;
                    for (int c = 0; c < columns; ++c) {
                        const double term = double(w[r * columns + c]) * q[t * columns + c] * a.scales[(t * columns + c) / 32];
                        expected += term;
                        scale += std::abs(term);
                    }
                    if (std::abs(got - expected) > 2e-6 * scale + 1e-6)
                        QFAIL(qPrintable(QStringLiteral("row %1 token %2: %3, expected %4").arg(r).arg(t).arg(got).arg(expected)));
                }
        }
        // A tile that starts past the first token reads that token's activations.
        if (tokens > 1) {
            std::vector<float> all(static_cast<std::size_t>(tokens * kPanelRows)), tail(all.size());
            kernel(panels.panel(0), panels.blocks(), a, 0, tokens, all.data());
            kernel(panels.panel(0), panels.blocks(), a, 1, tokens - 1, tail.data());
            QVERIFY(std::equal(tail.begin(), tail.begin() + (tokens - 1) * kPanelRows, all.begin() + kPanelRows));
        }
    }

    void attentionKernels_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("length");
        QTest::addColumn<int>("latentKeyDims"); // > 0: MLA's values are the first headDim of key rows this long
        for (auto level : {KernelLevel::Scalar, KernelLevel::Avx2}) {
            for (int headDim : {8, 64, 72, 128})
                for (int length : {1, 3, 4, 9, 17, 641})
                    QTest::addRow("%s-%d-%d", kernelLevelName(level), headDim, length)
                        << static_cast<int>(level) << headDim << length << 0;
            for (int length : {1, 9, 641}) // DeepSeek-V2's latent (512) and rotary key (64); a small one
                for (const auto &[latent, keyDims] : {std::pair{512, 576}, std::pair{64, 96}})
                    QTest::addRow("%s-mla%d-%d", kernelLevelName(level), keyDims, length)
                        << static_cast<int>(level) << latent << length << keyDims;
        }
    }

    // One query head's attention over cached keys and values, at each level, against softmax and
    // weighted sums in double precision: scores spread over a wide range (most weights tiny, some
    // far below the largest), lengths that are not multiples of the vector width.
    void attentionKernels()
    {
        QFETCH(int, level);
        QFETCH(int, headDim);
        QFETCH(int, length);
        QFETCH(int, latentKeyDims);
        const auto kernelLevel = static_cast<KernelLevel>(level);
        if (!kernelLevelSupported(kernelLevel))
            QSKIP("This CPU lacks the instructions of this kernel level.");
        const AttendHead attend = attendHeadKernel(kernelLevel);
        const int keyDims = latentKeyDims > 0 ? latentKeyDims : headDim;
        QVERIFY(attend);
        std::mt19937 random(static_cast<unsigned>(headDim * 1000 + length));
        std::normal_distribution<float> normal(0.0f, 1.0f);
        // The cache holds F16; the query comes rounded to F16 values.
        const auto f16 = [](float x) { return model::halfToFloat(model::floatToHalf(x)); };
        std::vector<float> query(static_cast<std::size_t>(keyDims));
        std::vector<std::uint16_t> keys(static_cast<std::size_t>(length * keyDims)), values(static_cast<std::size_t>(length * headDim));
        for (float &x : query)
            x = f16(3.0f * normal(random));
        for (std::uint16_t &x : keys)
            x = model::floatToHalf(normal(random));
        for (std::uint16_t &x : values)
            x = model::floatToHalf(normal(random));
        const float scale = 1.0f / std::sqrt(static_cast<float>(keyDims));
        std::vector<float> scores(static_cast<std::size_t>(length)), out(static_cast<std::size_t>(headDim), -7.0f);
        // MLA: the values are the first headDim of every key row.
        const std::uint16_t *valueRows = latentKeyDims > 0 ? keys.data() : values.data();
        const int valueStride = latentKeyDims > 0 ? keyDims : headDim;
        attend(query.data(), keys.data(), keyDims, valueRows, headDim, valueStride, length, scale, scores.data(), out.data());

        // In double, with the weights rounded to F16 as the kernels (and ggml) round them: a
        // rounding that lands the other way in the kernel's float arithmetic moves a weight by one
        // F16 step (2^-11 of it), which bounds the difference.
        std::vector<double> weights(static_cast<std::size_t>(length));
        double highest = -INFINITY, sum = 0.0;
        for (int p = 0; p < length; ++p) {
            double dot = 0.0;
            for (int d = 0; d < keyDims; ++d)
                dot += double(query[d]) * model::halfToFloat(keys[p * keyDims + d]);
            weights[p] = dot * scale;
            highest = std::max(highest, weights[p]);
        }
        for (double &w : weights)
            sum += (w = std::exp(w - highest));
        for (double &w : weights)
            w = f16(static_cast<float>(w / sum));
        for (int d = 0; d < headDim; ++d) {
            double expected = 0.0, magnitude = 0.0;
            for (int p = 0; p < length; ++p) {
                const double value = model::halfToFloat(valueRows[p * valueStride + d]);
                expected += weights[p] * value;
                magnitude += weights[p] * std::abs(value);
            }
            if (std::abs(out[d] - expected) > 5e-4 * magnitude + 1e-6)
                QFAIL(qPrintable(QStringLiteral("dimension %1: %2, expected %3").arg(d).arg(out[d]).arg(expected)));
        }
    }

    // The fused SwiGLU half (gate and up from one pass) equals silu(gate · x) × (up · x).
    void swigluMatchesTwoProducts()
    {
        for (auto type : {model::DType::Q8_0, model::DType::Q4_0, model::DType::F32})
            for (int tokens : {1, 3, 4, 6, 11}) {
                const std::int64_t rows = 77, columns = 160;
                const StoredWeight gateWeight = makeWeight(type, rows, columns, 21);
                const StoredWeight upWeight = makeWeight(type, rows, columns, 22);
                const LinearWeight gate = LinearWeight::load(gateWeight.tensor, at::Device(at::kCPU));
                const LinearWeight up = LinearWeight::load(upWeight.tensor, at::Device(at::kCPU));
                const at::Tensor x = at::randn({tokens, columns}, at::TensorOptions().dtype(at::kFloat));
                const at::Tensor fused = LinearWeight::swiglu(gate, up, x);
                const at::Tensor separate = at::silu(gate.forward(x)) * up.forward(x);
                QCOMPARE(fused.size(0), std::int64_t(tokens));
                QCOMPARE(fused.size(1), rows);
                const double error = (fused - separate).abs().max().item<double>();
                const double scale = separate.abs().max().item<double>();
                QVERIFY2(error <= 1e-5 * scale, qPrintable(QStringLiteral("%1, %2 tokens: %3 of %4")
                                                               .arg(QString::fromLatin1(model::dtypeName(type).data()))
                                                               .arg(tokens)
                                                               .arg(error)
                                                               .arg(scale)));
            }
    }

    // A prompt's MLP in blocks of kMlpBlockTokens: each token's result is what the whole prompt
    // in one pass gives (activations are quantized token by token), bit for bit.
    void gatedMlpInBlocksEqualsOnePass()
    {
        for (auto type : {model::DType::Q4_K, model::DType::Q8_0}) {
            const std::int64_t hidden = 256, intermediate = 512;
            const StoredWeight gateWeight = makeWeight(type, intermediate, hidden, 31);
            const StoredWeight upWeight = makeWeight(type, intermediate, hidden, 32);
            const StoredWeight downWeight = makeWeight(type, hidden, intermediate, 33);
            const LinearWeight gate = LinearWeight::load(gateWeight.tensor, at::Device(at::kCPU));
            const LinearWeight up = LinearWeight::load(upWeight.tensor, at::Device(at::kCPU));
            const LinearWeight down = LinearWeight::load(downWeight.tensor, at::Device(at::kCPU));
            const std::int64_t tokens = 2 * blocks::kMlpBlockTokens + 45; // three blocks, the last one partial
            const at::Tensor x = at::randn({tokens, hidden}, at::TensorOptions().dtype(at::kFloat));
            const at::Tensor blocked = blocks::gatedMlp(gate, up, down, x);
            const at::Tensor whole = down.forward(LinearWeight::swiglu(gate, up, x));
            QCOMPARE(blocked.size(0), tokens);
            QCOMPARE(blocked.size(1), hidden);
            QCOMPARE((blocked - whole).abs().max().item<double>(), 0.0);
            QVERIFY(whole.abs().max().item<double>() > 0.0);
        }
    }

    // A prompt's attention in blocks of queries, each over the keys up to its last query, gives
    // what one causal product over the whole context gives: a long prompt at a long context
    // (16 blocks here), grouped queries and MLA's values read from the key rows.
    void blockedAttentionEqualsOnePass_data()
    {
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("keyDims");
        QTest::addColumn<int>("valueDims"); // 0: the values are the keys' first keyDims - 64
        QTest::newRow("gqa4") << 8 << 2 << 64 << 64;
        QTest::newRow("mla") << 16 << 1 << 576 << 0;
    }

    void blockedAttentionEqualsOnePass()
    {
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, keyDims);
        QFETCH(int, valueDims);
        const std::int64_t position = 1900, tokens = 100, capacity = 2048, length = position + tokens;
        QVERIFY(blocks::kScoreFloatsCpu / (heads * length) * 4 < tokens); // several blocks
        const at::Tensor keys = at::randn({kvHeads, capacity, keyDims}).to(at::kHalf);
        const at::Tensor values = valueDims > 0 ? at::randn({kvHeads, capacity, valueDims}).to(at::kHalf)
                                                : keys.narrow(2, 0, keyDims - 64);
        const std::int64_t width = values.size(2);
        const at::Tensor q = 2.0 * at::randn({tokens, heads, keyDims});
        const double scale = 1.0 / std::sqrt(static_cast<double>(keyDims));
        const at::Tensor blocked = blocks::attendCached(q, keys, values, position, scale);

        // One pass, in double: query head h reads kv head h / (heads / kvHeads); query t sees
        // positions 0 .. position + t; the query and the weights rounded to F16 as ggml rounds them.
        const std::int64_t group = heads / kvHeads;
        const at::Tensor k = keys.narrow(1, 0, length).to(at::kDouble);
        const at::Tensor v = values.narrow(1, 0, length).to(at::kDouble);
        const at::Tensor queries = q.to(at::kHalf).to(at::kDouble);
        const at::Tensor future = at::arange(length).unsqueeze(0) > (at::arange(tokens) + position).unsqueeze(1);
        double worst = 0.0, largest = 0.0;
        for (std::int64_t h = 0; h < heads; ++h) {
            const at::Tensor scores = at::matmul(queries.select(1, h), k[h / group].t()) * scale;
            const at::Tensor weights = at::softmax(scores.masked_fill(future, -INFINITY), -1).to(at::kHalf).to(at::kDouble);
            const at::Tensor expected = at::matmul(weights, v[h / group]);
            const at::Tensor ours = blocked.narrow(1, h * width, width).to(at::kDouble);
            worst = std::max(worst, (ours - expected).abs().max().item<double>());
            largest = std::max(largest, expected.abs().max().item<double>());
        }
        QCOMPARE(blocked.size(0), tokens);
        QCOMPARE(blocked.size(1), heads * width);
        qInfo("blocked vs one pass: max |delta| %.3g of %.3g", worst, largest);
        QVERIFY2(worst <= 1e-3 * largest, qPrintable(QString::number(worst)));
    }

    // Several weights, each with its own input and token count (heads, experts), in one pass:
    // what each weight's own product gives, bit for bit.
    void groupedProductsMatchOneByOne()
    {
        for (auto type : {model::DType::Q8_0, model::DType::Q4_0, model::DType::Q4_K, model::DType::F32}) {
            const std::int64_t columns = type == model::DType::Q4_K ? 256 : 160;
            std::vector<StoredWeight> stored;
            std::vector<LinearWeight> weights;
            for (int w = 0; w < 6; ++w)
                stored.push_back(makeWeight(type, 40 + 13 * w, columns, 30 + w));
            for (const StoredWeight &weight : stored)
                weights.push_back(LinearWeight::load(weight.tensor, at::Device(at::kCPU)));
            std::vector<const LinearWeight *> list, gates, ups;
            std::vector<at::Tensor> inputs, pairInputs;
            for (int w = 0; w < 6; ++w) {
                list.push_back(&weights[static_cast<std::size_t>(w)]);
                inputs.push_back(at::randn({1 + (w * 5) % 11, columns}, at::TensorOptions().dtype(at::kFloat)));
            }
            for (int w = 0; w < 3; ++w) { // a weight as its own gate and up: pairs of one shape
                gates.push_back(&weights[static_cast<std::size_t>(w)]);
                ups.push_back(&weights[static_cast<std::size_t>(w)]);
                pairInputs.push_back(inputs[static_cast<std::size_t>(w)]);
            }
            const std::vector<at::Tensor> grouped = LinearWeight::forwardEach(list, inputs);
            const std::vector<at::Tensor> pairs = LinearWeight::swigluEach(gates, ups, pairInputs);
            for (int w = 0; w < 6; ++w) {
                const at::Tensor alone = weights[static_cast<std::size_t>(w)].forward(inputs[static_cast<std::size_t>(w)]);
                QCOMPARE(grouped[static_cast<std::size_t>(w)].sizes(), alone.sizes());
                QVERIFY2(at::equal(grouped[static_cast<std::size_t>(w)], alone),
                         qPrintable(QStringLiteral("%1, weight %2").arg(QString::fromLatin1(model::dtypeName(type).data())).arg(w)));
            }
            for (int w = 0; w < 3; ++w) {
                const LinearWeight &weight = weights[static_cast<std::size_t>(w)];
                const at::Tensor alone = LinearWeight::swiglu(weight, weight, pairInputs[static_cast<std::size_t>(w)]);
                QVERIFY(at::equal(pairs[static_cast<std::size_t>(w)], alone));
            }
        }
    }

    // --- generation ---

    // The absorbed form DeskSeek runs (a latent cache, each query absorbed into it) gives the
    // logits of the naive one (every head's full key and value), from the Hugging Face folder
    // (kv_b_proj, transposed per head at load) and from our GGUF (llama.cpp's k_b/v_b) alike.
    void deepSeekAbsorbedAttentionEqualsNaive()
    {
        const std::string folder = m_dir.filePath(QStringLiteral("deepseek-v2")).toStdString();
        deskseek::tests::HfModelSpec spec;
        deskseek::tests::setSmallDeepSeekV2Shape(spec);
        spec.dtype = "F32";
        deskseek::tests::writeHfModel(folder, spec, DESKSEEK_REFERENCE_DIR);
        const auto files = model::ModelFiles::openFolder(folder);
        QVERIFY(files.ok());
        const std::string gguf = folder + ".gguf";
        QVERIFY(gguf::convertToGguf(files.value(), gguf, model::DType::F32).ok());
        LoadOptions options;
        options.threads = 2;
        options.contextLength = 128;
        auto fromFolder = InferenceModel::load(folder, options);
        auto fromGguf = InferenceModel::load(gguf, options);
        QVERIFY(fromFolder.ok() && fromGguf.ok());
        const std::vector<std::int32_t> ids = encode(*fromFolder.value(), "DeepSeek's latent attention, 深度求索, x = 2 * y + 1;");
        const std::vector<float> naive = naiveDeepSeekLogits(files.value(), ids);
        const auto [low, high] = std::minmax_element(naive.begin(), naive.end());
        const double range = *high - *low;
        for (auto *model : {fromFolder.value().get(), fromGguf.value().get()}) {
            const auto ours = model->logits(ids);
            QVERIFY(ours.ok());
            QCOMPARE(ours->size(), naive.size());
            double worst = 0.0;
            for (std::size_t i = 0; i < naive.size(); ++i)
                worst = std::max(worst, static_cast<double>(std::fabs(ours.value()[i] - naive[i])));
            qInfo("absorbed vs naive: max |delta| %.3g of a range of %.3g (%.2g); the F16 cache's rounding", worst, range, worst / range);
            QVERIFY(std::isfinite(worst) && worst <= 1e-3 * range);
            QCOMPARE(std::max_element(ours->begin(), ours->end()) - ours->begin(), std::max_element(naive.begin(), naive.end()) - naive.begin());
            // The last token alone, as a decoding step (the CPU's one-token loops over the latent cache).
            model->resetCache();
            QVERIFY(model->extendSlot(0, std::vector<std::int32_t>(ids.begin(), ids.end() - 1)).ok());
            const auto step = model->decodeStep({{0, ids.back()}});
            QVERIFY(step.ok());
            double stepWorst = 0.0;
            for (std::size_t i = 0; i < naive.size(); ++i)
                stepWorst = std::max(stepWorst, static_cast<double>(std::fabs(step.value()[0][i] - naive[i])));
            qInfo("decoding step vs naive: max |delta| %.3g (%.2g of the range)", stepWorst, stepWorst / range);
            QVERIFY(std::isfinite(stepWorst) && stepWorst <= 1e-3 * range);
        }
    }

    void chunkedPrefillGivesTheSameLogits()
    {
        auto whole = load(256, 512);
        auto chunked = load(256, 3);
        QVERIFY(whole && chunked);
        const auto prompt = encode(*whole, "Chunked prefill: one evaluation or several, the same numbers. 分块预填充。");
        QVERIFY(prompt.size() > 10);
        const auto a = whole->logits(prompt);
        const auto b = chunked->logits(prompt);
        QVERIFY(a.ok() && b.ok());
        float delta = 0.0f;
        for (std::size_t i = 0; i < a->size(); ++i)
            delta = std::max(delta, std::abs(a.value()[i] - b.value()[i]));
        QVERIFY2(delta < 1e-5f, qPrintable(QString::number(delta)));
    }

    // A prompt's embedding rows are read from the mapped file, and each lookup maps the pages
    // around its row: 64 KiB, or the whole piece of page cache it lies in (up to 2 MiB where the
    // file system keeps large folios, as ext4 does on Linux 6.x). They are let go again, so that
    // a long chat does not keep the table in memory beside the packed weights. At Q8_0 every
    // other weight is packed and its pages went after loading: what stays mapped of the file
    // after a prompt is what the lookups left.
    void embeddingRowsAreNotKeptMapped()
    {
#ifndef __linux__
        QSKIP("reads /proc/self/smaps");
#else
        const auto files = model::ModelFiles::openFolder(m_model);
        QVERIFY(files.ok());
        const std::string gguf = m_dir.filePath(QStringLiteral("embedding-q8_0.gguf")).toStdString();
        QVERIFY(gguf::convertToGguf(files.value(), gguf, *gguf::quantSchemeFromName("q8_0")).ok());
        LoadOptions options;
        options.threads = 2;
        options.contextLength = 600;
        auto model = InferenceModel::load(gguf, options);
        QVERIFY(model.ok());
        // 512 tokens spread over the whole table (151936 rows of 68 bytes: 10.3 MB), a row every
        // 20 KB.
        const std::int64_t vocabulary = model.value()->config().vocabSize;
        std::vector<std::int32_t> prompt;
        for (std::int64_t i = 0; i < 512; ++i)
            prompt.push_back(static_cast<std::int32_t>((i * 293 + 11) % vocabulary));
        QVERIFY(model.value()->logits(prompt).ok());

        // The resident pages of the file's mappings (only the model maps it).
        QFile smaps(QStringLiteral("/proc/self/smaps"));
        QVERIFY(smaps.open(QIODevice::ReadOnly | QIODevice::Text));
        const QByteArray path = QByteArray::fromStdString(gguf);
        bool inFile = false;
        qint64 residentKb = 0;
        int mappings = 0;
        for (const QByteArray &line : smaps.readAll().split('\n')) {
            const QList<QByteArray> fields = line.simplified().split(' ');
            if (!fields.isEmpty() && fields.first().contains('-') && !fields.first().endsWith(':')) {
                inFile = fields.size() >= 6 && fields.last() == path;
                mappings += inFile ? 1 : 0;
            } else if (inFile && fields.size() >= 2 && fields.first() == "Rss:") {
                residentKb += fields.at(1).toLongLong();
            }
        }
        const qint64 tableBytes = vocabulary * 64 / 32 * 34;
        qInfo("after a prompt of %zu tokens, %lld KiB of the file stay mapped (the embedding table is %lld KiB)",
              prompt.size(), residentKb, tableBytes / 1024);
        QCOMPARE(mappings, 1);
        QVERIFY2(residentKb * 1024 <= tableBytes / 8, qPrintable(QString::number(residentKb)));
#endif
    }

    void cacheIsReusedForALongerPrompt()
    {
        auto model = load();
        QVERIFY(model);
        const auto prompt = encode(*model, "The first turn of a conversation.");
        const auto first = model->generate(prompt, greedy(6));
        QVERIFY(first.ok());
        QCOMPARE(first->reusedPromptTokens, std::int64_t(0));
        std::vector<std::int32_t> longer = prompt;
        longer.insert(longer.end(), first->tokens.begin(), first->tokens.end());
        const auto more = encode(*model, " And the second turn.");
        longer.insert(longer.end(), more.begin(), more.end());
        const auto second = model->generate(longer, greedy(8));
        QVERIFY(second.ok());
        // Everything evaluated before is reused: the prompt and all generated tokens but the
        // last (which was sampled, never evaluated).
        QCOMPARE(second->reusedPromptTokens, static_cast<std::int64_t>(prompt.size() + first->tokens.size() - 1));
        model->resetCache();
        const auto fresh = model->generate(longer, greedy(8));
        QVERIFY(fresh.ok());
        QCOMPARE(fresh->reusedPromptTokens, std::int64_t(0));
        QCOMPARE(second->tokens, fresh->tokens);
    }

    void stopStringsCutTheOutput()
    {
        auto model = load();
        QVERIFY(model);
        const auto prompt = encode(*model, "Write anything.");
        const auto full = model->generate(prompt, greedy(24));
        QVERIFY(full.ok());
        QCOMPARE(full->finish, FinishReason::MaxTokens);
        QCOMPARE(full->generatedTokens, std::int64_t(24));
        const std::string &text = full->text;
        QVERIFY(text.size() > 20);
        // A stop string from the middle of the output (its first occurrence).
        std::size_t at = text.size() / 2;
        while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xc0) == 0x80)
            --at;
        std::string stop = text.substr(at, 4);
        while (!validUtf8(stop))
            stop.pop_back();
        const std::size_t first = text.find(stop);
        GenerationOptions options = greedy(24);
        options.stopStrings = {stop};
        std::string streamed;
        const auto cut = model->generate(prompt, options, [&](const GenerationEvent &event) { streamed += event.text; });
        QVERIFY(cut.ok());
        QCOMPARE(cut->finish, FinishReason::StopString);
        QCOMPARE(cut->text, text.substr(0, first));
        QCOMPARE(streamed, cut->text);
        QVERIFY(cut->generatedTokens < 24);
    }

    void streamsWholeCharactersAndCounts()
    {
        auto model = load();
        QVERIFY(model);
        const auto prompt = encode(*model, "中文和表情 🚀");
        std::int64_t events = 0;
        std::string joined;
        GenerationOptions options = greedy(40);
        options.sampling.temperature = 1.5f; // wander through the vocabulary
        options.sampling.seed = 3;
        const auto stats = model->generate(prompt, options, [&](const GenerationEvent &event) {
            QVERIFY(validUtf8(event.text));
            QCOMPARE(event.promptTokens, static_cast<std::int64_t>(prompt.size()));
            ++events;
            joined += event.text;
        });
        QVERIFY(stats.ok());
        QVERIFY(events >= 40);
        QCOMPARE(joined, stats->text);
        QVERIFY(stats->timeToFirstTokenSeconds > 0.0 && stats->prefillTokensPerSecond > 0.0 && stats->decodeTokensPerSecond > 0.0);
    }

    void seededSamplingReproduces()
    {
        auto model = load();
        QVERIFY(model);
        const auto prompt = encode(*model, "Seeds:");
        const auto run = [&](std::uint64_t seed) {
            GenerationOptions options = greedy(20);
            options.sampling.temperature = 1.0f;
            options.sampling.seed = seed;
            return model->generate(prompt, options).value().tokens;
        };
        // The second run reuses the cache of the first: still the same tokens.
        const auto first = run(7);
        QCOMPARE(run(7), first);
        QVERIFY(run(8) != first);
        model->resetCache();
        QCOMPARE(run(7), first);
    }

    void cancelStopsWithinOneToken()
    {
        auto model = load();
        QVERIFY(model);
        std::atomic<bool> cancel{false};
        GenerationOptions options = greedy(50);
        options.cancel = &cancel;
        int events = 0;
        const auto stats = model->generate(encode(*model, "Stop me."), options, [&](const GenerationEvent &) {
            if (++events == 3)
                cancel = true;
        });
        QVERIFY(stats.ok());
        QCOMPARE(stats->finish, FinishReason::Cancelled);
        QCOMPARE(stats->generatedTokens, std::int64_t(3));
        cancel = true; // cancelled before it starts: nothing is generated
        const auto none = model->generate(encode(*model, "Again."), options);
        QVERIFY(none.ok());
        QCOMPARE(none->finish, FinishReason::Cancelled);
        QCOMPARE(none->generatedTokens, std::int64_t(0));
    }

    void contextOverflow()
    {
        auto model = load(32);
        QVERIFY(model);
        QCOMPARE(model->contextLength(), std::int64_t(32));
        std::vector<std::int32_t> prompt;
        for (int i = 0; i < 40; ++i)
            prompt.push_back(1000 + i);
        const auto refused = model->generate(prompt, greedy(4));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);
        QVERIFY(refused.error().message.find("context") != std::string::npos);

        // Sliding: the prompt keeps its first 4 tokens and its end; generation runs past the end.
        GenerationOptions sliding = greedy(60);
        sliding.overflow = ContextOverflow::SlideWindow;
        sliding.keepTokens = 4;
        const auto slid = model->generate(prompt, sliding);
        QVERIFY2(slid.ok(), slid.ok() ? "" : slid.error().message.c_str());
        QCOMPARE(slid->generatedTokens, std::int64_t(60));

        // An answer that reaches the end of the context stops there without an error.
        const std::vector<std::int32_t> shortPrompt(prompt.begin(), prompt.begin() + 20);
        const auto full = model->generate(shortPrompt, greedy(100));
        QVERIFY(full.ok());
        QCOMPARE(full->finish, FinishReason::ContextFull);
        QCOMPARE(full->generatedTokens, std::int64_t(32 - 20 + 1));
    }

    void badInput()
    {
        auto missing = InferenceModel::load(m_dir.filePath(QStringLiteral("nothing-here")).toStdString(), {});
        QVERIFY(!missing.ok());
        QVERIFY(!missing.error().message.empty());
        auto model = load();
        QVERIFY(model);
        const auto outside = model->logits({1, 2, static_cast<std::int32_t>(model->config().vocabSize)});
        QVERIFY(!outside.ok());
        QCOMPARE(outside.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!model->generate({}, greedy(1)).ok());
        // The model still works after a refused call.
        QVERIFY(model->logits({1, 2, 3}).ok());
    }

    void gpuLayersFromFreeMemory()
    {
        model::ModelConfig config;
        config.layerCount = 28;
        config.kvHeadCount = 2;
        config.headDim = 128;
        const std::uint64_t weights = 29ull << 30; // 1 GiB per layer with the output head as one more
        QCOMPARE(defaultGpuLayers(config, weights, 64ull << 30, 4096), std::int64_t(28));
        QCOMPARE(defaultGpuLayers(config, weights, 512ull << 20, 4096), std::int64_t(0));
        // 10 GiB free: 768 MiB reserve, then 1 GiB + 8 MiB of cache per layer -> 9 layers.
        QCOMPARE(defaultGpuLayers(config, weights, 10ull << 30, 4096), std::int64_t(9));
    }

    // DeepSeek-V2-Lite at Q4_0 (8.9 GB, 7.9 GB of it routed experts) with 32k of latent cache
    // (27 layers × 576 values × 2 bytes = 31 KiB a token: 1 GiB): on 24 GB all of it on the GPU;
    // on 6 GB everything but the routed experts; on 2 GB not even that (layers split instead).
    void routedExpertsStayInRamWhenTheGpuIsSmall()
    {
        model::ModelConfig config;
        config.architecture = model::Architecture::DeepSeek2;
        config.layerCount = 27;
        config.mla.kvLoraRank = 512;
        config.mla.qkRopeHeadDim = 64;
        const std::uint64_t weights = 8900ull << 20, experts = 7900ull << 20;
        const std::int64_t context = 32768;
        QVERIFY(!defaultRoutedExpertsOnCpu(config, weights, experts, 24ull << 30, context));
        QVERIFY(defaultRoutedExpertsOnCpu(config, weights, experts, 6ull << 30, context));
        QVERIFY(!defaultRoutedExpertsOnCpu(config, weights, experts, 2ull << 30, context));
        QVERIFY(!defaultRoutedExpertsOnCpu(config, weights, 0, 6ull << 30, context)); // dense: nothing to keep back
        // The latent cache counts what the engine allocates: 1 GiB here, not the 8 GiB of full keys and values.
        QCOMPARE(defaultGpuLayers(config, weights - experts, (768ull << 20) + 27 * ((1000ull << 20) / 28 + (37ull << 20) + (1ull << 20)), context),
                 std::int64_t(27));
    }
};

QTEST_GUILESS_MAIN(TestInference)
#include "tst_inference.moc"
