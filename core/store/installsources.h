#pragma once

#include "catalog/modelvariant.h"
#include "download/hubsource.h"
#include "store/modelinstaller.h"

#include <QList>

namespace deskseek::store {

// Fills request.sources with the variant's original repository on each hub, and
// request.readyMade with the catalog's ready-made GGUF files of request.quantization on those
// hubs (the hubs in the order given: the user's first choice first; a hub given by URL serves
// Hugging Face's names).
void addCatalogSources(InstallRequest &request, const catalog::ModelVariant &variant,
                       const QList<download::HubSource> &hubs);

// The catalog's key for a hub: "huggingface", "hf-mirror" or "modelscope" (other hubs:
// "huggingface", whose names they serve).
QString catalogHubKey(const download::HubSource &hub);

} // namespace deskseek::store
