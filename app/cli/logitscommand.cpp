// deskseek-cli logits: the last position's logits after a list of tokens, for cross-checks with
// other engines.

#include "cli/cli.h"
#include "cli/modelloading.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runLogits(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Print the logits of the next token after the given tokens."));
    parser.addHelpOption();
    const QCommandLineOption tokens(u"tokens"_s, tr("Token ids, separated by commas"), tr("ids"));
    const QCommandLineOption text(u"text"_s, tr("A text to tokenize instead of --tokens"), tr("text"));
    const QCommandLineOption top(u"top"_s, tr("How many of the largest logits to show (default: 10)"), tr("k"), u"10"_s);
    const QCommandLineOption all(u"all"_s, tr("With --json: include every logit"));
    const QCommandLineOption json(u"json"_s, tr("Print JSON"));
    parser.addOptions({tokens, text, top, all, json});
    ModelLoading loading(m_settings, m_err);
    loading.addOptions(parser);
    parser.addPositionalArgument(u"model"_s, tr("A model folder, a .gguf file or an installed model's name"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    bool topOk = false;
    const int topCount = parser.value(top).toInt(&topOk);
    if (parser.positionalArguments().size() != 1 || parser.isSet(tokens) == parser.isSet(text) || !topOk || topCount < 0) {
        m_err << tr("Usage: deskseek-cli logits <model> (--tokens 1,2,3 | --text TEXT) [--top K] [--json [--all]]")
              << u"\n"_s;
        return UsageError;
    }
    std::vector<std::int32_t> ids;
    if (parser.isSet(tokens)) {
        for (const QString &part : parser.value(tokens).split(u',', Qt::SkipEmptyParts)) {
            bool ok = false;
            ids.push_back(part.trimmed().toInt(&ok));
            if (!ok) {
                m_err << tr("'%1' is not a token id.").arg(part) << u"\n"_s;
                return UsageError;
            }
        }
    }
    const QString path = loading.resolve(parser.positionalArguments().first());
    if (path.isEmpty())
        return Failure;
    const auto options = loading.options(parser);
    if (!options)
        return UsageError;
    const auto model = loading.load(path, *options);
    if (!model)
        return Failure;
    if (parser.isSet(text)) {
        const auto encoded = model->tokenizer()->encode(parser.value(text).toStdString());
        if (!encoded) {
            m_err << QString::fromStdString(encoded.error().message) << u"\n"_s;
            return Failure;
        }
        ids = encoded.value();
    }
    const auto logits = model->logits(ids);
    if (!logits) {
        m_err << QString::fromStdString(logits.error().message) << u"\n"_s;
        return Failure;
    }
    const std::vector<float> &values = logits.value();
    std::vector<std::int32_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    const auto shown = std::min<std::size_t>(static_cast<std::size_t>(topCount), order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                      [&](std::int32_t a, std::int32_t b) { return values[a] > values[b] || (values[a] == values[b] && a < b); });
    if (parser.isSet(json)) {
        QJsonArray idArray, topArray;
        for (std::int32_t id : ids)
            idArray.append(id);
        for (std::size_t i = 0; i < shown; ++i)
            topArray.append(QJsonObject{{u"id"_s, order[i]}, {u"logit"_s, values[order[i]]}});
        QJsonObject report{{u"tokens"_s, idArray}, {u"vocab"_s, static_cast<qint64>(values.size())}, {u"top"_s, topArray}};
        if (parser.isSet(all)) {
            QJsonArray every;
            for (float value : values)
                every.append(value);
            report.insert(u"logits"_s, every);
        }
        m_out << QJsonDocument(report).toJson(QJsonDocument::Compact) << u"\n"_s;
        return Success;
    }
    m_out << tr("%n token(s), vocabulary of %1. Largest logits:", nullptr, static_cast<int>(ids.size())).arg(values.size())
          << u"\n"_s;
    for (std::size_t i = 0; i < shown; ++i) {
        const QString piece = QString::fromUtf8(model->tokenizer()->tokenBytes(order[i])).replace(u'\n', u"\\n"_s);
        m_out << u"  %1  %2  %3\n"_s.arg(order[i], 7).arg(values[order[i]], 12, 'f', 6).arg(piece);
    }
    return Success;
}

} // namespace deskseek::app
