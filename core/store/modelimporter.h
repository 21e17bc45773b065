#pragma once

#include <QCoreApplication>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace deskseek::store {

// A GGUF model found on this computer that DeskSeek can register where it lies.
struct ImportCandidate
{
    QString title;         // "deepseek-r1:1.5b" (Ollama), the file's name otherwise
    QString file;          // the GGUF (for Ollama: the model layer's blob)
    QString from;          // "ollama", "lmstudio" or "folder"
    qint64 bytes = 0;
    QString architecture;  // from the file's header ("qwen2"); empty when unreadable
    QString quantization;  // "Q4_K_M", from general.file_type
    bool runnable = false;
    QString reason;        // why DeskSeek cannot run it, when it cannot
    QString suggestedName; // the name it gets among the installed models
    bool alreadyImported = false;
};

// Finds GGUF models in Ollama's store, LM Studio's models folders or any folder, says which
// DeskSeek can run (and why not the others), and registers them in place: a manifest in the
// model folder that points at the file, no copy.
class ModelImporter
{
    Q_DECLARE_TR_FUNCTIONS(ModelImporter)

public:
    explicit ModelImporter(QString modelFolder);

    // $OLLAMA_MODELS, or ~/.ollama/models.
    static QString defaultOllamaFolder();
    // ~/.lmstudio/models and ~/.cache/lm-studio/models (those that exist).
    static QStringList defaultLmStudioFolders();

    // Ollama's store: every manifest (manifests/<registry>/<namespace>/<model>/<tag>) whose model
    // layer's blob exists.
    QList<ImportCandidate> findInOllama(const QString &root) const;
    // Every .gguf under `folder` (subfolders too, a bounded walk), as coming `from` there. Vision
    // projectors (mmproj) are left out; split files are listed as not runnable.
    QList<ImportCandidate> findInFolder(const QString &folder, const QString &from) const;

    // One .gguf file, as coming `from` its folder.
    ImportCandidate examine(const QString &file, const QString &from) const;

    // Registers a runnable candidate; `name` receives the model's name.
    bool import(const ImportCandidate &candidate, QString *name, QString *error) const;

private:
    // The files of the models imported already (read once per search).
    QSet<QString> importedFiles() const;
    ImportCandidate describe(const QString &file, const QString &title, const QString &from,
                             const QSet<QString> &imported) const;
    // A file outside Ollama's store: titled and named after the file.
    ImportCandidate describeFile(const QString &file, const QString &from, const QSet<QString> &imported) const;
    QString freeName(const QString &wanted, const QStringList &taken) const;

    QString m_modelFolder;
};

} // namespace deskseek::store
