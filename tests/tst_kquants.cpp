// The block types community GGUF files use (Q4_1, Q5_0, Q5_1, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K,
// IQ4_XS): dequantized against references written here from the formats' definitions
// (ggml-common.h's layouts, walked block by block as the definitions describe them); quantized
// and read back within each type's error bound; multiplied by the reference product and by
// every kernel level; and damaged files refused with errors that say what is wrong.

#include "engine/gguf/ggufconverter.h"
#include "engine/gguf/gguffile.h"
#include "engine/gguf/ggufwriter.h"
#include "engine/gguf/quantscheme.h"
#include "engine/inference/activationquant.h"
#include "engine/inference/panelweights.h"
#include "engine/inference/quantkernels.h"
#include "engine/inference/rowdot.h"
#include "engine/model/blockquant.h"
#include "engine/model/halffloat.h"
#include "engine/model/kquants.h"
#include "engine/model/modelfiles.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

using namespace Qt::StringLiterals;
using namespace deskseek::engine;
using model::DType;

namespace {

float half(const std::uint8_t *p)
{
    std::uint16_t bits;
    std::memcpy(&bits, p, 2);
    return model::halfToFloat(bits);
}

// ---- References, one block at a time, from the definitions ----

// Q4_1: d, m, qs[16]; x[j] = (qs[j] & 15) d + m, x[j + 16] = (qs[j] >> 4) d + m.
// Q5_0: d, qh (32 bits), qs[16]; the fifth bit of value j is bit j of qh, of value j + 16 bit
// j + 16; x = (q - 16) d. Q5_1: d, m, qh, qs; x = q d + m.
void referenceLegacy(DType type, const std::uint8_t *block, float *y)
{
    const bool hasMin = type != DType::Q5_0;
    const bool hasHigh = type != DType::Q4_1;
    const float d = half(block);
    const float m = hasMin ? half(block + 2) : 0.0f;
    const std::uint8_t *p = block + (hasMin ? 4 : 2);
    std::uint32_t qh = 0;
    if (hasHigh) {
        qh = static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8
             | static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
        p += 4;
    }
    for (int j = 0; j < 16; ++j) {
        int lo = p[j] & 15, hi = p[j] >> 4;
        if (hasHigh) {
            lo += ((qh >> j) & 1) * 16;
            hi += ((qh >> (j + 16)) & 1) * 16;
        }
        y[j] = type == DType::Q5_0 ? (lo - 16) * d : lo * d + m;
        y[j + 16] = type == DType::Q5_0 ? (hi - 16) * d : hi * d + m;
    }
}

// Q2_K: scales[16], qs[64], d, dmin. Two halves of 128 values use 32 bytes of qs each; within a
// half, four passes take bit pairs 0-1, 2-3, 4-5, 6-7 of those bytes: 16 values from bytes 0-15
// (the next scale), 16 from bytes 16-31 (the next). A scale byte: low nibble the scale, high
// nibble the min: x = d (sc & 15) q − dmin (sc >> 4).
void referenceQ2_K(const std::uint8_t *b, float *y)
{
    const std::uint8_t *scales = b, *q = b + 16;
    const float d = half(b + 80), dmin = half(b + 82);
    int is = 0;
    for (int h = 0; h < 2; ++h, q += 32)
        for (int shift = 0; shift < 8; shift += 2)
            for (int part = 0; part < 2; ++part) {
                const std::uint8_t sc = scales[is++];
                for (int l = 0; l < 16; ++l)
                    *y++ = d * (sc & 15) * ((q[16 * part + l] >> shift) & 3) - dmin * (sc >> 4);
            }
}

// Q3_K: hmask[32], qs[64], scales[12], d. The value order is Q2_K's; the high bit of each value
// comes from hmask, one bit per pass (bit 0 for the first pass of the first half ... bit 7 for
// the last of the second); a clear high bit takes 4 off. The 16 scales are 6 bits: their low
// nibbles are bytes 0-7 of scales (low nibbles for scales 0-7, high for 8-15) and their high
// bit pairs bytes 8-11 (scale i: bits 2(i/4) of byte 8 + i % 4); the scale is that − 32.
void referenceQ3_K(const std::uint8_t *b, float *y)
{
    const std::uint8_t *hm = b, *q = b + 32, *packed = b + 96;
    const float d = half(b + 108);
    int scales[16];
    for (int i = 0; i < 16; ++i) {
        const int low = i < 8 ? packed[i] & 15 : packed[i - 8] >> 4;
        const int high = (packed[8 + i % 4] >> (2 * (i / 4))) & 3;
        scales[i] = (low | high << 4) - 32;
    }
    int is = 0;
    std::uint8_t bit = 1;
    for (int h = 0; h < 2; ++h, q += 32)
        for (int shift = 0; shift < 8; shift += 2, bit = static_cast<std::uint8_t>(bit << 1))
            for (int part = 0; part < 2; ++part) {
                const float dl = d * scales[is++];
                for (int l = 0; l < 16; ++l) {
                    const int index = 16 * part + l;
                    *y++ = dl * (((q[index] >> shift) & 3) - ((hm[index] & bit) ? 0 : 4));
                }
            }
}

// Q4_K / Q5_K's 12 bytes of scales: scales 0-3 and mins 0-3 are the low 6 bits of bytes 0-3 and
// 4-7; scales and mins 4-7 take their low nibbles from bytes 8-11 (low: scale, high: min) and
// their top two bits from bits 6-7 of bytes 0-3 (scales) and 4-7 (mins).
void scaleMin(int j, const std::uint8_t *q, int &scale, int &min)
{
    if (j < 4) {
        scale = q[j] & 63;
        min = q[j + 4] & 63;
    } else {
        scale = (q[j + 4] & 15) | ((q[j - 4] >> 6) << 4);
        min = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

// Q4_K: d, dmin, scales[12], qs[128]; 4 chunks of 64 values, each 32 bytes: low nibbles the first
// 32 (scale 2c), high nibbles the next 32 (scale 2c + 1); x = d sc q − dmin m. Q5_K: qh[32]
// after the scales; value l of chunk c's low half has its fifth bit at bit 2c of qh[l], of the
// high half at bit 2c + 1.
void referenceQ45_K(bool five, const std::uint8_t *b, float *y)
{
    const float d = half(b), dmin = half(b + 2);
    const std::uint8_t *scales = b + 4, *qh = b + 16, *q = b + (five ? 48 : 16);
    for (int c = 0; c < 4; ++c, q += 32) {
        int sc1, m1, sc2, m2;
        scaleMin(2 * c, scales, sc1, m1);
        scaleMin(2 * c + 1, scales, sc2, m2);
        for (int l = 0; l < 32; ++l)
            *y++ = d * sc1 * ((q[l] & 15) + (five && (qh[l] >> (2 * c) & 1) ? 16 : 0)) - dmin * m1;
        for (int l = 0; l < 32; ++l)
            *y++ = d * sc2 * ((q[l] >> 4) + (five && (qh[l] >> (2 * c + 1) & 1) ? 16 : 0)) - dmin * m2;
    }
}

// Q6_K: ql[128], qh[64], scales[16] (int8), d. Two halves of 128 values use 64 bytes of ql and 32
// of qh; value l (< 32) of each quarter k: the low nibble of ql[l] (k 0), ql[l + 32] (k 1), the
// high nibble of ql[l] (k 2), ql[l + 32] (k 3), and bits 2k of qh[l]; x = d sc (q − 32), scale
// index 8h + l / 16 + 2k.
void referenceQ6_K(const std::uint8_t *b, float *y)
{
    const std::uint8_t *ql = b, *qh = b + 128;
    const auto *sc = reinterpret_cast<const std::int8_t *>(b + 192);
    const float d = half(b + 208);
    for (int h = 0; h < 2; ++h, ql += 64, qh += 32, sc += 8, y += 128)
        for (int l = 0; l < 32; ++l) {
            const int is = l / 16;
            const int q1 = ((ql[l] & 15) | ((qh[l] & 3) << 4)) - 32;
            const int q2 = ((ql[l + 32] & 15) | (((qh[l] >> 2) & 3) << 4)) - 32;
            const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
            const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
            y[l] = d * sc[is] * q1;
            y[l + 32] = d * sc[is + 2] * q2;
            y[l + 64] = d * sc[is + 4] * q3;
            y[l + 96] = d * sc[is + 6] * q4;
        }
}

// IQ4_XS: d, scales_h (16 bits), scales_l[4], qs[128]; 8 sub-blocks of 32 with a 6-bit scale (low
// nibble from scales_l, byte ib / 2, nibble ib % 2; top bits 2ib of scales_h) − 32; qs in 16-byte
// runs: the low nibbles are values 0-15, the high ones 16-31, each an index into the grid.
void referenceIq4Xs(const std::uint8_t *b, float *y)
{
    static const int grid[16] = {-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113};
    const float d = half(b);
    const int scalesHigh = b[2] | b[3] << 8;
    const std::uint8_t *q = b + 8;
    for (int ib = 0; ib < 8; ++ib, q += 16, y += 32) {
        const int ls = ((b[4 + ib / 2] >> (4 * (ib % 2))) & 15) | (((scalesHigh >> (2 * ib)) & 3) << 4);
        const float dl = d * (ls - 32);
        for (int j = 0; j < 16; ++j) {
            y[j] = dl * grid[q[j] & 15];
            y[j + 16] = dl * grid[q[j] >> 4];
        }
    }
}

void referenceDequantize(DType type, const std::uint8_t *src, std::int64_t count, float *y)
{
    const int size = model::blockSize(type);
    const int bytes = model::blockBytes(type);
    for (std::int64_t i = 0; i < count / size; ++i, src += bytes, y += size) {
        switch (type) {
        case DType::Q4_1:
        case DType::Q5_0:
        case DType::Q5_1: referenceLegacy(type, src, y); break;
        case DType::Q2_K: referenceQ2_K(src, y); break;
        case DType::Q3_K: referenceQ3_K(src, y); break;
        case DType::Q4_K: referenceQ45_K(false, src, y); break;
        case DType::Q5_K: referenceQ45_K(true, src, y); break;
        case DType::Q6_K: referenceQ6_K(src, y); break;
        case DType::IQ4_XS: referenceIq4Xs(src, y); break;
        default: QFAIL("no reference for this type");
        }
    }
}

// Where each type keeps its fp16 scales (byte offsets within a block): random bytes there are
// replaced by modest finite scales, the rest left random (every bit pattern is a valid block).
std::vector<int> halfOffsets(DType type)
{
    switch (type) {
    case DType::Q4_1: return {0, 2};
    case DType::Q5_0: return {0};
    case DType::Q5_1: return {0, 2};
    case DType::Q2_K: return {80, 82};
    case DType::Q3_K: return {108};
    case DType::Q4_K:
    case DType::Q5_K: return {0, 2};
    case DType::Q6_K: return {208};
    case DType::IQ4_XS: return {0};
    default: return {};
    }
}

std::vector<std::uint8_t> randomBlocks(DType type, std::int64_t count, std::mt19937 &random)
{
    std::vector<std::uint8_t> bytes(*model::byteSize(type, static_cast<std::uint64_t>(count)));
    for (auto &byte : bytes)
        byte = static_cast<std::uint8_t>(random());
    std::uniform_real_distribution<float> scale(-0.05f, 0.05f);
    for (std::size_t block = 0; block < bytes.size(); block += static_cast<std::size_t>(model::blockBytes(type)))
        for (int offset : halfOffsets(type)) {
            const std::uint16_t h = model::floatToHalf(scale(random));
            std::memcpy(bytes.data() + block + offset, &h, 2);
        }
    return bytes;
}

std::vector<float> gaussian(std::int64_t count, std::mt19937 &random, float std = 1.0f)
{
    std::normal_distribution<float> normal(0.0f, std);
    std::vector<float> values(static_cast<std::size_t>(count));
    for (float &v : values)
        v = normal(random);
    return values;
}

double relativeRmse(const std::vector<float> &a, const std::vector<float> &b)
{
    double error = 0, norm = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        error += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
        norm += static_cast<double>(a[i]) * a[i];
    }
    return std::sqrt(error / norm);
}

const DType kNewTypes[] = {DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q2_K,  DType::Q3_K,
                           DType::Q4_K, DType::Q5_K, DType::Q6_K, DType::IQ4_XS};

} // namespace

class TestKQuants : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void typeFacts()
    {
        // ggml's type ids and block sizes, and names both ways.
        const struct { DType type; const char *name; int id, values, bytes; } facts[] = {
            {DType::Q4_1, "Q4_1", 3, 32, 20},    {DType::Q5_0, "Q5_0", 6, 32, 22},
            {DType::Q5_1, "Q5_1", 7, 32, 24},    {DType::Q2_K, "Q2_K", 10, 256, 84},
            {DType::Q3_K, "Q3_K", 11, 256, 110}, {DType::Q4_K, "Q4_K", 12, 256, 144},
            {DType::Q5_K, "Q5_K", 13, 256, 176}, {DType::Q6_K, "Q6_K", 14, 256, 210},
            {DType::IQ4_XS, "IQ4_XS", 23, 256, 136},
        };
        for (const auto &f : facts) {
            QCOMPARE(model::dtypeName(f.type), std::string_view(f.name));
            QCOMPARE(*model::ggmlTypeId(f.type), static_cast<std::uint32_t>(f.id));
            QCOMPARE(*model::dtypeFromGgmlTypeId(static_cast<std::uint32_t>(f.id)), f.type);
            QCOMPARE(model::blockSize(f.type), f.values);
            QCOMPARE(model::blockBytes(f.type), f.bytes);
            QCOMPARE(*model::dtypeFromName(QByteArray(f.name).toLower().toStdString()), f.type);
        }
        QVERIFY(!model::byteSize(DType::Q4_K, 1000)); // not whole super-blocks
        QCOMPARE(*model::byteSize(DType::Q6_K, 8960), std::uint64_t{35 * 210});
    }

