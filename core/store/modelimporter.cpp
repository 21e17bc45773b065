#include "store/modelimporter.h"

#include "store/modelstore.h"

#include "engine/gguf/gguffile.h"
#include "engine/gguf/quantscheme.h"
#include "engine/model/modelfiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskseek::store {

namespace {

constexpr qint64 kMaxManifestBytes = 1 << 20;
constexpr int kMaxFiles = 20000;  // entries a folder walk looks at
constexpr int kMaxDepth = 8;

QString plainName(QString text)
{
    text.replace(QRegularExpression(u"[^A-Za-z0-9._-]+"_s), u"-"_s);
    while (text.startsWith(u'.') || text.startsWith(u'-'))
        text.remove(0, 1);
    return text.left(96).isEmpty() ? u"model"_s : text.left(96);
}

} // namespace

ModelImporter::ModelImporter(QString modelFolder)
    : m_modelFolder(std::move(modelFolder))
{
}

QString ModelImporter::defaultOllamaFolder()
{
    const QString configured = qEnvironmentVariable("OLLAMA_MODELS");
    return configured.isEmpty() ? QDir::home().filePath(u".ollama/models"_s) : configured;
}

QStringList ModelImporter::defaultLmStudioFolders()
{
    QStringList folders;
    for (const QString &relative : {u".lmstudio/models"_s, u".cache/lm-studio/models"_s})
        if (QFileInfo(QDir::home().filePath(relative)).isDir())
            folders << QDir::home().filePath(relative);
    return folders;
}

QSet<QString> ModelImporter::importedFiles() const
{
    QSet<QString> files;
    for (const InstalledModel &installed : ModelStore(m_modelFolder).scan())
        if (installed.imported)
            files.insert(QFileInfo(installed.ggufPath).absoluteFilePath());
    return files;
}

ImportCandidate ModelImporter::describe(const QString &file, const QString &title, const QString &from,
                                        const QSet<QString> &imported) const
{
    ImportCandidate candidate;
    candidate.title = title;
    candidate.file = QFileInfo(file).absoluteFilePath();
    candidate.from = from;
    candidate.bytes = QFileInfo(file).size();
    const auto header = engine::gguf::GgufFile::open(file.toStdString());
    if (header) {
        if (const auto *arch = header->find("general.architecture"); arch && arch->asString())
            candidate.architecture = QString::fromStdString(*arch->asString());
        if (const auto *type = header->find("general.file_type"); type && type->asUnsigned())
            if (const auto scheme = engine::gguf::quantSchemeFromLlamaFileType(*type->asUnsigned()))
                candidate.quantization = QString::fromStdString(scheme->name);
    }
    static const QRegularExpression split(u"-\\d{5}-of-\\d{5}\\.gguf$"_s);
    if (split.match(file).hasMatch()) {
        candidate.reason = tr("The model is split into several files; DeskSeek reads models in one file.");
    } else if (!header) {
        candidate.reason = QString::fromStdString(header.error().message);
    } else {
        // The whole description: architecture, tokenizer and every tensor's type and shape.
        const auto model = engine::model::ModelFiles::openGguf(file.toStdString());
        if (model)
            candidate.runnable = true;
        else
            candidate.reason = QString::fromStdString(model.error().message);
    }
    candidate.alreadyImported = imported.contains(candidate.file);
    return candidate;
}

