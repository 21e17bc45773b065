#include "store/modelstore.h"

#include "store/modelinstaller.h"

#include "engine/gguf/gguffile.h"
#include "engine/gguf/ggufmodel.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace deskseek::store {

namespace {
qint64 folderBytes(const QString &path)
{
    qint64 total = 0;
    QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

struct ImportedFile
{
    QString path; // empty: not an imported model
    QString from;
};

// The file an imported model's manifest points at.
ImportedFile importedFile(const QDir &folder)
{
    QFile manifest(folder.filePath(u"manifest.json"_s));
    if (!manifest.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject json = QJsonDocument::fromJson(manifest.read(1 << 20)).object();
    const QString file = json.value(u"file"_s).toString();
    if (!json.value(u"imported"_s).toBool() || file.isEmpty() || !QFileInfo(file).isAbsolute())
        return {};
    return {file, json.value(u"importedFrom"_s).toString()};
}

bool plainName(const QString &name)
{
    return !name.isEmpty() && !name.contains(u'/') && !name.contains(u'\\') && name != u"."_s && name != u".."_s;
}

} // namespace

ModelStore::ModelStore(QString modelFolder)
    : m_folder(std::move(modelFolder))
{
}

QList<ModelStore::InterruptedInstall> ModelStore::interruptedInstalls() const
{
    QList<InterruptedInstall> result;
    const QDir root(m_folder);
    for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::IgnoreCase)) {
        if (!QFileInfo::exists(root.filePath(name + u'/' + ModelInstaller::journalName())))
            continue;
        const auto request = ModelInstaller::readJournal(m_folder, name);
        result.append({name, request ? request->sources.first().repo : QString()});
    }
    return result;
}

QList<InstalledModel> ModelStore::scan() const
{
    QList<InstalledModel> models;
    const QDir root(m_folder);
    for (const QString &name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::IgnoreCase)) {
        const QDir folder(root.filePath(name));
        const QStringList ggufs = folder.entryList({u"*.gguf"_s}, QDir::Files, QDir::Name);
        const ImportedFile imported = importedFile(folder);
        if ((ggufs.isEmpty() && imported.path.isEmpty()) || folder.exists(ModelInstaller::journalName()))
            continue; // not installed (yet): an install in progress or interrupted, or something else
        InstalledModel model;
        model.name = name;
        model.folder = folder.path();
        if (!imported.path.isEmpty()) {
            if (!QFileInfo::exists(imported.path))
                continue; // the file was moved or deleted where it lay
            model.ggufPath = imported.path;
            model.bytes = QFileInfo(imported.path).size();
            model.imported = true;
            model.importedFrom = imported.from;
        } else {
            model.ggufPath = folder.filePath(ggufs.first());
            model.bytes = folderBytes(folder.path());
        }
        // Only the header is read: the file is memory-mapped, not loaded.
        const auto file = engine::gguf::GgufFile::open(model.ggufPath.toStdString());
        if (file) {
            if (const auto *arch = file->find("general.architecture"); arch && arch->asString())
                model.architecture = QString::fromStdString(*arch->asString());
            if (const auto *type = file->find("general.file_type"); type && type->asUnsigned()) {
                if (const auto scheme = engine::gguf::quantSchemeFromLlamaFileType(*type->asUnsigned()))
                    model.quantization = QString::fromStdString(scheme->name);
            }
        }
        QFile manifest(folder.filePath(u"manifest.json"_s));
        if (manifest.open(QIODevice::ReadOnly)) {
            const QJsonObject json = QJsonDocument::fromJson(manifest.read(1 << 20)).object();
            model.repository = json.value(u"repository"_s).toString();
            model.source = json.value(u"source"_s).toString();
            model.installed = QDateTime::fromString(json.value(u"installed"_s).toString(), Qt::ISODate);
            if (model.quantization.isEmpty())
                model.quantization = json.value(u"quantization"_s).toString();
            model.publisher = json.value(u"publisher"_s).toString();
            const QJsonObject check = json.value(u"qualityCheck"_s).toObject();
            if (!check.isEmpty()) {
                model.top1Agreement = check.value(u"top1Agreement"_s).toDouble(-1.0);
                model.meanKlDivergence = check.value(u"meanKlDivergence"_s).toDouble(-1.0);
            }
        }
        models.append(model);
    }
    return models;
}

