#include "engine/inference/qualitycheck.h"

#include "engine/error.h"

#include <algorithm>
#include <cmath>

namespace deskseek::engine::inference {

namespace {

// log-softmax in double precision.
void logSoftmax(const float *logits, std::int64_t count, std::vector<double> &out)
{
    out.resize(static_cast<std::size_t>(count));
    const double max = *std::max_element(logits, logits + count);
    double sum = 0.0;
    for (std::int64_t i = 0; i < count; ++i)
        sum += std::exp(static_cast<double>(logits[i]) - max);
    const double logSum = max + std::log(sum);
    for (std::int64_t i = 0; i < count; ++i)
        out[static_cast<std::size_t>(i)] = static_cast<double>(logits[i]) - logSum;
}

} // namespace

Result<QualityReport> compareModels(InferenceModel &quantized, InferenceModel &reference,
                                    const std::vector<std::int32_t> &tokens, const QualityOptions &options)
{
    return catchErrors([&]() -> QualityReport {
        const std::int64_t vocab = quantized.config().vocabSize;
        if (reference.config().vocabSize != vocab)
            fail(ErrorCode::InvalidArgument, "The models have different vocabularies (" + std::to_string(vocab) + " and "
                                                 + std::to_string(reference.config().vocabSize)
                                                 + " tokens): compare a quantized model with its own original.");
        if (tokens.size() < 2)
            fail(ErrorCode::InvalidArgument, "The text is too short: give at least two tokens.");
        const auto total = static_cast<std::int64_t>(tokens.size());
        const std::int64_t room = std::min(quantized.contextLength(), reference.contextLength());
        if (total > room)
            fail(ErrorCode::InvalidArgument, "The text is " + std::to_string(total) + " tokens long, more than the "
                                                 + std::to_string(room) + " the models' contexts hold.");
        quantized.resetCache();
        reference.resetCache();
        QualityReport report;
        double kl = 0.0, nll = 0.0, referenceNll = 0.0;
        std::int64_t agree = 0;
        std::vector<double> p, q;
        const std::int64_t chunk = std::max<std::int64_t>(1, options.chunk);
        for (std::int64_t first = 0; first < total; first += chunk) {
            const std::int64_t count = std::min(chunk, total - first);
            const std::vector<std::int32_t> part(tokens.begin() + first, tokens.begin() + first + count);
            const auto ours = quantized.extendWithLogits(part);
            if (!ours)
                throw EngineException(ours.error().code, ours.error().message);
            const auto theirs = reference.extendWithLogits(part);
            if (!theirs)
                throw EngineException(theirs.error().code, theirs.error().message);
            for (std::int64_t i = 0; i < count; ++i) {
                logSoftmax(theirs->data() + i * vocab, vocab, p);
                logSoftmax(ours->data() + i * vocab, vocab, q);
                double divergence = 0.0;
                std::size_t bestP = 0, bestQ = 0;
                for (std::size_t v = 0; v < p.size(); ++v) {
                    divergence += std::exp(p[v]) * (p[v] - q[v]);
                    bestP = p[v] > p[bestP] ? v : bestP;
                    bestQ = q[v] > q[bestQ] ? v : bestQ;
                }
                divergence = std::max(0.0, divergence); // rounding can leave -1e-17
                kl += divergence;
                report.maxKlDivergence = std::max(report.maxKlDivergence, divergence);
                agree += bestP == bestQ;
                const std::int64_t position = first + i;
                if (position + 1 < total) {
                    const auto next = static_cast<std::size_t>(tokens[static_cast<std::size_t>(position + 1)]);
                    if (next >= p.size())
                        fail(ErrorCode::InvalidArgument, "Token " + std::to_string(next) + " is outside the vocabulary.");
                    referenceNll -= p[next];
                    nll -= q[next];
                }
            }
            if (options.progress && !options.progress(static_cast<double>(first + count) / static_cast<double>(total)))
                fail(ErrorCode::Cancelled, "The quality check was cancelled.");
        }
        report.positions = total;
        report.meanKlDivergence = kl / static_cast<double>(total);
        report.top1Agreement = static_cast<double>(agree) / static_cast<double>(total);
        report.perplexity = std::exp(nll / static_cast<double>(total - 1));
        report.referencePerplexity = std::exp(referenceNll / static_cast<double>(total - 1));
        quantized.resetCache();
        reference.resetCache();
        return report;
    });
}

} // namespace deskseek::engine::inference
