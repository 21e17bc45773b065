// GGUF: metadata of every type, ggml's block formats, conversion of Hugging Face models of each
// architecture to each type and back (the same model description), byte-identical rewriting,
// and damaged files.

#include "fixtures/hfmodelfixture.h"

#include "engine/gguf/ggufconverter.h"
#include "engine/gguf/gguffile.h"
#include "engine/gguf/ggufwriter.h"
#include "engine/model/blockquant.h"
#include "engine/model/halffloat.h"
#include "engine/model/modelfiles.h"
#include "engine/model/tensorrows.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

using namespace Qt::StringLiterals;
using namespace deskseek::engine;
using namespace deskseek::engine::gguf;
using namespace deskseek::engine::model;

namespace {
using deskseek::tests::readFile;
using deskseek::tests::writeFile;

const char *message(const Error &error)
{
    return error.message.c_str();
}
} // namespace

class TestGguf : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::filesystem::path dir() const { return m_dir.path().toStdString(); }

    std::filesystem::path makeModel(const QString &name, deskseek::tests::HfModelSpec spec)
    {
        const std::filesystem::path folder = dir() / name.toStdString();
        if (!std::filesystem::exists(folder / "config.json"))
            deskseek::tests::writeHfModel(folder, spec, DESKSEEK_REFERENCE_DIR);
        return folder;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void halfFloatConversions()
    {
        // Every finite half converts to float and back unchanged.
        for (std::uint32_t h = 0; h < 0x10000; ++h) {
            if ((h & 0x7c00) == 0x7c00 && (h & 0x3ff))
                continue; // NaN
            QCOMPARE(floatToHalf(halfToFloat(static_cast<std::uint16_t>(h))), static_cast<std::uint16_t>(h));
        }
        // Round to nearest, ties to even: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10.
        QCOMPARE(floatToHalf(1.0f + std::ldexp(1.0f, -11)), std::uint16_t(0x3c00));
        QCOMPARE(floatToHalf(1.0f + 3 * std::ldexp(1.0f, -11)), std::uint16_t(0x3c02));
        QCOMPARE(floatToHalf(65504.0f), std::uint16_t(0x7bff));
        QCOMPARE(floatToHalf(65520.0f), std::uint16_t(0x7c00)); // rounds to infinity
        QCOMPARE(floatToHalf(std::ldexp(1.0f, -24)), std::uint16_t(0x0001)); // smallest subnormal
        QCOMPARE(floatToHalf(std::ldexp(1.0f, -25)), std::uint16_t(0x0000)); // tie to even: zero
        QCOMPARE(floatToHalf(-2.0f), std::uint16_t(0xc000));
        QCOMPARE(floatToBf16(1.0f), std::uint16_t(0x3f80));
        QCOMPARE(floatToBf16(bitsToFloat(0x3f808000u)), std::uint16_t(0x3f80)); // tie to even
        QCOMPARE(floatToBf16(bitsToFloat(0x3f818000u)), std::uint16_t(0x3f82));
        QCOMPARE(bf16ToFloat(0xc040), -3.0f);
        QCOMPARE(f8e4m3ToFloat(0x38), 1.0f);
        QCOMPARE(f8e4m3ToFloat(0x7e), 448.0f);
        QVERIFY(std::isnan(f8e4m3ToFloat(0x7f)));
    }

    void blockFormats()
    {
        // Q8_0: d = max|x| / 127, q = round(x / d).
        float x[32];
        for (int i = 0; i < 32; ++i)
            x[i] = static_cast<float>(i - 16) * 0.25f; // -4 .. 3.75
        std::uint8_t q8[34];
        quantizeRow(DType::Q8_0, x, 32, q8);
        std::uint16_t d;
        std::memcpy(&d, q8, 2);
        QCOMPARE(d, floatToHalf(4.0f / 127.0f));
        QCOMPARE(static_cast<std::int8_t>(q8[2]), std::int8_t(-127));     // -4
        QCOMPARE(static_cast<std::int8_t>(q8[2 + 16]), std::int8_t(0));   // 0
        QCOMPARE(static_cast<std::int8_t>(q8[2 + 31]), std::int8_t(119)); // round(3.75 * 127 / 4) = 119
        float back[32];
        dequantizeRow(DType::Q8_0, q8, 32, back);
        for (int i = 0; i < 32; ++i)
            QVERIFY(std::fabs(back[i] - x[i]) <= halfToFloat(d) * 0.5f + 1e-6f);

        // Q4_0: d = (value of largest magnitude) / -8; q = min(15, (int)(x / d + 8.5)); element j
        // in the low nibble of byte j, element j + 16 in the high nibble.
        std::uint8_t q4[18];
        quantizeRow(DType::Q4_0, x, 32, q4);
        std::memcpy(&d, q4, 2);
        QCOMPARE(d, floatToHalf(0.5f)); // -4 / -8
        QCOMPARE(q4[2] & 0x0f, 0);      // x[0] = -4 -> -8 + 8
        QCOMPARE(q4[2] >> 4, 8);        // x[16] = 0 -> 8
        QCOMPARE(q4[2 + 15] >> 4, 15);  // x[31] = 3.75 -> min(15, (int)(7.5 + 8.5))
        dequantizeRow(DType::Q4_0, q4, 32, back);
        QCOMPARE(back[0], -4.0f);
        QCOMPARE(back[16], 0.0f);
        QCOMPARE(back[31], 3.5f);
        QCOMPARE(back[1], -3.5f); // -3.75 -> (int)(7.5 - 7.5 ... ) rounds toward -3.5
        // All zeros: d = 0, everything dequantizes to zero.
        float zeros[32] = {};
        quantizeRow(DType::Q4_0, zeros, 32, q4);
        dequantizeRow(DType::Q4_0, q4, 32, back);
        for (float value : back)
            QCOMPARE(value, 0.0f);
        QCOMPARE(*byteSize(DType::Q4_0, 4096), std::uint64_t(4096 / 32 * 18));
        QCOMPARE(*byteSize(DType::Q8_0, 64), std::uint64_t(68));
        QVERIFY(!byteSize(DType::Q8_0, 33));
    }

    void metadataOfEveryType()
    {
        const std::filesystem::path file = dir() / "values.gguf";
        GgufWriter writer(file, 64);
        writer.addMetadata("u8", GgufValue::scalarOf(GgufType::Uint8, std::uint64_t{200}));
        writer.addMetadata("i8", GgufValue::scalarOf(GgufType::Int8, std::int64_t{-100}));
        writer.addMetadata("u16", GgufValue::scalarOf(GgufType::Uint16, std::uint64_t{60000}));
        writer.addMetadata("i16", GgufValue::scalarOf(GgufType::Int16, std::int64_t{-30000}));
        writer.addMetadata("u32", GgufValue::uint32(4000000000u));
        writer.addMetadata("i32", GgufValue::int32(-2000000000));
        writer.addMetadata("u64", GgufValue::uint64(1ull << 60));
        writer.addMetadata("i64", GgufValue::scalarOf(GgufType::Int64, std::int64_t{-(1ll << 60)}));
        writer.addMetadata("f32", GgufValue::float32(3.25f));
        writer.addMetadata("f64", GgufValue::scalarOf(GgufType::Float64, 1e-300));
        writer.addMetadata("bool", GgufValue::boolean(true));
        writer.addMetadata("string", GgufValue::string("深度求索 ✓"));
        writer.addMetadata("strings", GgufValue::stringArray({"a", "", "中文"}));
        writer.addMetadata("ints", GgufValue::int32Array({1, -2, 3}));
        GgufValue nested;
        nested.type = GgufType::Array;
        nested.elementType = GgufType::Array;
        nested.elements = {GgufValue::int32Array({1, 2}), GgufValue::int32Array({})};
        writer.addMetadata("nested", nested);
        const std::vector<float> values{1.0f, -2.0f, 3.5f};
        writer.addTensor("t", DType::F32, {3});
        QVERIFY(writer.begin().ok());
        QVERIFY(writer.writeTensorData(values.data(), 12).ok());
        QVERIFY(writer.finish().ok());
        QVERIFY(!std::filesystem::exists(dir() / "values.gguf.part"));

        const auto read = GgufFile::open(file);
        QVERIFY2(read.ok(), read.ok() ? "" : message(read.error()));
        QCOMPARE(read->version(), 3u);
        QCOMPARE(read->alignment(), std::uint64_t(64));
        QCOMPARE(read->metadata().size(), std::size_t(16)); // + general.alignment
        QCOMPARE(read->metadata().front().first, std::string("general.alignment"));
        QCOMPARE(*read->find("u8")->asUnsigned(), std::uint64_t(200));
        QCOMPARE(*read->find("i8")->asSigned(), std::int64_t(-100));
        QCOMPARE(*read->find("u32")->asUnsigned(), std::uint64_t(4000000000u));
        QCOMPARE(*read->find("i64")->asSigned(), -(1ll << 60));
        QCOMPARE(*read->find("f32")->asDouble(), 3.25);
        QCOMPARE(*read->find("f64")->asDouble(), 1e-300);
        QCOMPARE(*read->find("string")->asString(), std::string("深度求索 ✓"));
        QCOMPARE(read->find("strings")->elements.size(), std::size_t(3));
        QVERIFY(*read->find("nested") == nested);
        QCOMPARE(read->find("i16")->type, GgufType::Int16);
        QCOMPARE(read->tensors().size(), std::size_t(1));
        QCOMPARE(read->dataOffset() % 64, std::uint64_t(0));
        QCOMPARE(readAllFloats(read->tensors()[0]), values);

        // Read and written again: the same bytes.
        QVERIFY(rewriteGguf(read.value(), dir() / "values-again.gguf").ok());
        QVERIFY(readFile(file) == readFile(dir() / "values-again.gguf"));
    }

    void convertsAndReadsBack_data()
    {
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("rope");
        for (const QString &type : {u"f32"_s, u"f16"_s, u"bf16"_s, u"q8_0"_s, u"q4_0"_s}) {
            QTest::addRow("qwen2-%s", qPrintable(type)) << u"qwen2"_s << u"qwen3"_s << type << QString();
            QTest::addRow("qwen3-%s", qPrintable(type)) << u"qwen3"_s << u"qwen3"_s << type << u"yarn"_s;
            QTest::addRow("llama-%s", qPrintable(type)) << u"llama"_s << u"deepseek_v3"_s << type << u"llama3"_s;
        }
    }

    void convertsAndReadsBack()
    {
        QFETCH(QString, architecture);
        QFETCH(QString, tokenizer);
        QFETCH(QString, type);
        QFETCH(QString, rope);
        deskseek::tests::HfModelSpec spec;
        spec.architecture = architecture.toStdString();
        spec.tokenizer = tokenizer.toStdString();
        spec.ropeScaling = rope.toStdString();
        spec.hiddenSize = 64;
        spec.headDim = architecture == u"qwen3"_s ? 32 : 0; // qwen3: head_dim != hidden / heads
        spec.shards = architecture == u"llama"_s ? 3 : 1;
        spec.tieWordEmbeddings = architecture == u"qwen3"_s;
        const auto folder = makeModel(architecture, spec);

        const auto hf = ModelFiles::openFolder(folder);
        QVERIFY2(hf.ok(), hf.ok() ? "" : message(hf.error()));
        const DType dtype = *dtypeFromName(type.toStdString());
        const std::filesystem::path out = dir() / (architecture + u"-"_s + type + u".gguf"_s).toStdString();
        int calls = 0;
        const auto summary = convertToGguf(hf.value(), out, dtype, [&](const ConvertProgress &) {
            ++calls;
            return true;
        });
        QVERIFY2(summary.ok(), summary.ok() ? "" : message(summary.error()));
        QVERIFY(calls > static_cast<int>(hf->tensors.size()));
        QCOMPARE(summary->outputBytes, std::uint64_t(std::filesystem::file_size(out)));
        QCOMPARE(summary->inputBytes, std::uint64_t([&] {
                     std::uint64_t total = 0;
                     for (const auto &t : hf->tensors) total += t.bytes;
                     return total;
                 }()));

        const auto gguf = ModelFiles::openGguf(out);
        QVERIFY2(gguf.ok(), gguf.ok() ? "" : message(gguf.error()));
        // The same description: configuration, sampling defaults, tokenizer, chat template.
        QVERIFY(gguf->config == hf->config);
        QVERIFY(gguf->generation == hf->generation);
        QVERIFY(gguf->tokenizerConfig == hf->tokenizerConfig);
        QVERIFY(gguf->vocabulary == hf->vocabulary);
        QCOMPARE(gguf->name, hf->name);
        QCOMPARE(gguf->tensors.size(), hf->tensors.size());
        for (std::size_t i = 0; i < hf->tensors.size(); ++i) {
            const TensorData &source = hf->tensors[i];
            const TensorData &stored = gguf->tensors[i];
            QCOMPARE(stored.name, source.name);
            QVERIFY(stored.shape == source.shape);
            QCOMPARE(stored.dtype, storedType(source, dtype));
            // Values: exactly what quantizing the source row by row gives (F32 and same-type
            // tensors are exact copies), in Hugging Face row order.
            const std::vector<float> original = readAllFloats(source);
            const std::vector<float> back = readAllFloats(stored);
            const std::int64_t length = source.rowLength();
            std::vector<std::uint8_t> block(*byteSize(stored.dtype, static_cast<std::uint64_t>(length)));
            std::vector<float> expected(static_cast<std::size_t>(length));
            for (std::int64_t offset = 0; offset < source.elementCount(); offset += length) {
                quantizeRow(stored.dtype, original.data() + offset, length, block.data());
                dequantizeRow(stored.dtype, block.data(), length, expected.data());
                if (std::memcmp(expected.data(), back.data() + offset, length * sizeof(float)) != 0)
                    QFAIL(qPrintable(u"tensor %1 differs at element %2"_s.arg(QString::fromStdString(source.name)).arg(offset)));
            }
        }
        // llama: q/k rows are stored in llama.cpp's rotary order.
        if (architecture == u"llama"_s) {
            const GgufFile file = GgufFile::open(out).value();
            QVERIFY(file.findTensor("rope_freqs.weight"));
            const TensorData *q = file.findTensor("blk.0.attn_q.weight");
            QCOMPARE(gguf->findTensor("model.layers.0.self_attn.q_proj.weight")->ropePermutedHeads, std::int64_t(4));
            TensorData raw = *q;
            raw.ropePermutedHeads = 0;
            std::vector<float> fileRow1(64), hfRow8(64);
            readRows(raw, 1, 1, fileRow1.data()); // file row 1 = head 0, pair 0, second half
            readRows(*hf->findTensor("model.layers.0.self_attn.q_proj.weight"), 8, 1, hfRow8.data());
            // 16 rows per head: file row 1 holds Hugging Face row 8 (quantized alike).
            std::vector<std::uint8_t> tmp(*byteSize(raw.dtype, 64));
            quantizeRow(raw.dtype, hfRow8.data(), 64, tmp.data());
            dequantizeRow(raw.dtype, tmp.data(), 64, hfRow8.data());
            QVERIFY(fileRow1 == hfRow8);
        }
        // Read and written again: byte for byte the same file.
        const auto file = GgufFile::open(out);
        QVERIFY(file.ok());
        const std::filesystem::path again = dir() / "again.gguf";
        QVERIFY(rewriteGguf(file.value(), again).ok());
        QVERIFY(readFile(out) == readFile(again));
        // GGUF to GGUF works too (requantizing from a quantized file).
        const std::filesystem::path requantized = dir() / "requantized.gguf";
        const auto second = convertToGguf(gguf.value(), requantized, DType::F32);
        QVERIFY2(second.ok(), second.ok() ? "" : message(second.error()));
        QVERIFY(ModelFiles::openGguf(requantized)->config == hf->config);
    }

    void cancelLeavesNothing()
    {
        deskseek::tests::HfModelSpec spec;
        const auto folder = makeModel(u"qwen2"_s, spec);
        const auto hf = ModelFiles::openFolder(folder);
        QVERIFY(hf.ok());
        const std::filesystem::path out = dir() / "cancelled.gguf";
        int calls = 0;
        const auto result = convertToGguf(hf.value(), out, DType::Q8_0, [&](const ConvertProgress &) { return ++calls < 5; });
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QVERIFY(!std::filesystem::exists(out));
        QVERIFY(!std::filesystem::exists(dir() / "cancelled.gguf.part"));
    }

    void damagedFilesGiveErrors()
    {
        // A small but complete model file: every prefix and many bit flips must be refused or
        // read without crashing (ASan/UBSan builds check the "without crashing").
        deskseek::tests::HfModelSpec spec;
        spec.vocabSize = 151669; // no padding
        spec.layerCount = 1;
        const auto folder = makeModel(u"damage-source"_s, spec);
        const auto hf = ModelFiles::openFolder(folder);
        QVERIFY(hf.ok());
        const std::filesystem::path good = dir() / "good.gguf";
        QVERIFY(convertToGguf(hf.value(), good, DType::Q4_0).ok());
        const std::string bytes = readFile(good);
        const std::filesystem::path bad = dir() / "bad.gguf";

        int truncatedErrors = 0;
        std::mt19937 random(3);
        std::vector<std::size_t> cuts{0, 1, 3, 4, 8, 15, 23, 24, 30, 100, 1000, bytes.size() / 2, bytes.size() - 1};
        for (int i = 0; i < 40; ++i)
            cuts.push_back(random() % bytes.size());
        for (std::size_t cut : cuts) {
            writeFile(bad, bytes.substr(0, cut));
            const auto result = ModelFiles::openGguf(bad);
            QVERIFY2(!result.ok(), qPrintable(QString::number(cut)));
            QVERIFY(!result.error().message.empty());
            truncatedErrors += result.error().code == ErrorCode::Truncated;
        }
        QVERIFY(truncatedErrors > 20);

        // Bit flips in the header region (metadata and tensor infos).
        const std::size_t header = GgufFile::open(good)->dataOffset();
        int refused = 0;
        for (int i = 0; i < 300; ++i) {
            std::string flipped = bytes;
            const std::size_t position = i < 64 ? static_cast<std::size_t>(i) : random() % header;
            flipped[position] = static_cast<char>(flipped[position] ^ (1 << (random() % 8)));
            writeFile(bad, flipped);
            const auto result = ModelFiles::openGguf(bad);
            refused += !result.ok();
        }
        QVERIFY2(refused > 30, qPrintable(QString::number(refused)));

        const auto notGguf = ModelFiles::openGguf(folder / "config.json");
        QVERIFY(!notGguf.ok());
        QVERIFY(notGguf.error().message.find("not a GGUF file") != std::string::npos);
        const auto missing = ModelFiles::openGguf(dir() / "missing.gguf");
        QCOMPARE(missing.error().code, ErrorCode::Io);
    }
};

QTEST_GUILESS_MAIN(TestGguf)
#include "tst_gguf.moc"
