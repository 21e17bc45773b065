#pragma once

#include "tools/searchprovider.h"

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace deskseek::tools {

struct SearchAttempt
{
    QString providerName;
    ProviderAnswer::Status status = ProviderAnswer::Status::Ok;
    QString reason;
};

struct SearchOutcome
{
    QString providerId; // the one that answered; empty when none did
    QString providerName;
    QList<SearchResult> results;
    QList<SearchAttempt> attempts; // the providers that did not answer, in order
    bool cancelled = false;
    bool found() const { return !results.isEmpty(); }
    // For people: which provider answered, or why none did.
    QString explanation() const;
};

// Providers tried in order until one gives results. One that times out (5 s), refuses (401,
// 403), limits (429), shows a bot check, answers what cannot be read or finds nothing hands
// over to the next.
class SearchChain
{
public:
    explicit SearchChain(std::vector<std::unique_ptr<SearchProvider>> providers, FetchOptions options = {}, int timeoutMs = 5000);

    SearchOutcome search(const QString &query, int count, const std::function<void(const SearchProvider &)> &onTry = {},
                         const std::atomic<bool> *cancel = nullptr) const;
    bool isEmpty() const { return m_providers.empty(); }

private:
    std::vector<std::unique_ptr<SearchProvider>> m_providers;
    FetchOptions m_options;
    int m_timeoutMs;
};

} // namespace deskseek::tools
