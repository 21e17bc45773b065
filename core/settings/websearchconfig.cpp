#include "settings/websearchconfig.h"

#include "settings/appsettings.h"

using namespace Qt::StringLiterals;

namespace deskseek::settings {

tools::WebSearchConfig webSearchConfig(const AppSettings &settings)
{
    const SearchSettings search = settings.search();
    tools::WebSearchConfig config;
    config.providers = settings.effectiveSearchProviders();
    for (const QString &id : std::as_const(config.providers)) {
        const QString key = settings.searchKey(id);
        if (!key.isEmpty())
            config.keys.insert(id, key);
    }
    if (!search.searxngUrl.isEmpty())
        config.endpoints.insert(u"searxng"_s, QUrl::fromUserInput(search.searxngUrl));
    config.results = search.results;
    config.pages.pages = search.pages;
    config.fetch.proxy = settings.downloadProxy().toUtf8();
    return config;
}

} // namespace deskseek::settings
