#include "catalog/modelvariant.h"

using namespace Qt::StringLiterals;

namespace deskseek::catalog {

QString ModelVariant::description(const QString &language) const
{
    return language.startsWith(u"zh"_s) && !descriptionZh.isEmpty() ? descriptionZh : descriptionEn;
}

double ModelVariant::computedParameters() const
{
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