bool ModelStore::writeManifest(const QString &folder, const QString &repository, const QString &source,
                               const QString &quantization, QString *error, const QString &publisher) const
{
    QSaveFile file(QDir(folder).filePath(u"manifest.json"_s));
    QJsonObject json{{u"repository"_s, repository}, {u"source"_s, source}, {u"quantization"_s, quantization},
                     {u"installed"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    if (!publisher.isEmpty())
        json.insert(u"publisher"_s, publisher);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 || !file.commit()) {
        if (error)
            *error = u"Cannot write %1: %2"_s.arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

bool ModelStore::recordQualityCheck(const QString &folder, double top1Agreement, double meanKlDivergence, int tokens,
                                    QString *error) const
{
    QFile existing(QDir(folder).filePath(u"manifest.json"_s));
    QJsonObject json;
    if (existing.open(QIODevice::ReadOnly))
        json = QJsonDocument::fromJson(existing.read(1 << 20)).object();
    existing.close();
    json.insert(u"qualityCheck"_s, QJsonObject{{u"top1Agreement"_s, top1Agreement},
                                               {u"meanKlDivergence"_s, meanKlDivergence},
                                               {u"tokens"_s, tokens}});
    QSaveFile file(existing.fileName());
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 || !file.commit()) {
        if (error)
            *error = u"Cannot write %1: %2"_s.arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

bool ModelStore::writeImportManifest(const QString &name, const QString &file, const QString &importedFrom,
                                     const QString &quantization, const QString &title, QString *error) const
{
    const QDir root(m_folder);
    if (!plainName(name) || root.exists(name)) {
        if (error)
            *error = u"A model called '%1' already exists."_s.arg(name);
        return false;
    }
    if (!root.mkpath(name)) {
        if (error)
            *error = u"Cannot create %1."_s.arg(root.filePath(name));
        return false;
    }
    QSaveFile manifest(root.filePath(name + u"/manifest.json"_s));
    const QJsonObject json{{u"imported"_s, true},
                           {u"file"_s, QFileInfo(file).absoluteFilePath()},
                           {u"importedFrom"_s, importedFrom},
                           {u"title"_s, title},
                           {u"quantization"_s, quantization},
                           {u"source"_s, importedFrom},
                           {u"installed"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    if (!manifest.open(QIODevice::WriteOnly) || manifest.write(QJsonDocument(json).toJson()) < 0 || !manifest.commit()) {
        if (error)
            *error = u"Cannot write %1: %2"_s.arg(manifest.fileName(), manifest.errorString());
        QDir(root.filePath(name)).removeRecursively();
        return false;
    }
    return true;
}

bool ModelStore::remove(const QString &name, QString *error, bool deleteImportedFile) const
{
    // Only a model's own folder: a plain name directly under the model folder, holding a GGUF
    // or an imported model's manifest.
    const QDir folder(QDir(m_folder).filePath(name));
    const ImportedFile imported = plainName(name) ? importedFile(folder) : ImportedFile{};
    const bool installed = plainName(name) && (!folder.entryList({u"*.gguf"_s}, QDir::Files).isEmpty() || !imported.path.isEmpty());
    if (!installed) {
        if (error)
            *error = u"No installed model is called '%1'. Run 'deskseek-cli list' for the names."_s.arg(name);
        return false;
    }
    if (!imported.path.isEmpty() && deleteImportedFile) {
        if (imported.from == u"ollama"_s) {
            if (error)
                *error = u"'%1' is in Ollama's store; remove it with 'ollama rm' (DeskSeek only forgets it)."_s.arg(name);
            return false;
        }
        if (QFileInfo::exists(imported.path) && !QFile::remove(imported.path)) {
            if (error)
                *error = u"Could not delete %1. Close programs that use it and try again."_s.arg(imported.path);
            return false;
        }
    }
    if (!QDir(folder.path()).removeRecursively()) {
        if (error)
            *error = u"Could not delete everything in %1. Close programs that use the model and try again."_s.arg(folder.path());
        return false;
    }
    return true;
}

} // namespace deskseek::store
