#pragma once

#include <QDateTime>
#include <QString>

namespace deskseek::store {

// A model in the model folder: <model folder>/<name>/<name>-<TYPE>.gguf, with the manifest that
// `pull` writes beside it (manifest.json: repository, source, type, date); or an imported model
// (Ollama's store, LM Studio's folder, any folder): <model folder>/<name>/manifest.json pointing
// at the GGUF file where it lies, never copied.
struct InstalledModel
{
    QString name;         // the folder's name, e.g. "DeepSeek-R1-Distill-Qwen-7B"
    QString folder;
    QString ggufPath;
    QString architecture; // "qwen2", from the GGUF
    QString quantization; // "Q4_0"
    qint64 bytes = 0;     // everything in the folder (imported: the file)
    QString repository;   // from the manifest; empty for a GGUF put there by hand
    QString source;
    QDateTime installed;
    QString publisher;     // who made a ready-made file ("bartowski"); empty when DeskSeek made it
    double top1Agreement = -1.0;    // the install's quality check (< 0: none ran)
    double meanKlDivergence = -1.0;
    bool imported = false; // registered in place: "Delete" forgets it and keeps the file unless asked
    QString importedFrom;  // "ollama", "lmstudio", "folder"
};

} // namespace deskseek::store
