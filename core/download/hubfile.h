#pragma once

#include <QList>
#include <QString>

namespace deskseek::download {

// One file of a model repository as a hub lists it.
struct HubFile
{
    QString path;   // "model-00001-of-00002.safetensors"
    qint64 size = 0;
    QString sha256; // lowercase hex; from LFS metadata, empty for small (non-LFS) files

    bool operator==(const HubFile &) const = default;
};

// The files a model needs: config, generation config, tokenizer files and the safetensors
// weights (with their index); or, for a GGUF repository, the one GGUF file asked for: by its name,
// else the one top-level GGUF whose name ends in the same quantization ("…-Q4_K_M.gguf").
QList<HubFile> selectModelFiles(const QList<HubFile> &files, const QString &ggufName = {});

} // namespace deskseek::download
