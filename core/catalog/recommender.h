#pragma once

#include "catalog/catalog.h"
#include "hardware/hardwarereport.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonObject>

#include <optional>

namespace deskseek::catalog {

// A model's name and quantization as measured speeds are kept: "deepseek-r1-distill-qwen-7b:q4_0"
// (the catalog variant's name, which is the installed model's folder name).
QString speedKey(const QString &modelName, const QString &quantization);

struct RecommendationOptions
{
    int contextLength = 8192;
    double cpuBandwidthGBs = 0; // measured memory bandwidth; 0: estimated (20 GB/s)
    // Decode speeds measured on this machine (tokens/s by speedKey()): a model seen running is
    // estimated at its measured speed, the others from the memory bandwidth.
    QHash<QString, double> measuredSpeeds;
    double minimumTokensPerSecond = 5.0; // slower than this is not recommended
    QString language = QStringLiteral("en");
};

// How one variant at one quantization would run on a machine.
struct Candidate
{
    enum class Placement { Gpu, Split, Cpu, TooLarge };

    QString variantId;
    QString variantName;
    QString quantization;
    qint64 weightsBytes = 0;
    qint64 kvCacheBytes = 0;
    qint64 overheadBytes = 0;
    qint64 totalBytes = 0;
    Placement placement = Placement::TooLarge;
    int gpuLayers = 0;   // layers on the GPU (Split, Gpu)
    int layers = 0;
    double tokensPerSecond = 0;
    bool speedMeasured = false; // tokensPerSecond is what this model decoded at here
    double score = 0;    // quality, for ranking
    qint64 downloadBytes = 0;
    qint64 diskNeededBytes = 0; // download + the quantized file (a ready-made file: itself)
    QString readyMadeFrom;      // the publisher of a ready-made file of this quantization; empty: DeskSeek makes it
    bool diskOk = true;

    QJsonObject toJson() const;
};

QString placementName(Candidate::Placement placement); // "gpu", "split", "cpu", "too-large"

struct Recommendation
{
    std::optional<Candidate> best;
    QList<Candidate> alternatives; // runnable candidates, best first (best included)
    QString explanation;           // one sentence for people
    QStringList largeModels;       // what the big models need, honestly

    QJsonObject toJson() const;
};

// Memory-fit arithmetic: weights at a quantization + KV cache for the context + runtime
// overhead, against the GPU's free VRAM and the machine's available RAM; speed from memory
// bandwidth (decode reads every weight once per token).
class Recommender
{
    Q_DECLARE_TR_FUNCTIONS(Recommender)

public:
    explicit Recommender(const Catalog &catalog);

    Recommendation recommend(const hardware::HardwareReport &hardware,
                             const RecommendationOptions &options = {}) const;
    Candidate evaluate(const ModelVariant &variant, const QString &quantization,
                       const hardware::HardwareReport &hardware,
                       const RecommendationOptions &options) const;

    // KV cache bytes for a context: what the engine allocates (engine::inference::kvCacheBytes,
    // an F16 cache); MLA models: the latent and the rope key per layer and token, F16.
    static qint64 kvCacheBytes(const ModelVariant &variant, qint64 contextLength);
    static double estimatedCpuBandwidth() { return 20.0; }

private:
    Candidate fit(const ModelVariant &variant, const QString &quantization, const hardware::HardwareReport &hardware,
                  const RecommendationOptions &options) const;
    const hardware::GpuInfo *usableGpu(const hardware::HardwareReport &hardware) const;
    QString explain(const Candidate &candidate, const hardware::HardwareReport &hardware,
                    const RecommendationOptions &options) const;

    const Catalog &m_catalog;
};

} // namespace deskseek::catalog
