// deskseek-cli tokenize: the token ids of a text, for a tokenizer.json, a model folder or a GGUF.

#include "cli/cli.h"

#include "engine/model/modelfiles.h"
#include "engine/tokenizer/tokenizer.h"
#include "engine/tokenizer/tokenizerjson.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

namespace {
engine::Result<engine::tokenizer::Vocabulary> loadVocabulary(const QString &path)
{
    const QFileInfo info(path);
    if (info.isFile() && info.fileName().endsWith(u".json"_s))
        return engine::tokenizer::loadTokenizerJson(path.toStdString());
    auto files = engine::model::ModelFiles::open(path.toStdString());
    if (!files)
        return files.error();
    return std::move(files).value().vocabulary;
}
} // namespace

int Cli::runTokenize(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Show the token ids of a text for a model's tokenizer."));
    parser.addHelpOption();
    const QCommandLineOption text(u"text"_s, tr("The text to tokenize"), tr("text"));
    const QCommandLineOption json(u"json"_s, tr("Print JSON (ids and token texts) instead of ids"));
    const QCommandLineOption noSpecial(u"no-special"_s,
                                       tr("Treat special tokens written in the text as plain text"));
    parser.addOption(text);
    parser.addOption(json);
    parser.addOption(noSpecial);
    parser.addPositionalArgument(u"tokenizer"_s, tr("A model folder, a tokenizer.json or a .gguf file"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(text)) {
        m_err << tr("Usage: deskseek-cli tokenize <model folder|tokenizer.json|file.gguf> --text TEXT [--json]")
              << u"\n"_s;
        return UsageError;
    }
    auto vocabulary = loadVocabulary(parser.positionalArguments().first());
    if (!vocabulary) {
        m_err << tr("Cannot load the tokenizer: %1").arg(QString::fromStdString(vocabulary.error().message)) << u"\n"_s;
        return Failure;
    }
    const auto tokenizer = engine::tokenizer::Tokenizer::create(std::move(vocabulary).value());
    if (!tokenizer) {
        m_err << tr("Cannot load the tokenizer: %1").arg(QString::fromStdString(tokenizer.error().message)) << u"\n"_s;
        return Failure;
    }
    const auto ids = tokenizer.value()->encode(parser.value(text).toStdString(), !parser.isSet(noSpecial));
    if (!ids) {
        m_err << QString::fromStdString(ids.error().message) << u"\n"_s;
        return Failure;
    }
    if (parser.isSet(json)) {
        QJsonArray idArray, pieces;
        for (std::int32_t id : ids.value()) {
            idArray.append(id);
            // A token may hold part of a UTF-8 character: such pieces show U+FFFD.
            pieces.append(QString::fromUtf8(tokenizer.value()->tokenBytes(id)));
        }
        m_out << QJsonDocument(QJsonObject{{u"ids"_s, idArray}, {u"tokens"_s, pieces}, {u"count"_s, idArray.size()}})
                     .toJson(QJsonDocument::Compact)
              << u"\n"_s;
        return Success;
    }
    QStringList numbers;
    for (std::int32_t id : ids.value())
        numbers << QString::number(id);
    m_out << numbers.join(u' ') << u"\n"_s;
    return Success;
}

} // namespace deskseek::app
