#include "store/installsources.h"

using namespace Qt::StringLiterals;

namespace deskseek::store {

QString catalogHubKey(const download::HubSource &hub)
{
    const QString name = hub.name();
    return name == u"modelscope"_s || name == u"hf-mirror"_s ? name : u"huggingface"_s;
}

void addCatalogSources(InstallRequest &request, const catalog::ModelVariant &variant,
                       const QList<download::HubSource> &hubs)
{
    const QString quantization = request.quantization.toLower();
    for (const download::HubSource &hub : hubs) {
        const QString key = catalogHubKey(hub);
        const QString repo = variant.repos.value(key, variant.repos.value(u"huggingface"_s));
        if (!repo.isEmpty())
            request.sources.append({hub, repo, {}, {}});
        for (const catalog::ReadyMadeRepo &ready : variant.readyMade) {
            const QString file = ready.files.value(quantization);
            if (!file.isEmpty() && ready.hubs.contains(key))
                request.readyMade.append({hub, ready.repo, file, ready.publisher});
        }
    }
}

} // namespace deskseek::store
