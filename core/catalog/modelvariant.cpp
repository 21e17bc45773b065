#include "catalog/modelvariant.h"

using namespace Qt::StringLiterals;

namespace deskseek::catalog {

QString ModelVariant::description(const QString &language) const
{
    return language.startsWith(u"zh"_s) && !descriptionZh.isEmpty() ? descriptionZh : descriptionEn;
}

double ModelVariant::computedParameters(bool activeOnly) const
{
    if (attention == u"mla"_s) {
        const double qHead = double(qkNopeHeadDim) + qkRopeHeadDim;
        const double q = qLoraRank > 0 ? double(hidden) * qLoraRank + qLoraRank + double(qLoraRank) * heads * qHead
                                       : double(hidden) * heads * qHead;
        const double attentionPart = q + double(hidden) * (kvLoraRank + qkRopeHeadDim) + kvLoraRank
                                     + double(kvLoraRank) * heads * (qkNopeHeadDim + vHeadDim) + double(heads) * vHeadDim * hidden
                                     + 2.0 * hidden;
        const double expertsUsed = activeOnly ? activeExperts : routedExperts;
        const double expertLayer = double(routedExperts) * hidden + (expertsUsed + sharedExperts) * 3.0 * hidden * expertFfn;
        const double denseLayer = 3.0 * hidden * ffn;
        const double embeddings = double(vocab) * hidden * (tieWordEmbeddings ? 1 : 2);
        return embeddings + layers * attentionPart + denseLayers * denseLayer + (layers - denseLayers) * expertLayer + hidden;
    }
    const double q = double(heads) * headDim;
    const double kv = double(kvHeads) * headDim;
    double perLayer = double(hidden) * (q + 2 * kv) + q * hidden // attention projections
                      + 3.0 * hidden * ffn                        // gate, up, down
                      + 2.0 * hidden;                             // norms
    if (architecture == u"qwen2"_s)
        perLayer += q + 2 * kv; // q/k/v biases
    if (architecture == u"qwen3"_s)
        perLayer += 2.0 * headDim; // q/k norms
    const double embeddings = double(vocab) * hidden * (tieWordEmbeddings ? 1 : 2);
    return embeddings + layers * perLayer + hidden;
}

qint64 ModelVariant::downloadBytes() const
{
    if (downloadSizeGB > 0)
        return qint64(downloadSizeGB * 1e9);
    return qint64(parametersB * 1e9 * 2.0);
}

const ReadyMadeRepo *ModelVariant::readyMadeFor(const QString &quantization) const
{
    for (const ReadyMadeRepo &repo : readyMade)
        if (repo.files.contains(quantization.toLower()))
            return &repo;
    return nullptr;
}

} // namespace deskseek::catalog
