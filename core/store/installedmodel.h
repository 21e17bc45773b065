#pragma once

#include <QDateTime>
#include <QString>

namespace deskseek::store {

// A model in the model folder: <model folder>/<name>/<name>-<TYPE>.gguf, with the manifest that
// `pull` writes beside it (manifest.json: repository, source, type, date).
struct InstalledModel
{
    QString name;         // the folder's name, e.g. "DeepSeek-R1-Distill-Qwen-7B"
    QString folder;
    QString ggufPath;
    QString architecture; // "qwen2", from the GGUF
    QString quantization; // "Q4_0"
    qint64 bytes = 0;     // everything in the folder
    QString repository;   // from the manifest; empty for a GGUF put there by hand
    QString source;
    QDateTime installed;
};

} // namespace deskseek::store
