#pragma once

#include "tools/pagereader.h"
#include "tools/searchchain.h"
#include "tools/websource.h"

#include <QHash>
#include <QStringList>

#include <atomic>
#include <functional>

namespace deskseek::tools {

// What a search needs to know: the providers in the order to try them (ids of providerIds()),
// their keys and addresses, how many results to ask for and how many pages to read.
struct WebSearchConfig
{
    QStringList providers;
    QHash<QString, QString> keys;    // by provider id
    QHash<QString, QUrl> endpoints;  // by provider id: SearXNG's instance; tests' loopback servers
    int results = 5;
    PageReader::Limits pages;
    FetchOptions fetch;
    int providerTimeoutMs = 5000;
};

struct SearchStep
{
    enum class Kind { Searching, Reading };
    Kind kind = Kind::Searching;
    QString provider; // Searching: its name
    int pages = 0;    // Reading: how many
};

struct WebSearchReport
{
    SearchOutcome outcome;
    QList<WebSource> sources;
    double searchSeconds = 0;
    double fetchSeconds = 0;
    double extractSeconds = 0;
    qint64 extractedBytes = 0;
    bool cancelled = false;
};

// One question's search: the provider chain, then the top pages read and their main text
// extracted. Runs on the calling thread (a worker's); `cancel` stops it within 50 ms.
class WebSearch
{
public:
    explicit WebSearch(WebSearchConfig config);

    WebSearchReport run(const QString &query, const std::function<void(const SearchStep &)> &onStep = {},
                        const std::atomic<bool> *cancel = nullptr) const;

private:
    WebSearchConfig m_config;
};

} // namespace deskseek::tools
