#include "catalog/catalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace deskseek::catalog {

Catalog Catalog::load(const QString &path, QString *error)
{
    Catalog catalog;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"Cannot read the model catalog %1: %2"_s.arg(path, file.errorString());
        return catalog;
    }
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(file.read(16 << 20), &parseError).object();
    if (parseError.error != QJsonParseError::NoError || root.value(u"version"_s).toInt() != 1) {
        if (error)
            *error = u"The model catalog %1 is not valid: %2"_s.arg(path, parseError.errorString());
        return catalog;
    }
    const QJsonObject quantizations = root.value(u"quantizations"_s).toObject();
    for (auto it = quantizations.begin(); it != quantizations.end(); ++it) {
        const QJsonObject q = it.value().toObject();
        catalog.m_quantizations.append({it.key(), q.value(u"bytesPerWeight"_s).toDouble(), q.value(u"quality"_s).toDouble()});
    }
    for (const QJsonValue &gpu : root.value(u"gpus"_s).toArray()) {
        const QJsonObject object = gpu.toObject();
        catalog.m_gpus.append({object.value(u"match"_s).toString(), object.value(u"bandwidthGBs"_s).toDouble()});
    }
    // "RTX 4060 Ti" must win over "RTX 4060": longest fragment first.
    std::stable_sort(catalog.m_gpus.begin(), catalog.m_gpus.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    for (const QJsonValue &value : root.value(u"variants"_s).toArray()) {
        const QJsonObject o = value.toObject();
        ModelVariant v;
        v.id = o.value(u"id"_s).toString();
        v.name = o.value(u"name"_s).toString();
        v.family = o.value(u"family"_s).toString();
        v.architecture = o.value(u"architecture"_s).toString();
        v.runnable = o.value(u"runnable"_s).toBool();
        v.distilledFrom = o.value(u"distilledFrom"_s).toString();
        v.license = o.value(u"license"_s).toString();
        const QJsonObject repos = o.value(u"repos"_s).toObject();
        for (auto it = repos.begin(); it != repos.end(); ++it)
            v.repos.insert(it.key(), it.value().toString());
        v.parametersB = o.value(u"parametersB"_s).toDouble();
        v.activeParametersB = o.value(u"activeParametersB"_s).toDouble(v.parametersB);
        v.layers = o.value(u"layers"_s).toInt();
        v.hidden = o.value(u"hidden"_s).toInt();
        v.heads = o.value(u"heads"_s).toInt();
        v.kvHeads = o.value(u"kvHeads"_s).toInt();
        v.headDim = o.value(u"headDim"_s).toInt();
        v.ffn = o.value(u"ffn"_s).toInt();
        v.vocab = o.value(u"vocab"_s).toInt();
        v.contextLength = qint64(o.value(u"contextLength"_s).toDouble());
        v.tieWordEmbeddings = o.value(u"tieWordEmbeddings"_s).toBool();
        v.attention = o.value(u"attention"_s).toString();
        v.kvLoraRank = o.value(u"kvLoraRank"_s).toInt();
        v.qkRopeHeadDim = o.value(u"qkRopeHeadDim"_s).toInt();
        v.qkNopeHeadDim = o.value(u"qkNopeHeadDim"_s).toInt();
        v.vHeadDim = o.value(u"vHeadDim"_s).toInt();
        v.qLoraRank = o.value(u"qLoraRank"_s).toInt();
        const QJsonObject experts = o.value(u"experts"_s).toObject();
        v.routedExperts = experts.value(u"routed"_s).toInt();
        v.sharedExperts = experts.value(u"shared"_s).toInt();
        v.activeExperts = experts.value(u"active"_s).toInt();
        v.expertFfn = experts.value(u"ffn"_s).toInt();
        v.denseLayers = experts.value(u"firstDense"_s).toInt();
        for (const QJsonValue &q : o.value(u"quantizations"_s).toArray())
            v.quantizations << q.toString();
        for (const QJsonValue &entry : o.value(u"gguf"_s).toArray()) {
            const QJsonObject g = entry.toObject();
            ReadyMadeRepo repo;
            repo.publisher = g.value(u"publisher"_s).toString();
            repo.repo = g.value(u"repo"_s).toString();
            for (const QJsonValue &hub : g.value(u"hubs"_s).toArray())
                repo.hubs << hub.toString();
            const QJsonObject files = g.value(u"files"_s).toObject();
            for (auto it = files.begin(); it != files.end(); ++it)
                repo.files.insert(it.key(), it.value().toString());
            if (!repo.repo.isEmpty() && !repo.files.isEmpty())
                v.readyMade.append(repo);
        }
        v.quality = o.value(u"quality"_s).toDouble();
        v.downloadSizeGB = o.value(u"downloadSizeGB"_s).toDouble();
        const QJsonObject description = o.value(u"description"_s).toObject();
        v.descriptionEn = description.value(u"en"_s).toString();
        v.descriptionZh = description.value(u"zh_CN"_s).toString();
        if (v.id.isEmpty() || v.name.isEmpty() || v.parametersB <= 0) {
            if (error)
                *error = u"The model catalog %1 has an incomplete entry (%2)."_s.arg(path, v.id);
            return Catalog();
        }
        catalog.m_variants.append(v);
    }
    return catalog;
}

const ModelVariant *Catalog::find(const QString &id) const
{
    for (const ModelVariant &variant : m_variants) {
        if (variant.id == id)
            return &variant;
    }
    return nullptr;
}

std::optional<Catalog::Quantization> Catalog::quantization(const QString &name) const
{
    for (const Quantization &q : m_quantizations) {
        if (q.name == name)
            return q;
    }
    return std::nullopt;
}

std::optional<double> Catalog::gpuBandwidth(const QString &gpuName) const
{
    for (const auto &[fragment, bandwidth] : m_gpus) {
        if (gpuName.contains(fragment, Qt::CaseInsensitive))
            return bandwidth;
    }
    return std::nullopt;
}

} // namespace deskseek::catalog
