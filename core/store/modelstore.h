#pragma once

#include "store/installedmodel.h"

#include <QList>
#include <QString>

namespace deskseek::store {

// The installed models: a scan of the model folder (one subfolder per model holding a GGUF
// file) plus the manifest each install writes. Deleting removes a model's folder.
class ModelStore
{
public:
    explicit ModelStore(QString modelFolder);

    QList<InstalledModel> scan() const;
    // Installs that started and did not finish (their folder holds the installer's journal):
    // the folder's name and the repository, to resume with the same pull.
    struct InterruptedInstall
    {
        QString name;
        QString repository;
    };
    QList<InterruptedInstall> interruptedInstalls() const;
    // Writes <folder>/manifest.json for a model that was just installed.
    // publisher: who made a ready-made file ("bartowski"); empty when DeskSeek made it.
    bool writeManifest(const QString &folder, const QString &repository, const QString &source,
                       const QString &quantization, QString *error, const QString &publisher = {}) const;
    // Adds the install's quality check to <folder>/manifest.json.
    bool recordQualityCheck(const QString &folder, double top1Agreement, double meanKlDivergence, int tokens,
                            QString *error) const;
    // Registers a GGUF file where it lies as model `name` (a plain folder name, not yet taken):
    // <model folder>/<name>/manifest.json points at it. importedFrom: "ollama", "lmstudio" or
    // "folder"; quantization as the file says ("Q4_K_M").
    bool writeImportManifest(const QString &name, const QString &file, const QString &importedFrom,
                             const QString &quantization, const QString &title, QString *error) const;
    // Removes the model's folder; false with a message if it is not an installed model. For an
    // imported model the file itself stays unless deleteImportedFile (then it goes too, except
    // a blob of Ollama's store, which Ollama manages: `ollama rm` removes those).
    bool remove(const QString &name, QString *error, bool deleteImportedFile = false) const;

    QString folder() const { return m_folder; }

private:
    QString m_folder;
};

} // namespace deskseek::store