    void dequantizeMatchesDefinition_data()
    {
        QTest::addColumn<int>("type");
        for (DType type : kNewTypes)
            QTest::newRow(std::string(model::dtypeName(type)).c_str()) << static_cast<int>(type);
    }

    void dequantizeMatchesDefinition()
    {
        QFETCH(int, type);
        const auto dtype = static_cast<DType>(type);
        std::mt19937 random(7 + type);
        constexpr std::int64_t count = 256 * 64;
        const auto bytes = randomBlocks(dtype, count, random);
        std::vector<float> ours(count), reference(count);
        model::dequantizeRow(dtype, bytes.data(), count, ours.data());
        referenceDequantize(dtype, bytes.data(), count, reference.data());
        int nonZero = 0;
        for (std::int64_t i = 0; i < count; ++i) {
            if (ours[i] != reference[i])
                QFAIL(qPrintable(u"value %1: ours %2, the definition's %3"_s.arg(i).arg(ours[i]).arg(reference[i])));
            nonZero += reference[i] != 0.0f;
        }
        QVERIFY2(nonZero > count / 2, "random blocks should give mostly non-zero values");
    }

    void quantizeRoundTrip_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("bound"); // relative RMS error of Gaussian weights
        // Bounds a little above what each type's bits allow (measured here: see the printed
        // figures); a K-quant is better than the plain type of the same bits.
        QTest::newRow("Q8_0") << static_cast<int>(DType::Q8_0) << 0.007;
        QTest::newRow("Q4_0") << static_cast<int>(DType::Q4_0) << 0.13;
        QTest::newRow("Q4_1") << static_cast<int>(DType::Q4_1) << 0.12;
        QTest::newRow("Q5_0") << static_cast<int>(DType::Q5_0) << 0.065;
        QTest::newRow("Q5_1") << static_cast<int>(DType::Q5_1) << 0.06;
        QTest::newRow("Q2_K") << static_cast<int>(DType::Q2_K) << 0.40;
        QTest::newRow("Q3_K") << static_cast<int>(DType::Q3_K) << 0.22;
        QTest::newRow("Q4_K") << static_cast<int>(DType::Q4_K) << 0.10;
        QTest::newRow("Q5_K") << static_cast<int>(DType::Q5_K) << 0.05;
        QTest::newRow("Q6_K") << static_cast<int>(DType::Q6_K) << 0.025;
        QTest::newRow("IQ4_XS") << static_cast<int>(DType::IQ4_XS) << 0.10;
    }

    void quantizeRoundTrip()
    {
        QFETCH(int, type);
        QFETCH(double, bound);
        const auto dtype = static_cast<DType>(type);
        std::mt19937 random(11);
        constexpr std::int64_t count = 256 * 512;
        std::vector<float> x = gaussian(count, random, 0.02f);
        // A few outliers, as real weight matrices have.
        for (std::int64_t i = 0; i < count; i += 997)
            x[static_cast<std::size_t>(i)] *= 8.0f;
        std::vector<std::uint8_t> bytes(*model::byteSize(dtype, count));
        model::quantizeRow(dtype, x.data(), count, bytes.data());
        std::vector<float> back(count);
        model::dequantizeRow(dtype, bytes.data(), count, back.data());
        const double error = relativeRmse(x, back);
        qInfo("%s: relative RMS error %.4f (bound %.3f)", model::dtypeName(dtype).data(), error, bound);
        QVERIFY2(error <= bound, qPrintable(QString::number(error)));
        QVERIFY(error > 0.0);

        // Zeros stay zeros, and a constant row stays near its value.
        std::vector<float> zeros(256 * 2, 0.0f), out(zeros.size(), 1.0f);
        std::vector<std::uint8_t> zbytes(*model::byteSize(dtype, zeros.size()));
        model::quantizeRow(dtype, zeros.data(), static_cast<std::int64_t>(zeros.size()), zbytes.data());
        model::dequantizeRow(dtype, zbytes.data(), static_cast<std::int64_t>(zeros.size()), out.data());
        for (float v : out)
            QCOMPARE(v, 0.0f);
    }

    void kQuantsBeatPlainTypes()
    {
        // The same bits per weight or fewer, a smaller error: the point of the K-quants.
        std::mt19937 random(5);
        const std::vector<float> x = gaussian(256 * 256, random, 0.02f);
        const auto error = [&](DType type) {
            std::vector<std::uint8_t> bytes(*model::byteSize(type, x.size()));
            model::quantizeRow(type, x.data(), static_cast<std::int64_t>(x.size()), bytes.data());
            std::vector<float> back(x.size());
            model::dequantizeRow(type, bytes.data(), static_cast<std::int64_t>(x.size()), back.data());
            return relativeRmse(x, back);
        };
        QVERIFY(error(DType::Q4_K) < error(DType::Q4_0)); // 4.5 bits each
        QVERIFY(error(DType::Q5_K) < error(DType::Q5_0)); // 5.5 bits each
        QVERIFY(error(DType::Q2_K) > error(DType::Q3_K));
        QVERIFY(error(DType::Q3_K) > error(DType::Q4_K));
        QVERIFY(error(DType::Q4_K) > error(DType::Q5_K));
        QVERIFY(error(DType::Q5_K) > error(DType::Q6_K));
        QVERIFY(error(DType::Q6_K) > error(DType::Q8_0));
    }

    void referenceProduct_data()
    {
        QTest::addColumn<int>("type");
        for (DType type : kNewTypes)
            QTest::newRow(std::string(model::dtypeName(type)).c_str()) << static_cast<int>(type);
    }

    // dotRow (the packed path's product) against the dequantized row dotted in double precision.
    void referenceProduct()
    {
        QFETCH(int, type);
        const auto dtype = static_cast<DType>(type);
        std::mt19937 random(3);
        for (std::int64_t width : {256, 1536, 8960}) {
            const auto bytes = randomBlocks(dtype, width, random);
            const std::vector<float> x = gaussian(width, random);
            std::vector<float> w(static_cast<std::size_t>(width));
            referenceDequantize(dtype, bytes.data(), width, w.data());
            double exact = 0, magnitude = 0;
            for (std::int64_t i = 0; i < width; ++i) {
                exact += static_cast<double>(w[i]) * x[i];
                magnitude += std::fabs(static_cast<double>(w[i]) * x[i]);
            }
            const float ours = inference::dotRow(dtype, reinterpret_cast<const std::byte *>(bytes.data()), x.data(), width);
            QVERIFY2(std::fabs(ours - exact) <= 1e-5 * magnitude,
                     qPrintable(u"width %1: %2 vs %3"_s.arg(width).arg(ours).arg(exact)));
        }
    }

    void panelKernels_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("width");
        for (DType type : {DType::Q4_K, DType::Q5_K, DType::Q6_K})
            for (int width : {256, 1536, 8960})
                QTest::addRow("%s-%d", model::dtypeName(type).data(), width) << static_cast<int>(type) << width;
    }

    // Every kernel level against the reference product: the dequantized weights times the Q8_K
    // activations, in double precision. 40 rows (two full panels and a padded one), 1-8 tokens.
    void panelKernels()
    {
        QFETCH(int, type);
        QFETCH(int, width);
        const auto dtype = static_cast<DType>(type);
        constexpr std::int64_t rows = 40;
        std::mt19937 random(static_cast<unsigned>(type * 7 + width));
        const std::uint64_t rowBytes = *model::byteSize(dtype, static_cast<std::uint64_t>(width));
        std::vector<std::uint8_t> stored(rows * rowBytes);
        std::vector<float> weights(static_cast<std::size_t>(rows * width));
        for (std::int64_t r = 0; r < rows; ++r) {
            std::vector<float> row = gaussian(width, random, 0.02f);
            model::quantizeRow(dtype, row.data(), width, stored.data() + r * rowBytes);
            model::dequantizeRow(dtype, stored.data() + r * rowBytes, width, weights.data() + r * width);
        }
        const inference::PanelWeights panels(dtype, rows, width, [&](std::int64_t r) {
            return reinterpret_cast<const std::byte *>(stored.data() + r * rowBytes);
        });
        QCOMPARE(panels.bytes(), 48 * rowBytes); // the file's size, padded to whole panels
        std::vector<std::byte> back(rowBytes);
        for (std::int64_t r : {0, 17, 39}) {
            panels.storedRow(r, back.data());
            QVERIFY(std::memcmp(back.data(), stored.data() + r * rowBytes, rowBytes) == 0);
        }
        constexpr int tokens = 8;
        const std::vector<float> x = gaussian(tokens * width, random);
        const inference::QuantizedTokens quantized(x.data(), tokens, width, dtype);
        std::vector<float> rounded(x.size());
        inference::roundActivationsQ8_K(x.data(), tokens * width, rounded.data());

        for (auto level : {inference::KernelLevel::Scalar, inference::KernelLevel::Avx2, inference::KernelLevel::Avx512Vnni}) {
            const inference::PanelKernel kernel = inference::panelKernel(dtype, level);
            if (!kernel) {
                QVERIFY(!inference::kernelLevelSupported(level));
                qInfo("%s: not on this CPU", inference::kernelLevelName(level));
                continue;
            }
            double worst = 0.0;
            for (int count = 1; count <= tokens; ++count)
                for (std::int64_t p = 0; p < panels.panels(); ++p) {
                    float out[inference::kMaxTileTokens * inference::kPanelRows];
                    const int first = tokens - count;
                    kernel(panels.panel(p), panels.blocks(), quantized.view(), first, count, out);
                    for (int t = 0; t < count; ++t)
                        for (int r = 0; r < 16 && p * 16 + r < rows; ++r) {
                            const float *w = weights.data() + (p * 16 + r) * width;
                            const float *xs = rounded.data() + (first + t) * width;
                            double exact = 0, magnitude = 0;
                            for (int i = 0; i < width; ++i) {
                                exact += static_cast<double>(w[i]) * xs[i];
                                magnitude += std::fabs(static_cast<double>(w[i]) * xs[i]);
                            }
                            const double error = std::fabs(out[t * 16 + r] - exact) / magnitude;
                            worst = std::max(worst, error);
                            if (error > 1e-6)
                                QFAIL(qPrintable(u"%1, %2 tokens, row %3, token %4: %5 vs %6"_s
                                                     .arg(QString::fromLatin1(inference::kernelLevelName(level)))
                                                     .arg(count).arg(p * 16 + r).arg(first + t).arg(out[t * 16 + r]).arg(exact)));
                        }
                }
            qInfo("%s: worst error %.2g of the products' magnitude", inference::kernelLevelName(level), worst);
        }
    }

    void schemesGiveLlamaCppsMix()
    {
        const auto q4km = gguf::quantSchemeFromName("q4_k_m");
        QVERIFY(q4km);
        QCOMPARE(q4km->llamaFileType, 15u);
        const std::int64_t layers = 28;
        int q6 = 0;
        for (std::int64_t i = 0; i < layers; ++i) {
            const std::string v = "blk." + std::to_string(i) + ".attn_v.weight";
            const std::string down = "blk." + std::to_string(i) + ".ffn_down.weight";
            const std::string gate = "blk." + std::to_string(i) + ".ffn_gate.weight";
            const bool more = i < layers / 8 || i >= 7 * layers / 8 || (i - layers / 8) % 3 == 2;
            QCOMPARE(q4km->tensorType(v, 1536, 2, layers), more ? DType::Q6_K : DType::Q4_K);
            QCOMPARE(q4km->tensorType(down, 8960, 2, layers), more ? DType::Q6_K : DType::Q4_K);
            QCOMPARE(q4km->tensorType(gate, 1536, 2, layers), DType::Q4_K);
            q6 += more;
        }
        QCOMPARE(q6, 14); // layers 0-2, 5, 8, ..., 23, 24-27 of 28
        QCOMPARE(q4km->tensorType("output.weight", 1536, 2, layers), DType::Q6_K);
        QCOMPARE(q4km->tensorType("token_embd.weight", 1536, 2, layers), DType::Q4_K);
        QCOMPARE(q4km->tensorType("token_embd.weight", 1536, 2, layers, true), DType::Q6_K); // tied
        QCOMPARE(q4km->tensorType("output_norm.weight", 1536, 1, layers), DType::F32);
        // Rows that fill no super-block fall back as llama.cpp's do.
        QCOMPARE(q4km->tensorType("blk.4.ffn_gate.weight", 896 + 32, 2, layers), DType::Q5_0);
        QCOMPARE(q4km->tensorType("output.weight", 128, 2, layers), DType::Q8_0);
        QCOMPARE(q4km->tensorType("blk.4.ffn_gate.weight", 100, 2, layers), DType::F16);

        const auto q4ks = gguf::quantSchemeFromName("Q4_K_S");
        QVERIFY(q4ks);
        QCOMPARE(q4ks->tensorType("blk.0.attn_v.weight", 1536, 2, layers), DType::Q4_K);
        QCOMPARE(q4ks->tensorType("output.weight", 1536, 2, layers), DType::Q6_K);
        const auto q6k = gguf::quantSchemeFromName("q6_k");
        QVERIFY(q6k);
        QCOMPARE(q6k->tensorType("blk.3.attn_q.weight", 1536, 2, layers), DType::Q6_K);
        QCOMPARE(gguf::quantSchemeFromName("q5_k_m")->tensorType("blk.3.attn_q.weight", 1536, 2, layers), DType::Q5_K);
        QVERIFY(!gguf::quantSchemeFromName("q2_k")); // read, not written
        QCOMPARE(gguf::quantSchemeFromLlamaFileType(10)->name, std::string("Q2_K"));
        QCOMPARE(gguf::quantSchemeFromLlamaFileType(30)->base, DType::IQ4_XS);
    }

    void damagedKQuantFiles()
    {
        // A GGUF with one Q4_K matrix (4 rows of 512) and nothing else.
        const auto write = [&](const QString &name, std::int64_t width) {
            const std::filesystem::path path = m_dir.filePath(name).toStdString();
            gguf::GgufWriter writer(path);
            writer.addMetadata("general.architecture", gguf::GgufValue::string("qwen2"));
            writer.addTensor("blk.0.ffn_up.weight", DType::Q4_K, {4, width});
            if (!writer.begin().ok())
                return path;
            std::vector<std::uint8_t> data(static_cast<std::size_t>(4 * (width / 256) * 144), 0);
            writer.writeTensorData(data.data(), data.size());
            writer.finish();
            return path;
        };
        const auto good = write(u"good.gguf"_s, 512);
        const auto file = gguf::GgufFile::open(good);
        QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
        std::ifstream in(good, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        const std::size_t name = bytes.find("blk.0.ffn_up.weight");
        QVERIFY(name != std::string::npos);
        const std::size_t typeAt = name + 19 + 4 + 2 * 8; // name, n_dims, two dims
        std::uint32_t typeId;
        std::memcpy(&typeId, bytes.data() + typeAt, 4);
        QCOMPARE(typeId, 12u);
        const auto rewrite = [&](const QString &fileName, const std::string &content) {
            const std::filesystem::path path = m_dir.filePath(fileName).toStdString();
            std::ofstream(path, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
            return path;
        };

        // An unsupported type: the error names the type, the tensor and what is supported.
        std::string unsupported = bytes;
        const std::uint32_t iq2xxs = 16;
        std::memcpy(unsupported.data() + typeAt, &iq2xxs, 4);
        const auto refused = gguf::GgufFile::open(rewrite(u"iq2.gguf"_s, unsupported));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Unsupported);
        const std::string &message = refused.error().message;
        qInfo("%s", message.c_str());
        QVERIFY(message.find("IQ2_XXS") != std::string::npos);
        QVERIFY(message.find("blk.0.ffn_up.weight") != std::string::npos);
        QVERIFY(message.find("Q4_K") != std::string::npos && message.find("IQ4_XS") != std::string::npos);

        // A truncated K-quant tensor: the data ends early.
        const auto truncated = gguf::GgufFile::open(rewrite(u"short.gguf"_s, bytes.substr(0, bytes.size() - 100)));
        QVERIFY(!truncated.ok());
        QCOMPARE(truncated.error().code, ErrorCode::Truncated);
        QVERIFY(truncated.error().message.find("blk.0.ffn_up.weight") != std::string::npos);

        // Rows of 1000 values (not whole super-blocks of 256).
        std::string narrow = bytes;
        const std::uint64_t width = 1000;
        std::memcpy(narrow.data() + name + 19 + 4, &width, 8);
        const auto misshapen = gguf::GgufFile::open(rewrite(u"narrow.gguf"_s, narrow));
        QVERIFY(!misshapen.ok());
        qInfo("%s", misshapen.error().message.c_str());
        QVERIFY(misshapen.error().message.find("1000") != std::string::npos);
        QVERIFY(misshapen.error().message.find("256") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestKQuants)
#include "tst_kquants.moc"
