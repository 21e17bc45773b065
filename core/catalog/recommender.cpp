#include "catalog/recommender.h"

#include "engine/inference/kvcachesize.h"

#include "i18n/datasize.h"

#include <QJsonArray>

#include <cmath>

using namespace Qt::StringLiterals;

namespace deskseek::catalog {

namespace {
constexpr qint64 MiB = qint64(1) << 20;
constexpr qint64 kRuntimeBytes = 512 * MiB; // buffers, activations, the engine itself
constexpr qint64 kVramReserve = 256 * MiB;  // left to the desktop and the driver
constexpr double kBandwidthEfficiency = 0.7;

QString contextText(int tokens)
{
    return tokens >= 1024 && tokens % 1024 == 0 ? u"%1k"_s.arg(tokens / 1024) : QString::number(tokens);
}
} // namespace

QString placementName(Candidate::Placement placement)
{
    switch (placement) {
    case Candidate::Placement::Gpu: return u"gpu"_s;
    case Candidate::Placement::Split: return u"split"_s;
    case Candidate::Placement::Cpu: return u"cpu"_s;
    case Candidate::Placement::TooLarge: return u"too-large"_s;
    }
    return u"too-large"_s;
}

Recommender::Recommender(const Catalog &catalog)
    : m_catalog(catalog)
{
}

qint64 Recommender::kvCacheBytes(const ModelVariant &variant, qint64 contextLength)
{
    if (variant.attention.startsWith(u"mla"_s)) // one latent vector + the rope key per layer, F16
        return qint64(engine::inference::latentCacheBytes(variant.layers, variant.kvLoraRank + variant.qkRopeHeadDim, contextLength));
    // What the engine allocates.
    return qint64(engine::inference::kvCacheBytes(variant.layers, variant.kvHeads, variant.headDim, contextLength));
}

const hardware::GpuInfo *Recommender::usableGpu(const hardware::HardwareReport &hardware) const
{
    // The engine runs on NVIDIA GPUs (CUDA); it uses the one with the most free memory.
    const hardware::GpuInfo *best = nullptr;
    for (const hardware::GpuInfo &gpu : hardware.gpus) {
        if (gpu.vendor != hardware::GpuInfo::Vendor::Nvidia)
            continue;
        if (!best || gpu.vramFreeBytes > best->vramFreeBytes)
            best = &gpu;
    }
    return best;
}

QString speedKey(const QString &modelName, const QString &quantization)
{
    return modelName.toLower() + u':' + quantization.toLower();
}

Candidate Recommender::evaluate(const ModelVariant &variant, const QString &quantization,
                                const hardware::HardwareReport &hardware, const RecommendationOptions &options) const
{
    Candidate c = fit(variant, quantization, hardware, options);
    const auto measured = options.measuredSpeeds.constFind(speedKey(variant.name, quantization));
    if (measured != options.measuredSpeeds.cend() && c.placement != Candidate::Placement::TooLarge) {
        c.tokensPerSecond = measured.value();
        c.speedMeasured = true;
    }
    return c;
}

Candidate Recommender::fit(const ModelVariant &variant, const QString &quantization, const hardware::HardwareReport &hardware,
                           const RecommendationOptions &options) const
{
    Candidate c;
    c.variantId = variant.id;
    c.variantName = variant.name;
    c.quantization = quantization;
    c.layers = variant.layers;
    const auto format = m_catalog.quantization(quantization);
    const double bytesPerWeight = format ? format->bytesPerWeight : 2.0;
    c.weightsBytes = qint64(variant.parametersB * 1e9 * bytesPerWeight);
    const qint64 context = std::min<qint64>(options.contextLength, variant.contextLength > 0 ? variant.contextLength : options.contextLength);
    c.kvCacheBytes = kvCacheBytes(variant, context);
    c.overheadBytes = kRuntimeBytes + c.weightsBytes / 20;
    c.totalBytes = c.weightsBytes + c.kvCacheBytes + c.overheadBytes;
    c.score = variant.quality * (format ? format->quality : 1.0);
    if (const ReadyMadeRepo *ready = variant.readyMadeFor(quantization)) {
        // One ready-made file of this quantization: the download is the model file itself.
        c.readyMadeFrom = ready->publisher;
        c.downloadBytes = c.weightsBytes;
        c.diskNeededBytes = c.weightsBytes;
    } else {
        c.downloadBytes = variant.downloadBytes();
        c.diskNeededBytes = c.downloadBytes + c.weightsBytes;
    }
    c.diskOk = hardware.diskFreeBytes < 0 || hardware.diskFreeBytes >= c.diskNeededBytes;

    const double cpuBandwidth = (options.cpuBandwidthGBs > 0 ? options.cpuBandwidthGBs : estimatedCpuBandwidth()) * 1e9;
    const qint64 ramBudget = qint64(hardware.memory.availableBytes * 0.9);
    const double bytesPerToken = double(c.weightsBytes) * (variant.activeParametersB / variant.parametersB);

    if (const hardware::GpuInfo *gpu = usableGpu(hardware)) {
        const qint64 vram = gpu->vramFreeBytes - kVramReserve;
        const double gpuBandwidth = m_catalog.gpuBandwidth(gpu->name).value_or(300.0) * 1e9;
        if (c.totalBytes <= vram) {
            c.placement = Candidate::Placement::Gpu;
            c.gpuLayers = variant.layers;
            c.tokensPerSecond = kBandwidthEfficiency * gpuBandwidth / bytesPerToken;
            return c;
        }
        // Split: the KV cache and runtime stay on the GPU with as many layers as fit; the rest
        // of the weights go to RAM.
        const double perLayer = double(c.weightsBytes) / std::max(1, variant.layers);
        const qint64 room = vram - c.kvCacheBytes - c.overheadBytes;
        const int gpuLayers = room > 0 ? int(std::min<double>(variant.layers, std::floor(room / perLayer))) : 0;
        const qint64 cpuBytes = qint64(perLayer * (variant.layers - gpuLayers));
        if (gpuLayers > 0 && cpuBytes <= ramBudget) {
            c.placement = Candidate::Placement::Split;
            c.gpuLayers = gpuLayers;
            const double seconds = (perLayer * gpuLayers) / gpuBandwidth + double(cpuBytes) / cpuBandwidth;
            c.tokensPerSecond = kBandwidthEfficiency / seconds;
            return c;
        }
    }
    if (c.totalBytes <= ramBudget) {
        c.placement = Candidate::Placement::Cpu;
        c.tokensPerSecond = kBandwidthEfficiency * cpuBandwidth / bytesPerToken;
        return c;
    }
    c.placement = Candidate::Placement::TooLarge;
    return c;
}

Recommendation Recommender::recommend(const hardware::HardwareReport &hardware,
                                      const RecommendationOptions &options) const
{
    Recommendation result;
    QList<Candidate> fast;
    QList<Candidate> slow;
    for (const ModelVariant &variant : m_catalog.variants()) {
        if (!variant.runnable) {
            const double gb = variant.downloadSizeGB > 0 ? variant.downloadSizeGB : variant.parametersB * 2;
            result.largeModels << (gb >= 200 ? tr("%1 (%2B parameters): needs about %3 GB of memory, a multi-GPU "
                                                  "server; this version of DeskSeek cannot run it yet.")
                                             : tr("%1 (%2B parameters): needs about %3 GB of memory; this version of "
                                                  "DeskSeek cannot run its architecture yet."))
                                      .arg(variant.name)
                                      .arg(variant.parametersB)
                                      .arg(qRound(gb));
            continue;
        }
        for (const QString &quantization : variant.quantizations) {
            const Candidate candidate = evaluate(variant, quantization, hardware, options);
            if (candidate.placement == Candidate::Placement::TooLarge)
                continue;
            (candidate.tokensPerSecond >= options.minimumTokensPerSecond ? fast : slow).append(candidate);
        }
    }
    // The best model among the candidates fast enough to use, at its default quantization (the
    // catalog's first: Q4_K_M, what most people run) when that is among them; then the other
    // quantizations by quality; ties go to the faster one.
    const auto variantQuality = [&](const Candidate &c) {
        const ModelVariant *variant = m_catalog.find(c.variantId);
        return variant ? variant->quality : 0.0;
    };
    const auto isDefault = [&](const Candidate &c) {
        const ModelVariant *variant = m_catalog.find(c.variantId);
        return variant && !variant->quantizations.isEmpty() && variant->quantizations.first() == c.quantization;
    };
    std::sort(fast.begin(), fast.end(), [&](const Candidate &a, const Candidate &b) {
        if (variantQuality(a) != variantQuality(b))
            return variantQuality(a) > variantQuality(b);
        if (isDefault(a) != isDefault(b))
            return isDefault(a);
        return a.score != b.score ? a.score > b.score : a.tokensPerSecond > b.tokensPerSecond;
    });
    // When nothing is fast enough: the fastest.
    std::sort(slow.begin(), slow.end(), [](const Candidate &a, const Candidate &b) {
        return a.tokensPerSecond > b.tokensPerSecond;
    });
    result.alternatives = fast + slow;
    if (!result.alternatives.isEmpty()) {
        result.best = result.alternatives.first();
        result.explanation = explain(*result.best, hardware, options);
    } else {
        result.explanation = tr("No DeepSeek model fits in this computer's memory (%1 available). Close other "
                                "programs or add memory.")
                                 .arg(i18n::formatBytes(hardware.memory.availableBytes));
    }
    return result;
}

QString Recommender::explain(const Candidate &c, const hardware::HardwareReport &hardware,
                             const RecommendationOptions &options) const
{
    const QString model = u"%1 %2"_s.arg(c.variantName, c.quantization.toUpper());
    const QString context = contextText(options.contextLength);
    const int speed = std::max(1, int(std::lround(c.tokensPerSecond)));
    const hardware::GpuInfo *gpu = usableGpu(hardware);
    const QString card = gpu ? u"%1 %2"_s.arg(gpu->name, i18n::formatBytes(gpu->vramTotalBytes)) : QString();
    switch (c.placement) {
    case Candidate::Placement::Gpu:
        return tr("%1: %2 fits entirely in VRAM with %3 tokens of context, about %4 tok/s expected.")
            .arg(card, model, context)
            .arg(speed);
    case Candidate::Placement::Split:
        return tr("%1: %2 runs with %3 of its %4 layers on the GPU and the rest on the CPU, with %5 "
                  "tokens of context, about %6 tok/s expected.")
            .arg(card, model)
            .arg(c.gpuLayers)
            .arg(c.layers)
            .arg(context)
            .arg(speed);
    case Candidate::Placement::Cpu:
        break;
    case Candidate::Placement::TooLarge:
        return {};
    }
    QString why = gpu ? tr("%1 is too small for a better model").arg(card) : tr("no NVIDIA GPU to run on");
    for (const hardware::GpuInfo &other : hardware.gpus) {
        if (!gpu && other.vendor == hardware::GpuInfo::Vendor::Amd) {
            why = tr("%1 cannot be used yet: the engine runs on NVIDIA GPUs").arg(other.name);
            break;
        }
    }
    return tr("CPU with %1 of RAM (%2): %3 runs on the CPU with %4 tokens of context, about %5 tok/s expected.")
        .arg(i18n::formatBytes(hardware.memory.totalBytes), why, model, context)
        .arg(speed);
}

QJsonObject Candidate::toJson() const
{
    return {
        {u"variant"_s, variantId},
        {u"name"_s, variantName},
        {u"quantization"_s, quantization},
        {u"placement"_s, placementName(placement)},
        {u"gpuLayers"_s, gpuLayers},
        {u"layers"_s, layers},
        {u"weightsBytes"_s, double(weightsBytes)},
        {u"kvCacheBytes"_s, double(kvCacheBytes)},
        {u"totalBytes"_s, double(totalBytes)},
        {u"tokensPerSecond"_s, std::round(tokensPerSecond * 10) / 10},
        {u"speedMeasured"_s, speedMeasured},
        {u"downloadBytes"_s, double(downloadBytes)},
        {u"diskNeededBytes"_s, double(diskNeededBytes)},
        {u"readyMadeFrom"_s, readyMadeFrom},
        {u"diskOk"_s, diskOk},
    };
}

QJsonObject Recommendation::toJson() const
{
    QJsonArray alternativesJson;
    for (const Candidate &candidate : alternatives)
        alternativesJson.append(candidate.toJson());
    return {
        {u"best"_s, best ? QJsonValue(best->toJson()) : QJsonValue()},
        {u"explanation"_s, explanation},
        {u"alternatives"_s, alternativesJson},
        {u"largeModels"_s, QJsonArray::fromStringList(largeModels)},
    };
}

} // namespace deskseek::catalog
