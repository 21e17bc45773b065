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
        if (ggufs.isEmpty() || folder.exists(ModelInstaller::journalName()))
            continue; // not installed (yet): an install in progress or interrupted, or something else
        InstalledModel model;
        model.name = name;
        model.folder = folder.path();
        model.ggufPath = folder.filePath(ggufs.first());
        model.bytes = folderBytes(folder.path());
        // Only the header is read: the file is memory-mapped, not loaded.
        const auto file = engine::gguf::GgufFile::open(model.ggufPath.toStdString());
        if (file) {
            if (const auto *arch = file->find("general.architecture"); arch && arch->asString())
                model.architecture = QString::fromStdString(*arch->asString());
            if (const auto *type = file->find("general.file_type"); type && type->asUnsigned()) {
                if (const auto dtype = engine::gguf::dtypeFromLlamaFileType(*type->asUnsigned()))
                    model.quantization = QString::fromLatin1(engine::model::dtypeName(*dtype));
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
        }
        models.append(model);
    }
    return models;
}

bool ModelStore::writeManifest(const QString &folder, const QString &repository, const QString &source,
                               const QString &quantization, QString *error) const
{
    QSaveFile file(QDir(folder).filePath(u"manifest.json"_s));
    const QJsonObject json{{u"repository"_s, repository}, {u"source"_s, source}, {u"quantization"_s, quantization},
                           {u"installed"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(json).toJson()) < 0 || !file.commit()) {
        if (error)
            *error = u"Cannot write %1: %2"_s.arg(file.fileName(), file.errorString());
        return false;
    }
    return true;
}

bool ModelStore::remove(const QString &name, QString *error) const
{
    // Only a model's own folder: a plain name directly under the model folder, holding a GGUF.
    const QDir folder(QDir(m_folder).filePath(name));
    const bool installed = !name.isEmpty() && !name.contains(u'/') && !name.contains(u'\\') && name != u"."_s
                           && name != u".."_s && !folder.entryList({u"*.gguf"_s}, QDir::Files).isEmpty();
    if (!installed) {
        if (error)
            *error = u"No installed model is called '%1'. Run 'deskseek-cli list' for the names."_s.arg(name);
        return false;
    }
    if (!QDir(folder.path()).removeRecursively()) {
        if (error)
            *error = u"Could not delete everything in %1. Close programs that use the model and try again."_s.arg(folder.path());
        return false;
    }
    return true;
}

} // namespace deskseek::store
