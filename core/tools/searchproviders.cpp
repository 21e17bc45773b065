#include "tools/searchproviders.h"

#include "tools/baiduprovider.h"
#include "tools/bingprovider.h"
#include "tools/bochaprovider.h"
#include "tools/braveprovider.h"
#include "tools/duckduckgoprovider.h"
#include "tools/searxngprovider.h"
#include "tools/tavilyprovider.h"

using namespace Qt::StringLiterals;

namespace deskseek::tools {

QStringList providerIds()
{
    return {u"duckduckgo"_s, u"bing"_s, u"baidu"_s, u"searxng"_s, u"brave"_s, u"tavily"_s, u"bocha"_s};
}

std::unique_ptr<SearchProvider> makeProvider(const QString &id)
{
    if (id == u"duckduckgo"_s)
        return std::make_unique<DuckDuckGoProvider>();
    if (id == u"bing"_s)
        return std::make_unique<BingProvider>();
    if (id == u"baidu"_s)
        return std::make_unique<BaiduProvider>();
    if (id == u"searxng"_s)
        return std::make_unique<SearxngProvider>();
    if (id == u"brave"_s)
        return std::make_unique<BraveProvider>();
    if (id == u"tavily"_s)
        return std::make_unique<TavilyProvider>();
    if (id == u"bocha"_s)
        return std::make_unique<BochaProvider>();
    return nullptr;
}

QStringList defaultProviderOrder(const QString &language, const QSet<QString> &configured)
{
    QStringList order;
    if (language.startsWith(u"zh"_s)) {
        if (configured.contains(u"bocha"_s))
            order << u"bocha"_s;
        order << u"bing"_s << u"baidu"_s;
        return order;
    }
    for (const QString &keyed : {u"brave"_s, u"tavily"_s, u"bocha"_s})
        if (configured.contains(keyed))
            order << keyed;
    if (configured.contains(u"searxng"_s))
        order << u"searxng"_s;
    order << u"duckduckgo"_s;
    return order;
}

} // namespace deskseek::tools
