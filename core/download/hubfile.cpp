#include "download/hubfile.h"

using namespace Qt::StringLiterals;

namespace deskseek::download {

QList<HubFile> selectModelFiles(const QList<HubFile> &files, const QString &ggufName)
{
    static const QStringList kMetadata = {u"config.json"_s, u"generation_config.json"_s, u"tokenizer.json"_s,
                                          u"tokenizer_config.json"_s, u"model.safetensors.index.json"_s};
    QList<HubFile> selected;
    for (const HubFile &file : files) {
        if (!ggufName.isEmpty()) {
            if (file.path == ggufName)
                selected.append(file);
            continue;
        }
        // Top-level files only: repositories keep other variants and originals in folders.
        if (file.path.contains(u'/'))
            continue;
        if (kMetadata.contains(file.path) || file.path.endsWith(u".safetensors"_s))
            selected.append(file);
    }
    return selected;
}

} // namespace deskseek::download
