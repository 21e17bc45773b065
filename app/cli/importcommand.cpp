// deskseek-cli import: registers GGUF models found on this computer (Ollama's store, LM Studio's
// folders, a folder or a file) where they lie.

#include "cli/cli.h"

#include "i18n/datasize.h"
#include "settings/appsettings.h"
#include "store/modelimporter.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runImport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        tr("Add GGUF models that are already on this computer, where they lie (nothing is copied): Ollama's "
           "models, LM Studio's, or those in a folder."));
    parser.addHelpOption();
    const QCommandLineOption dryRun(u"dry-run"_s, tr("Only list what would be added"));
    const QCommandLineOption json(u"json"_s, tr("Print JSON"));
    parser.addOptions({dryRun, json});
    parser.addPositionalArgument(u"where"_s, tr("'ollama', 'lmstudio', a folder or a .gguf file"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        m_err << tr("Usage: deskseek-cli import <ollama|lmstudio|folder|file.gguf> [--dry-run] [--json]") << u"\n"_s;
        return UsageError;
    }
    const store::ModelImporter importer(m_settings.modelDirectory());
    const QString where = parser.positionalArguments().first();
    QList<store::ImportCandidate> found;
    if (where == u"ollama"_s) {
        const QString root = store::ModelImporter::defaultOllamaFolder();
        found = importer.findInOllama(root);
        if (found.isEmpty())
            m_err << tr("No Ollama models in %1.").arg(root) << u"\n"_s;
    } else if (where == u"lmstudio"_s) {
        const QStringList folders = store::ModelImporter::defaultLmStudioFolders();
        for (const QString &folder : folders)
            found += importer.findInFolder(folder, u"lmstudio"_s);
        if (found.isEmpty())
            m_err << tr("No LM Studio models in ~/.lmstudio/models or ~/.cache/lm-studio/models.") << u"\n"_s;
    } else if (QFileInfo(where).isDir()) {
        found = importer.findInFolder(where, u"folder"_s);
        if (found.isEmpty())
            m_err << tr("No .gguf files in %1.").arg(where) << u"\n"_s;
    } else if (QFileInfo(where).isFile()) {
        found.append(importer.examine(where, u"folder"_s));
    } else {
        m_err << tr("%1 is neither 'ollama', 'lmstudio', a folder nor a file.").arg(where) << u"\n"_s;
        return UsageError;
    }

    QJsonArray report;
    int added = 0;
    int failed = 0;
    for (const store::ImportCandidate &candidate : found) {
        QString name;
        QString error;
        const bool ok = candidate.runnable && (parser.isSet(dryRun) || importer.import(candidate, &name, &error));
        if (candidate.runnable && !ok)
            ++failed;
        added += ok && !parser.isSet(dryRun) && !candidate.alreadyImported;
        if (parser.isSet(json)) {
            report.append(QJsonObject{{u"title"_s, candidate.title}, {u"file"_s, candidate.file}, {u"from"_s, candidate.from},
                                      {u"bytes"_s, double(candidate.bytes)}, {u"architecture"_s, candidate.architecture},
                                      {u"quantization"_s, candidate.quantization}, {u"runnable"_s, candidate.runnable},
                                      {u"reason"_s, candidate.reason}, {u"name"_s, name},
                                      {u"alreadyImported"_s, candidate.alreadyImported}, {u"error"_s, error}});
            continue;
        }
        const QString facts = u"%1  %2  %3"_s.arg(candidate.architecture.isEmpty() ? u"?"_s : candidate.architecture,
                                                   candidate.quantization.isEmpty() ? u"?"_s : candidate.quantization,
                                                   i18n::formatBytes(candidate.bytes));
        if (!candidate.runnable)
            m_out << tr("not added  %1  (%2): %3").arg(candidate.title, facts, candidate.reason) << u"\n"_s;
        else if (!ok)
            m_out << tr("failed     %1  (%2): %3").arg(candidate.title, facts, error) << u"\n"_s;
        else if (parser.isSet(dryRun))
            m_out << tr("would add  %1  (%2)").arg(candidate.title, facts) << u"\n"_s;
        else if (candidate.alreadyImported)
            m_out << tr("already    %1  (%2) as %3").arg(candidate.title, facts, name) << u"\n"_s;
        else
            m_out << tr("added      %1  (%2) as %3").arg(candidate.title, facts, name) << u"\n"_s;
    }
    if (parser.isSet(json))
        m_out << QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Indented));
    else if (added > 0)
        m_out << tr("Models added: %1. They stay where they are; 'deskseek-cli rm' forgets one without deleting its file.")
                     .arg(added)
              << u"\n"_s;
    return failed > 0 ? Failure : Success;
}

} // namespace deskseek::app
