// deskseek-cli quality: how far a quantized model's next-token predictions are from its
// original's over a text (mean KL divergence, top-1 agreement, perplexity of each).

#include "cli/cli.h"
#include "cli/interruptguard.h"
#include "cli/modelloading.h"
#include "cli/terminal.h"
#include "cli/terminalprogress.h"

#include "engine/inference/qualitycheck.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <optional>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runQuality(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Compare a quantized model with its original over a text: how often both pick the same next token, "
           "the mean KL divergence of the quantized model's next-token distribution from the original's, and the "
           "perplexity of each."));
    parser.addHelpOption();
    const QCommandLineOption reference(u"reference"_s, tr("The original model: a Hugging Face folder or a .gguf file"),
                                       tr("model"));
    const QCommandLineOption text(u"text"_s, tr("A UTF-8 text file to compare over (default: DeskSeek's sample text)"),
                                  tr("file"));
    const QCommandLineOption tokens(u"tokens"_s, tr("How many tokens of the text to use (default 512, at most 4096)"),
                                    tr("n"), u"512"_s);
    const QCommandLineOption json(u"json"_s, tr("Print JSON"));
    parser.addOptions({reference, text, tokens, json});
    ModelLoading loading(m_settings, m_err);
    loading.addOptions(parser);
    parser.addPositionalArgument(u"quantized"_s, tr("The quantized model: a .gguf file, a folder or an installed model's name"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    bool countOk = false;
    const int count = parser.value(tokens).toInt(&countOk);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(reference) || !countOk || count < 2 || count > 4096) {
        m_err << tr("Usage: deskseek-cli quality <quantized> --reference <hf-folder|gguf> [--text FILE] [--tokens N] "
                    "[--json] (N from 2 to 4096)")
              << u"\n"_s;
        return UsageError;
    }
    const QString textPath = parser.isSet(text) ? parser.value(text) : u":/quality/sample.txt"_s;
    QFile file(textPath);
    if (!file.open(QIODevice::ReadOnly)) {
        m_err << tr("Cannot read %1: %2").arg(textPath, file.errorString()) << u"\n"_s;
        return Failure;
    }
    const QByteArray content = file.read(64 << 20); // far more text than 4096 tokens need
    const QString quantizedPath = loading.resolve(parser.positionalArguments().first());
    const QString referencePath = loading.resolve(parser.value(reference));
    if (quantizedPath.isEmpty() || referencePath.isEmpty())
        return Failure;
    auto options = loading.options(parser);
    if (!options)
        return UsageError;
    options->contextLength = std::max<std::int64_t>(options->contextLength, count);
    const auto quantized = loading.load(quantizedPath, *options);
    if (!quantized)
        return Failure;
    const auto original = loading.load(referencePath, *options);
    if (!original)
        return Failure;
    auto encoded = quantized->tokenizer()->encode(content.toStdString());
    if (!encoded) {
        m_err << QString::fromStdString(encoded.error().message) << u"\n"_s;
        return Failure;
    }
    std::vector<std::int32_t> ids = std::move(encoded.value());
    if (ids.size() > static_cast<std::size_t>(count))
        ids.resize(static_cast<std::size_t>(count));
    if (ids.size() < 2) {
        m_err << tr("The text is too short: it gives %1 tokens.").arg(ids.size()) << u"\n"_s;
        return Failure;
    }

    TerminalProgress progress(m_err, stderrIsTerminal());
    std::optional<InterruptGuard> interrupt(std::in_place);
    engine::inference::QualityOptions check;
    check.progress = [&](double fraction) {
        progress.update(fraction, tr("Comparing"));
        return !interrupt->interrupted();
    };
    const auto report = engine::inference::compareModels(*quantized, *original, ids, check);
    interrupt.reset();
    progress.finish();
    if (!report) {
        m_err << tr("The comparison failed: %1").arg(QString::fromStdString(report.error().message)) << u"\n"_s;
        return Failure;
    }
    if (parser.isSet(json)) {
        const QJsonObject object{{u"tokens"_s, static_cast<qint64>(report->positions)},
                                 {u"meanKlDivergence"_s, report->meanKlDivergence},
                                 {u"maxKlDivergence"_s, report->maxKlDivergence},
                                 {u"top1Agreement"_s, report->top1Agreement},
                                 {u"perplexity"_s, report->perplexity},
                                 {u"referencePerplexity"_s, report->referencePerplexity}};
        m_out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) << u"\n"_s;
        return Success;
    }
    m_out << tr("Compared over %1 tokens of %2:").arg(report->positions).arg(parser.isSet(text) ? textPath : tr("the sample text"))
          << u"\n"_s;
    m_out << tr("  Next-token choices that match the original: %1 %").arg(100.0 * report->top1Agreement, 0, 'f', 1) << u"\n"_s;
    m_out << tr("  Mean KL divergence from the original: %1 nats (largest %2)")
                 .arg(report->meanKlDivergence, 0, 'g', 4)
                 .arg(report->maxKlDivergence, 0, 'g', 3)
          << u"\n"_s;
    m_out << tr("  Perplexity: %1 (the original's: %2)")
                 .arg(report->perplexity, 0, 'f', 3)
                 .arg(report->referencePerplexity, 0, 'f', 3)
          << u"\n"_s;
    return Success;
}

} // namespace deskseek::app
