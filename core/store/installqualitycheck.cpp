#include "store/installqualitycheck.h"

#include "engine/inference/inferencemodel.h"
#include "engine/inference/qualitycheck.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace deskseek::store {

QualityCheckResult InstallQualityCheck::run(const QString &quantized, const QString &original, int tokens,
                                            const std::function<bool(double)> &progress)
{
    QualityCheckResult result;
    QFile sample(u":/quality/sample.txt"_s);
    if (!sample.open(QIODevice::ReadOnly)) {
        result.error = tr("The sample text is missing from this build.");
        return result;
    }
    const QByteArray text = sample.readAll();
    engine::inference::LoadOptions options;
    options.contextLength = tokens;
    // Loading is a small share of the time; the comparison reports the rest.
    auto candidate = engine::inference::InferenceModel::load(quantized.toStdString(), options);
    if (!candidate) {
        result.error = QString::fromStdString(candidate.error().message);
        return result;
    }
    auto reference = engine::inference::InferenceModel::load(original.toStdString(), options);
    if (!reference) {
        result.error = QString::fromStdString(reference.error().message);
        return result;
    }
    auto ids = candidate.value()->tokenizer()->encode(text.toStdString());
    if (!ids) {
        result.error = QString::fromStdString(ids.error().message);
        return result;
    }
    if (ids->size() > static_cast<std::size_t>(tokens))
        ids->resize(static_cast<std::size_t>(tokens));
    engine::inference::QualityOptions compare;
    // One chunk: an original in BF16 is dequantized a chunk of rows at a time per evaluation, so
    // fewer, larger evaluations cost less (128 tokens of logits are 78 MB per model).
    compare.chunk = tokens;
    compare.progress = progress;
    const auto report = engine::inference::compareModels(*candidate.value(), *reference.value(), ids.value(), compare);
    if (!report) {
        result.error = QString::fromStdString(report.error().message);
        return result;
    }
    result.ok = true;
    result.top1Agreement = report->top1Agreement;
    result.meanKlDivergence = report->meanKlDivergence;
    result.tokens = int(report->positions);
    return result;
}

} // namespace deskseek::store
