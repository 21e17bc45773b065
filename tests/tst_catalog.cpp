// The model catalog (resources/catalog.json) and the recommender's memory arithmetic.

#include "catalog/catalog.h"
#include "catalog/recommender.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek::catalog;
using deskseek::hardware::GpuInfo;
using deskseek::hardware::HardwareReport;

namespace {
constexpr qint64 GiB = qint64(1) << 30;

HardwareReport machine(qint64 ramGiB, qint64 vramGiB = 0, const QString &gpuName = u"NVIDIA GeForce RTX 4060"_s)
{
    HardwareReport report;
    report.cpu.cores = 8;
    report.cpu.threads = 16;
    report.memory.totalBytes = ramGiB * GiB;
    report.memory.availableBytes = ramGiB * GiB * 9 / 10;
    report.diskFreeBytes = 500 * GiB;
    if (vramGiB > 0) {
        GpuInfo gpu;
        gpu.vendor = GpuInfo::Vendor::Nvidia;
        gpu.name = gpuName;
        gpu.vramTotalBytes = vramGiB * GiB;
        gpu.vramFreeBytes = vramGiB * GiB - GiB / 2;
        gpu.vramUsedBytes = GiB / 2;
        report.gpus << gpu;
    }
    return report;
}
} // namespace

class TestCatalog : public QObject
{
    Q_OBJECT

private:
    Catalog m_catalog;

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        m_catalog = Catalog::load(u":/catalog/catalog.json"_s, &error);
        QVERIFY2(!m_catalog.variants().isEmpty(), qPrintable(error));
    }

    void listsTheFamily()
    {
        for (const char *id : {"r1-distill-qwen-1.5b", "r1-distill-qwen-7b", "r1-distill-llama-8b", "r1-0528-qwen3-8b",
                               "r1-distill-qwen-14b", "r1-distill-qwen-32b", "r1-distill-llama-70b", "v2-lite-chat",
                               "deepseek-v3", "deepseek-r1", "deepseek-v3.1", "deepseek-v3.2", "deepseek-v4-flash",
                               "deepseek-v4-pro", "deepseek-v4.1-flash", "coder-v2-lite-instruct"})
            QVERIFY2(m_catalog.find(QString::fromLatin1(id)), id);
        for (const ModelVariant &v : m_catalog.variants()) {
            for (const char *source : {"huggingface", "hf-mirror", "modelscope"})
                QVERIFY2(v.repos.value(QString::fromLatin1(source)).startsWith(u"deepseek-ai/"_s), qPrintable(v.id));
            QVERIFY2(!v.descriptionEn.isEmpty() && !v.descriptionZh.isEmpty(), qPrintable(v.id));
            QVERIFY(!v.license.isEmpty());
            QVERIFY(!v.quantizations.isEmpty());
            // Distills are named as distills, in both languages.
            if (v.family == u"r1-distill"_s) {
                QVERIFY(!v.distilledFrom.isEmpty());
                QVERIFY2(v.descriptionEn.contains(u"distill"_s, Qt::CaseInsensitive), qPrintable(v.id));
                QVERIFY2(v.descriptionZh.contains(u"蒸馏"_s), qPrintable(v.id));
                QVERIFY(v.runnable);
            }
            // What the engine cannot run yet says so.
            if (!v.runnable)
                QVERIFY2(v.descriptionEn.contains(u"not supported"_s, Qt::CaseInsensitive), qPrintable(v.id));
        }
    }

    // The architecture numbers agree with the parameter counts (dense models, within 1.5 %).
    void architectureNumbersAreConsistent()
    {
        for (const ModelVariant &v : m_catalog.variants()) {
            if (!v.runnable)
                continue;
            const double computed = v.computedParameters() / 1e9;
            QVERIFY2(std::abs(computed - v.parametersB) / v.parametersB < 0.015,
                     qPrintable(u"%1: %2B computed, %3B listed"_s.arg(v.id).arg(computed).arg(v.parametersB)));
            QVERIFY(v.heads % v.kvHeads == 0);
            if (v.attention == u"mla"_s) {
                // DeepSeek's count of active parameters leaves the embeddings out.
                const double embeddings = 2.0 * v.vocab * v.hidden / 1e9;
                const double active = v.computedParameters(true) / 1e9 - embeddings;
                QVERIFY2(std::abs(active - v.activeParametersB) / v.activeParametersB < 0.1,
                         qPrintable(u"%1: %2B active computed, %3B listed"_s.arg(v.id).arg(active).arg(v.activeParametersB)));
                QCOMPARE(v.headDim, v.qkNopeHeadDim + v.qkRopeHeadDim);
                QVERIFY(v.kvLoraRank > 0 && v.routedExperts > v.activeExperts);
            } else {
                QCOMPARE(v.headDim, 128);
            }
        }
        QCOMPARE(m_catalog.find(u"r1-distill-qwen-7b"_s)->vocab, 152064);
        QCOMPARE(m_catalog.find(u"r1-0528-qwen3-8b"_s)->architecture, u"qwen3"_s);
        QCOMPARE(m_catalog.find(u"deepseek-v4-flash"_s)->layers, 43);
    }

    void memoryArithmetic()
    {
        // KV cache: layers x 2 x kv heads x head dim x tokens x 2 bytes.
        const ModelVariant &seven = *m_catalog.find(u"r1-distill-qwen-7b"_s);
        QCOMPARE(Recommender::kvCacheBytes(seven, 8192), qint64(28) * 2 * 4 * 128 * 8192 * 2); // 448 MiB
        QCOMPARE(Recommender::kvCacheBytes(*m_catalog.find(u"r1-distill-llama-70b"_s), 32768), qint64(80) * 2 * 8 * 128 * 32768 * 2);
        // MLA caches one 512 + 64 latent per layer and token.
        QCOMPARE(Recommender::kvCacheBytes(*m_catalog.find(u"deepseek-v3"_s), 4096), qint64(61) * 576 * 4096 * 2);
        // ggml block sizes.
        QCOMPARE(m_catalog.quantization(u"q4_0"_s)->bytesPerWeight, 18.0 / 32);
        QCOMPARE(m_catalog.quantization(u"q8_0"_s)->bytesPerWeight, 34.0 / 32);
        QCOMPARE(*m_catalog.gpuBandwidth(u"NVIDIA GeForce RTX 4060 Ti"_s), 288.0);
        QCOMPARE(*m_catalog.gpuBandwidth(u"NVIDIA GeForce RTX 4060"_s), 272.0);
        QVERIFY(!m_catalog.gpuBandwidth(u"Some Future Card"_s));

        const Recommender recommender(m_catalog);
        RecommendationOptions options;
        const Candidate gpu = recommender.evaluate(seven, u"q4_0"_s, machine(32, 8), options);
        QCOMPARE(gpu.placement, Candidate::Placement::Gpu);
        QCOMPARE(gpu.weightsBytes, qint64(7.62e9 * 0.5625));
        QCOMPARE(gpu.totalBytes, gpu.weightsBytes + gpu.kvCacheBytes + gpu.overheadBytes);
        QVERIFY(std::abs(gpu.tokensPerSecond - 0.7 * 272e9 / (7.62e9 * 0.5625)) < 0.01);
        // 14B at 8 bits on 8 GB: some layers on the GPU, the rest on the CPU.
        const Candidate split = recommender.evaluate(*m_catalog.find(u"r1-distill-qwen-14b"_s), u"q8_0"_s, machine(32, 8), options);
        QCOMPARE(split.placement, Candidate::Placement::Split);
        QVERIFY(split.gpuLayers > 0 && split.gpuLayers < 48);
        QVERIFY(split.tokensPerSecond < gpu.tokensPerSecond);
        // 70B at BF16 on 16 GB of RAM and no GPU: too large.
        QCOMPARE(recommender.evaluate(*m_catalog.find(u"r1-distill-llama-70b"_s), u"bf16"_s, machine(16), options).placement,
                 Candidate::Placement::TooLarge);
        // A longer context needs more memory.
        options.contextLength = 32768;
        QVERIFY(recommender.evaluate(seven, u"q4_0"_s, machine(32, 8), options).kvCacheBytes == 4 * gpu.kvCacheBytes);
        // The disk must hold the BF16 download and the quantized file.
        HardwareReport small = machine(32, 8);
        small.diskFreeBytes = 5 * GiB;
        const Candidate noDisk = recommender.evaluate(seven, u"q4_0"_s, small, RecommendationOptions{});
        QVERIFY(!noDisk.diskOk);
        QCOMPARE(noDisk.diskNeededBytes, noDisk.downloadBytes + noDisk.weightsBytes);
    }

    // A CPU-only machine with 24 GiB gets a model that runs, at a usable speed.
    void cpuOnlyMachineGetsARunnableModel()
    {
        const Recommendation r = Recommender(m_catalog).recommend(machine(24));
        QVERIFY(r.best.has_value());
        QCOMPARE(r.best->placement, Candidate::Placement::Cpu);
        QVERIFY(r.best->totalBytes < 24 * GiB * 9 / 10);
        QVERIFY(r.best->tokensPerSecond >= 5);
        QVERIFY(m_catalog.find(r.best->variantId)->runnable);
        // With the estimated bandwidth a mixture of experts wins: 2.4B active parameters of 15.7B
        // decode fast enough where the dense 8B models do not.
        QCOMPARE(r.best->variantId, u"coder-v2-lite-instruct"_s);
        QVERIFY(m_catalog.find(r.best->variantId)->activeParametersB < 3);
        // With a measured 60 GB/s memory bandwidth a better model becomes fast enough.
        RecommendationOptions fast;
        fast.cpuBandwidthGBs = 60;
        const Recommendation better = Recommender(m_catalog).recommend(machine(24), fast);
        QVERIFY2(better.best->score > r.best->score, qPrintable(better.best->variantId));
        // 2 GiB of RAM: nothing fits, and the explanation says what to do.
        const Recommendation none = Recommender(m_catalog).recommend(machine(1));
        QVERIFY(!none.best);
        QVERIFY2(none.explanation.contains(u"Close other programs"_s), qPrintable(none.explanation));
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
