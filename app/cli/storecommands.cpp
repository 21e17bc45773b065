// deskseek-cli list and rm: the installed models.

#include "cli/cli.h"

#include "i18n/datasize.h"
#include "settings/appsettings.h"
#include "store/modelstore.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runList(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("List the installed models."));
    parser.addHelpOption();
    const QCommandLineOption json(u"json"_s, tr("Print JSON instead of text"));
    parser.addOption(json);
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    const store::ModelStore models(m_settings.modelDirectory());
    const QList<store::InstalledModel> installed = models.scan();
    if (parser.isSet(json)) {
        QJsonArray array;
        for (const store::InstalledModel &m : installed) {
            array.append(QJsonObject{{u"name"_s, m.name}, {u"file"_s, m.ggufPath}, {u"architecture"_s, m.architecture},
                                     {u"quantization"_s, m.quantization}, {u"bytes"_s, double(m.bytes)},
                                     {u"repository"_s, m.repository}, {u"source"_s, m.source},
                                     {u"imported"_s, m.imported}, {u"importedFrom"_s, m.importedFrom}});
        }
        m_out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return Success;
    }
    if (installed.isEmpty())
        m_out << tr("No models installed in %1. Install one with 'deskseek-cli pull <model>'.").arg(models.folder()) << u"\n"_s;
    for (const store::InstalledModel &m : installed) {
        m_out << u"%1  %2  %3  %4\n"_s.arg(m.name.leftJustified(36), m.quantization.leftJustified(6),
                                         i18n::formatBytes(m.bytes).rightJustified(9),
                                         m.ggufPath);
    }
    for (const store::ModelStore::InterruptedInstall &pending : models.interruptedInstalls())
        m_out << tr("%1: the install was interrupted. Run 'deskseek-cli pull %2' to resume it.")
                     .arg(pending.name, pending.repository.isEmpty() ? pending.name : pending.repository)
              << u"\n"_s;
    return Success;
}

int Cli::runRemove(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Delete an installed model and its files. An imported model is forgotten "
                                        "and its file kept, unless --delete-file is given."));
    parser.addHelpOption();
    const QCommandLineOption deleteFile(u"delete-file"_s, tr("For an imported model: delete its GGUF file too"));
    parser.addOption(deleteFile);
    parser.addPositionalArgument(u"model"_s, tr("The model's name, as 'deskseek-cli list' shows it"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        m_err << tr("Usage: deskseek-cli rm <model>") << u"\n"_s;
        return UsageError;
    }
    QString error;
    if (!store::ModelStore(m_settings.modelDirectory())
             .remove(parser.positionalArguments().first(), &error, parser.isSet(deleteFile))) {
        m_err << error << u"\n"_s;
        return Failure;
    }
    m_out << tr("Deleted %1.").arg(parser.positionalArguments().first()) << u"\n"_s;
    return Success;
}

} // namespace deskseek::app
