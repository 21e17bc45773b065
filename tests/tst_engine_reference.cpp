// The inference engine against llama.cpp (node-llama-cpp, CPU, F32 KV cache): the same GGUF
// files, written by DeskSeek from random-weight models of several shapes (small ones, and
// DeepSeek-R1-Distill-Qwen-1.5B's full shape at Q8_0 and Q4_0), give the same logits and the
// same greedy tokens.

#include "fixtures/hfmodelfixture.h"

#include "engine/gguf/ggufconverter.h"
#include "engine/inference/inferencemodel.h"
#include "engine/model/modelfiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace deskseek::engine;

namespace {

constexpr int kSteps = 32;          // greedy tokens compared at F32
constexpr int kQuantizedSteps = 8;  // ... and for Q8_0 / Q4_0
constexpr int kFullSizeSteps = 16;  // ... for Q8_0 / Q4_0 at R1-Distill-Qwen-1.5B's size
const char *kPrompt = "DeskSeek runs DeepSeek models at home. 深度求索的模型在本地运行。 def f(x): return x * 2";

struct Reference
{
    std::vector<float> logits;
    std::vector<std::int32_t> greedy;
    std::vector<std::array<double, 4>> top2; // id, logit, id, logit at each step
};

Reference runLlamaCpp(const QString &gguf, const std::vector<std::int32_t> &prompt, int steps)
{
    QStringList ids;
    for (auto id : prompt)
        ids << QString::number(id);
    QProcess node;
    node.setWorkingDirectory(QString::fromUtf8(DESKSEEK_REFERENCE_DIR));
    node.start(QString::fromUtf8(DESKSEEK_NODE), {u"engine_check.mjs"_s, gguf, ids.join(u','), QString::number(steps)});
    Reference reference;
    if (!node.waitForFinished(300000) || node.exitCode() != 0) {
        qWarning() << "llama.cpp failed:" << node.readAllStandardError();
        return reference;
    }
    const QJsonObject report = QJsonDocument::fromJson(node.readAllStandardOutput()).object();
    for (const QJsonValue &value : report.value(u"logits"_s).toArray())
        reference.logits.push_back(static_cast<float>(value.toDouble()));
    for (const QJsonValue &value : report.value(u"greedy"_s).toArray())
        reference.greedy.push_back(value.toInt());
    for (const QJsonValue &value : report.value(u"top2"_s).toArray()) {
        const QJsonArray entry = value.toArray();
        reference.top2.push_back({entry[0].toDouble(), entry[1].toDouble(), entry[2].toDouble(), entry[3].toDouble()});
    }
    return reference;
}

std::vector<std::int32_t> greedy(inference::InferenceModel &model, const std::vector<std::int32_t> &prompt, int steps)
{
    inference::GenerationOptions options;
    options.sampling.temperature = 0.0f;
    options.maxTokens = steps;
    options.stopAtEos = false;
    auto stats = model.generate(prompt, options);
    return stats ? stats->tokens : std::vector<std::int32_t>{};
}

} // namespace

