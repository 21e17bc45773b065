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
    bool writeManifest(const QString &folder, const QString &repository, const QString &source,
                       const QString &quantization, QString *error) const;
    // Removes the model's folder; false with a message if it is not an installed model.
    bool remove(const QString &name, QString *error) const;

    QString folder() const { return m_folder; }

private:
    QString m_folder;
};

} // namespace deskseek::store
