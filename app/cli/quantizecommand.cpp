// deskseek-cli quantize: a Hugging Face folder or a GGUF file to a GGUF file.

#include "cli/cli.h"
#include "cli/interruptguard.h"
#include "cli/terminal.h"
#include "cli/terminalprogress.h"

#include "engine/gguf/ggufconverter.h"
#include "engine/model/modelfiles.h"
#include "i18n/datasize.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <optional>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runQuantize(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Convert a Hugging Face model folder (or a GGUF file) to a GGUF file that DeskSeek, "
           "llama.cpp, Ollama and LM Studio can load."));
    parser.addHelpOption();
    QStringList typeNames;
    for (const std::string &name : engine::gguf::writableSchemeNames())
        typeNames.append(QString::fromStdString(name));
    const QCommandLineOption type(u"type"_s, tr("Weight type: %1 (default q8_0)").arg(typeNames.join(u", "_s)),
                                  tr("type"), u"q8_0"_s);
    const QCommandLineOption force(u"force"_s, tr("Replace the output file if it exists"));
    parser.addOption(type);
    parser.addOption(force);
    parser.addPositionalArgument(u"input"_s, tr("A Hugging Face model folder or a .gguf file"));
    parser.addPositionalArgument(u"output"_s, tr("The .gguf file to write"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2) {
        m_err << tr("deskseek-cli quantize needs an input model and an output file. Example: "
                    "deskseek-cli quantize ~/models/DeepSeek-R1-Distill-Qwen-1.5B model-q4_k_m.gguf --type q4_k_m")
              << u"\n"_s;
        return UsageError;
    }
    const auto scheme = engine::gguf::quantSchemeFromName(parser.value(type).toStdString());
    if (!scheme) {
        m_err << tr("Unknown type '%1'. Choose one of %2.").arg(parser.value(type), typeNames.join(u", "_s)) << u"\n"_s;
        return UsageError;
    }
    const QString input = positional.at(0);
    const QString output = positional.at(1);
    if (QFileInfo::exists(output) && !parser.isSet(force)) {
        m_err << tr("%1 already exists. Choose another name or add --force to replace it.").arg(output) << u"\n"_s;
        return Failure;
    }
    if (QFileInfo(input).absoluteFilePath() == QFileInfo(output).absoluteFilePath()) {
        m_err << tr("The output file must not be the input file.") << u"\n"_s;
        return UsageError;
    }

    const auto files = engine::model::ModelFiles::open(input.toStdString());
    if (!files) {
        m_err << tr("Cannot read the model: %1").arg(QString::fromStdString(files.error().message)) << u"\n"_s;
        return Failure;
    }
    m_err << tr("Converting %1 (%2, %3 tensors) to %4 ...")
                 .arg(QString::fromStdString(files->name),
                      QString::fromLatin1(engine::model::architectureName(files->config.architecture)))
                 .arg(files->tensors.size())
                 .arg(QString::fromStdString(scheme->name))
          << u"\n"_s;
    TerminalProgress progress(m_err, stderrIsTerminal());
    std::optional<InterruptGuard> interrupt(std::in_place); // Ctrl+C stops and removes the partial file
    const auto summary = engine::gguf::convertToGguf(
        files.value(), output.toStdString(), *scheme, [&](const engine::gguf::ConvertProgress &state) {
            const double fraction = state.bytesTotal ? double(state.bytesDone) / double(state.bytesTotal) : 1.0;
            progress.update(fraction, QString::fromStdString(state.tensorName));
            return !interrupt->interrupted();
        });
    interrupt.reset();
    progress.finish();
    if (!summary) {
        if (summary.error().code == engine::ErrorCode::Cancelled)
            m_err << tr("Cancelled. No file was written.") << u"\n"_s;
        else
            m_err << tr("Conversion failed: %1").arg(QString::fromStdString(summary.error().message)) << u"\n"_s;
        return Failure;
    }
    m_out << tr("Wrote %1: %2 tensors, %3 -> %4 (%5) in %6 s.")
                 .arg(output)
                 .arg(summary->tensorCount)
                 .arg(i18n::formatBytes(qint64(summary->inputBytes)), i18n::formatBytes(qint64(summary->outputBytes)),
                      QString::fromStdString(scheme->name))
                 .arg(summary->seconds, 0, 'f', 1)
          << u"\n"_s;
    return Success;
}

} // namespace deskseek::app