class TestEngineReference : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Converts the model in `folder` to a GGUF of `type` (named after `tag`), then compares our
    // logits after kPrompt and `steps` greedy tokens with llama.cpp's on that file.
    void compare(const QString &folder, const QString &tag, const QString &type, int steps)
    {
        auto files = model::ModelFiles::openFolder(folder.toStdString());
        QVERIFY(files.ok());
        const QString gguf = m_dir.filePath(tag + u".gguf"_s);
        const auto dtype = model::dtypeFromName(type.toStdString());
        QVERIFY(dtype);
        const auto written = gguf::convertToGguf(files.value(), gguf.toStdString(), *dtype);
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());

        inference::LoadOptions options;
        options.threads = 2;
        options.contextLength = 256;
        auto loaded = inference::InferenceModel::load(gguf.toStdString(), options);
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        inference::InferenceModel &ours = *loaded.value();
        const auto prompt = ours.tokenizer()->encode(kPrompt);
        QVERIFY(prompt.ok() && prompt->size() > 10);
        const bool exact = type == u"f32"_s;

        const Reference reference = runLlamaCpp(gguf, prompt.value(), steps);
        QCOMPARE(reference.logits.size(), static_cast<std::size_t>(files->config.vocabSize));
        QCOMPARE(static_cast<int>(reference.greedy.size()), steps);

        const auto logits = ours.logits(prompt.value());
        QVERIFY(logits.ok());
        QCOMPARE(logits->size(), reference.logits.size());
        const auto [low, high] = std::minmax_element(reference.logits.begin(), reference.logits.end());
        const double range = *high - *low;
        double maxDelta = 0.0;
        for (std::size_t i = 0; i < reference.logits.size(); ++i)
            maxDelta = std::max(maxDelta, std::fabs(static_cast<double>(logits.value()[i]) - reference.logits[i]));
        qInfo("%s: logits range %.4f, max |delta| %.3g (%.3g of the range)", qPrintable(tag), range, maxDelta,
              maxDelta / range);
        if (exact)
            QVERIFY2(maxDelta <= 1e-3 * range, qPrintable(u"max |delta| %1 > 1e-3 x range %2"_s.arg(maxDelta).arg(range)));

        const std::vector<std::int32_t> tokens = greedy(ours, prompt.value(), steps);
        QCOMPARE(static_cast<int>(tokens.size()), steps);
        if (exact) {
            QCOMPARE(tokens, reference.greedy);
            return;
        }
        // Q8_0 and Q4_0: both engines round every product's activations to 8 bits, so a last-bit
        // difference anywhere (a sum taken in another order) moves some values across a rounding
        // step, and on a deep random model those steps add up to logit differences far above the
        // last bit (the printed max |delta|; F32 agrees to 1e-7 of the range on the same
        // shapes). A greedy step is therefore excused where llama.cpp's top two logits are
        // within 1e-4 or within that measured disagreement; every excuse is printed.
        QVERIFY2(maxDelta <= 0.02 * range, qPrintable(u"max |delta| %1 > 2% of the range %2"_s.arg(maxDelta).arg(range)));
        const auto excused = [&](int step, std::int32_t ourToken, const char *how) {
            const auto &top = reference.top2[static_cast<std::size_t>(step)];
            const double gap = top[1] - top[3];
            if (gap > std::max(1e-4, maxDelta))
                return false;
            qInfo("%s: %s step %d diverges (ours %d, llama.cpp %d) where llama.cpp's top two logits are %.6g apart "
                  "(%s): excused",
                  qPrintable(tag), how, step, ourToken, reference.greedy[static_cast<std::size_t>(step)], gap,
                  gap <= 1e-4 ? "within 1e-4" : "within the measured max |delta|");
            return true;
        };
        int matched = 0;
        while (matched < steps && tokens[matched] == reference.greedy[matched])
            ++matched;
        if (matched == steps)
            qInfo("%s: all %d greedy tokens are llama.cpp's", qPrintable(tag), steps);
        else if (!excused(matched, tokens[matched], "free-running"))
            QFAIL(qPrintable(u"step %1: ours %2, llama.cpp %3"_s.arg(matched).arg(tokens[matched]).arg(reference.greedy[matched])));
        // Every step, also after an excused divergence: fed llama.cpp's tokens so far, our most
        // likely next token is llama.cpp's.
        std::vector<std::int32_t> context = prompt.value();
        for (int step = 0; step < steps; ++step) {
            const auto next = ours.logits(context);
            QVERIFY(next.ok());
            const auto best = static_cast<std::int32_t>(std::max_element(next->begin(), next->end()) - next->begin());
            if (best != reference.greedy[static_cast<std::size_t>(step)] && !excused(step, best, "teacher-forced"))
                QFAIL(qPrintable(u"fed llama.cpp's tokens, step %1: ours %2, llama.cpp %3"_s.arg(step).arg(best).arg(
                    reference.greedy[static_cast<std::size_t>(step)])));
            context.push_back(reference.greedy[static_cast<std::size_t>(step)]);
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void matchesLlamaCpp_data()
    {
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<int>("hidden");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("layers");
        QTest::addColumn<bool>("tie");
        QTest::addColumn<QString>("rope");
        QTest::addColumn<QString>("type");
        struct Shape
        {
            const char *name, *architecture, *tokenizer;
            int hidden, heads, kvHeads, headDim, layers;
            bool tie;
            const char *rope;
        };
        const Shape shapes[] = {
            // qwen2 with q/k/v biases, GQA 2, head dim 64
            {"qwen2-gqa2-hd64", "qwen2", "qwen3", 128, 2, 1, 0, 2, false, ""},
            // qwen3: q/k norms, head_dim != hidden / heads, GQA 7 and GQA 1 with head dim 128
            {"qwen3-gqa7-hd64", "qwen3", "qwen3", 128, 7, 1, 64, 3, false, ""},
            {"qwen3-gqa1-hd128", "qwen3", "qwen3", 128, 2, 2, 128, 2, false, ""},
            // llama: q/k rows permuted in GGUF, llama3 rope scaling, DeepSeek-V3 tokenizer, GQA 6
            {"llama-gqa6-hd64", "llama", "deepseek_v3", 384, 6, 1, 0, 4, true, "llama3"},
            {"llama-gqa1-hd128", "llama", "qwen3", 128, 1, 1, 0, 2, false, ""},
        };
        for (const Shape &shape : shapes)
            for (const char *type : {"f32", "f16", "bf16", "q8_0", "q4_0"})
                QTest::addRow("%s-%s", shape.name, type)
                    << QString::fromLatin1(shape.architecture) << QString::fromLatin1(shape.tokenizer) << shape.hidden
                    << shape.heads << shape.kvHeads << shape.headDim << shape.layers << shape.tie
                    << QString::fromLatin1(shape.rope) << QString::fromLatin1(type);
    }

    void matchesLlamaCpp()
    {
        QFETCH(QString, architecture);
        QFETCH(QString, tokenizer);
        QFETCH(int, hidden);
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, headDim);
        QFETCH(int, layers);
        QFETCH(bool, tie);
        QFETCH(QString, rope);
        QFETCH(QString, type);
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        const QString shapeName = tag.left(tag.lastIndexOf(u'-'));
        const QString folder = m_dir.filePath(shapeName);
        if (!QFileInfo::exists(folder + u"/config.json"_s)) {
            deskseek::tests::HfModelSpec spec;
            spec.architecture = architecture.toStdString();
            spec.tokenizer = tokenizer.toStdString();
            spec.hiddenSize = hidden;
            spec.intermediateSize = 2 * hidden;
            spec.headCount = heads;
            spec.kvHeadCount = kvHeads;
            spec.headDim = headDim;
            spec.layerCount = layers;
            spec.tieWordEmbeddings = tie;
            spec.ropeScaling = rope.toStdString();
            spec.seed = static_cast<std::uint32_t>(qHash(shapeName));
            deskseek::tests::writeHfModel(folder.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        }
        const bool exact = type == u"f32"_s;
        compare(folder, tag, type, exact ? kSteps : kQuantizedSteps);
    }

    void matchesLlamaCppAtFullSize_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("q8_0") << u"q8_0"_s;
        QTest::newRow("q4_0") << u"q4_0"_s;
    }

    // DeepSeek-R1-Distill-Qwen-1.5B's exact shape (qwen2, 1536 hidden, 28 layers, 12/2 heads, 8960
    // FFN, 151936 vocabulary; random weights): what the fast kernels meet in a real model, with
    // 16 greedy tokens compared. The weights follow GPT-2's initialisation for deep stacks
    // (HfModelSpec::outputStd): with N(0, 0.02) everywhere 28 layers are chaotic, and even two
    // kernel levels of this engine (the same products, summed in another order) differ by 0.11
    // in the logits; with it, by 0.03, as ours and llama.cpp's do.
    void matchesLlamaCppAtFullSize()
    {
        QFETCH(QString, type);
        const QString folder = m_dir.filePath(u"r1-distill-qwen-1.5b"_s);
        if (!QFileInfo::exists(folder + u"/config.json"_s)) {
            deskseek::tests::HfModelSpec spec;
            deskseek::tests::setR1DistillQwen15BShape(spec);
            spec.seed = 15;
            spec.embeddingStd = 1.0f;
            spec.outputStd = 0.02f / std::sqrt(2.0f * 28.0f);
            deskseek::tests::writeHfModel(folder.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        }
        compare(folder, u"r1-distill-qwen-1.5b-"_s + type, type, kFullSizeSteps);
    }

    // A Hugging Face folder (BF16 safetensors) runs like the BF16 GGUF converted from it.
    void folderMatchesGguf()
    {
        const QString folder = m_dir.filePath(u"qwen2-gqa2-hd64"_s);
        const QString gguf = m_dir.filePath(u"qwen2-gqa2-hd64-bf16.gguf"_s);
        if (!QFileInfo::exists(gguf))
            QSKIP("matchesLlamaCpp did not run first");
        inference::LoadOptions options;
        options.contextLength = 128;
        auto fromFolder = inference::InferenceModel::load(folder.toStdString(), options);
        auto fromGguf = inference::InferenceModel::load(gguf.toStdString(), options);
        QVERIFY(fromFolder.ok() && fromGguf.ok());
        const auto prompt = fromFolder.value()->tokenizer()->encode(kPrompt);
        QVERIFY(prompt.ok());
        const auto a = fromFolder.value()->logits(prompt.value());
        const auto b = fromGguf.value()->logits(prompt.value());
        QVERIFY(a.ok() && b.ok());
        double maxDelta = 0.0;
        for (std::size_t i = 0; i < a->size(); ++i)
            maxDelta = std::max(maxDelta, std::fabs(static_cast<double>(a.value()[i]) - b.value()[i]));
        QVERIFY2(maxDelta < 1e-5, qPrintable(QString::number(maxDelta)));
        QCOMPARE(greedy(*fromFolder.value(), prompt.value(), 16), greedy(*fromGguf.value(), prompt.value(), 16));
    }
};

QTEST_GUILESS_MAIN(TestEngineReference)
#include "tst_engine_reference.moc"