QList<ImportCandidate> ModelImporter::findInOllama(const QString &root) const
{
    QList<ImportCandidate> found;
    const QDir manifests(QDir(root).filePath(u"manifests"_s));
    if (!manifests.exists())
        return found;
    QDirIterator it(manifests.path(), QDir::Files, QDirIterator::Subdirectories);
    const QSet<QString> imported = importedFiles();
    int seen = 0;
    while (it.hasNext() && seen++ < kMaxFiles) {
        const QString path = it.next();
        const QStringList parts = manifests.relativeFilePath(path).split(u'/');
        if (parts.size() != 4) // registry / namespace / model / tag
            continue;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxManifestBytes)
            continue;
        const QJsonObject manifest = QJsonDocument::fromJson(file.readAll()).object();
        QString digest;
        for (const QJsonValue &layer : manifest.value(u"layers"_s).toArray())
            if (layer.toObject().value(u"mediaType"_s).toString() == u"application/vnd.ollama.image.model"_s)
                digest = layer.toObject().value(u"digest"_s).toString();
        static const QRegularExpression sha(u"^sha256:([0-9a-f]{64})$"_s);
        const auto match = sha.match(digest);
        if (!match.hasMatch())
            continue;
        const QString blob = QDir(root).filePath(u"blobs/sha256-"_s + match.captured(1));
        if (!QFileInfo::exists(blob))
            continue;
        const QString model = parts[2] + u':' + parts[3];
        const bool library = parts[0] == u"registry.ollama.ai"_s && parts[1] == u"library"_s;
        const QString title = library ? model : parts[0] == u"registry.ollama.ai"_s ? parts[1] + u'/' + model
                                                                                    : parts[0] + u'/' + parts[1] + u'/' + model;
        ImportCandidate candidate = describe(blob, title, u"ollama"_s, imported);
        candidate.suggestedName = plainName(u"ollama-"_s + title);
        found.append(candidate);
    }
    return found;
}

QList<ImportCandidate> ModelImporter::findInFolder(const QString &folder, const QString &from) const
{
    QList<ImportCandidate> found;
    const QDir base(folder);
    QDirIterator it(folder, {u"*.gguf"_s, u"*.GGUF"_s}, QDir::Files, QDirIterator::Subdirectories);
    const QSet<QString> imported = importedFiles();
    int seen = 0;
    while (it.hasNext() && seen++ < kMaxFiles) {
        const QString path = it.next();
        if (base.relativeFilePath(path).count(u'/') > kMaxDepth)
            continue;
        const QString name = QFileInfo(path).completeBaseName();
        if (name.contains(u"mmproj"_s, Qt::CaseInsensitive))
            continue; // a vision model's image projector, not a language model
        found.append(describeFile(path, from, imported));
    }
    return found;
}

ImportCandidate ModelImporter::describeFile(const QString &file, const QString &from, const QSet<QString> &imported) const
{
    ImportCandidate candidate = describe(file, QFileInfo(file).fileName(), from, imported);
    candidate.suggestedName = plainName(QFileInfo(file).completeBaseName());
    return candidate;
}

ImportCandidate ModelImporter::examine(const QString &file, const QString &from) const
{
    return describeFile(file, from, importedFiles());
}

QString ModelImporter::freeName(const QString &wanted, const QStringList &taken) const
{
    QString name = wanted;
    for (int i = 2; taken.contains(name, Qt::CaseInsensitive) || QDir(m_modelFolder).exists(name); ++i)
        name = wanted + u'-' + QString::number(i);
    return name;
}

bool ModelImporter::import(const ImportCandidate &candidate, QString *name, QString *error) const
{
    if (!candidate.runnable) {
        if (error)
            *error = tr("DeskSeek cannot run %1: %2").arg(candidate.title, candidate.reason);
        return false;
    }
    if (!QDir().mkpath(m_modelFolder)) {
        if (error)
            *error = tr("Cannot create the model folder %1.").arg(m_modelFolder);
        return false;
    }
    QStringList taken;
    for (const InstalledModel &installed : ModelStore(m_modelFolder).scan()) {
        taken << installed.name;
        if (installed.imported && QFileInfo(installed.ggufPath).absoluteFilePath() == candidate.file) {
            if (name)
                *name = installed.name;
            return true; // imported before: nothing to do
        }
    }
    const QString chosen = freeName(candidate.suggestedName.isEmpty() ? u"model"_s : candidate.suggestedName, taken);
    if (!ModelStore(m_modelFolder).writeImportManifest(chosen, candidate.file, candidate.from, candidate.quantization,
                                                       candidate.title, error))
        return false;
    if (name)
        *name = chosen;
    return true;
}

} // namespace deskseek::store
