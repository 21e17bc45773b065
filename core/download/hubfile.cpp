#include "download/hubfile.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::download {

namespace {

// The quantization a GGUF file's name ends in: "Q4_K_M" of "DeepSeek-R1-Distill-Qwen-7B-Q4_K_M.gguf"
// (or of "…7B.Q4_K_M.gguf"); empty when the name has no such part.
QString quantizationTag(const QString &ggufName)
{
    if (!ggufName.endsWith(u".gguf"_s, Qt::CaseInsensitive))
        return {};
    const QString stem = ggufName.left(ggufName.size() - 5);
    const qsizetype cut = std::max(stem.lastIndexOf(u'-'), stem.lastIndexOf(u'.'));
    return cut > 0 ? stem.mid(cut + 1) : QString();
}

} // namespace

QList<HubFile> selectModelFiles(const QList<HubFile> &files, const QString &ggufName)
{
    static const QStringList kMetadata = {u"config.json"_s, u"generation_config.json"_s, u"tokenizer.json"_s,
                                          u"tokenizer_config.json"_s, u"model.safetensors.index.json"_s};
    QList<HubFile> selected;
    if (!ggufName.isEmpty()) {
        for (const HubFile &file : files) {
            if (file.path == ggufName)
                return {file};
        }
        // Not under that name: the repository's one top-level GGUF of the same quantization, however
        // its publisher spells the rest ("-Q4_K_M.gguf", ".q4_k_m.gguf"). Two such files (a split
        // file's parts, or two models) are not guessed between.
        const QString tag = quantizationTag(ggufName);
        if (tag.isEmpty())
            return {};
        for (const HubFile &file : files) {
            if (file.path.contains(u'/') || quantizationTag(file.path).compare(tag, Qt::CaseInsensitive) != 0)
                continue;
            selected.append(file);
        }
        return selected.size() == 1 ? selected : QList<HubFile>{};
    }
    for (const HubFile &file : files) {
        // Top-level files only: repositories keep other variants and originals in folders.
        if (file.path.contains(u'/'))
            continue;
        if (kMetadata.contains(file.path) || file.path.endsWith(u".safetensors"_s))
            selected.append(file);
    }
    return selected;
}

} // namespace deskseek::download
