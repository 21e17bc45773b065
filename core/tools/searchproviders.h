#pragma once

#include "tools/searchprovider.h"

#include <QSet>
#include <QStringList>

#include <memory>

namespace deskseek::tools {

// Every provider DeskSeek knows, by id: duckduckgo, bing, baidu (keyless HTML), searxng (an
// instance's URL), brave, tavily, bocha (keys).
QStringList providerIds();
std::unique_ptr<SearchProvider> makeProvider(const QString &id);

// The order tried when the user has not chosen one. `configured`: the providers with their key
// or URL set. Chinese UI: Bocha when it has a key, then Bing (cn.bing.com), then Baidu.
// Otherwise: the keyed providers that have keys, then SearXNG when it has a URL, then DuckDuckGo.
QStringList defaultProviderOrder(const QString &language, const QSet<QString> &configured);

} // namespace deskseek::tools
