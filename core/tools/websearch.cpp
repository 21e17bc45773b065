#include "tools/websearch.h"

#include "tools/searchproviders.h"

#include <QElapsedTimer>

namespace deskseek::tools {

WebSearch::WebSearch(WebSearchConfig config)
    : m_config(std::move(config))
{
}

WebSearchReport WebSearch::run(const QString &query, const std::function<void(const SearchStep &)> &onStep,
                               const std::atomic<bool> *cancel) const
{
    std::vector<std::unique_ptr<SearchProvider>> providers;
    for (const QString &id : m_config.providers) {
        auto provider = makeProvider(id);
        if (!provider)
            continue;
        provider->setKey(m_config.keys.value(id));
        provider->setEndpoint(m_config.endpoints.value(id));
        providers.push_back(std::move(provider));
    }
    const SearchChain chain(std::move(providers), m_config.fetch, m_config.providerTimeoutMs);
    WebSearchReport report;
    QElapsedTimer clock;
    clock.start();
    report.outcome = chain.search(query, m_config.results, [&](const SearchProvider &provider) {
        if (onStep)
            onStep({SearchStep::Kind::Searching, provider.displayName(), 0});
    }, cancel);
    report.searchSeconds = clock.nsecsElapsed() / 1e9;
    report.cancelled = report.outcome.cancelled;
    if (report.cancelled || !report.outcome.found())
        return report;
    const int pages = std::min<int>(m_config.pages.pages, int(report.outcome.results.size()));
    if (onStep && pages > 0)
        onStep({SearchStep::Kind::Reading, report.outcome.providerName, pages});
    PageReader::Timing timing;
    report.sources = PageReader::read(report.outcome.results, m_config.pages, m_config.fetch, cancel, &timing);
    report.fetchSeconds = timing.fetchSeconds;
    report.extractSeconds = timing.extractSeconds;
    report.extractedBytes = timing.bytes;
    report.cancelled = cancel && cancel->load();
    return report;
}

} // namespace deskseek::tools
