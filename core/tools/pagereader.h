#pragma once

#include "tools/httpfetch.h"
#include "tools/searchprovider.h"
#include "tools/websource.h"

#include <atomic>

namespace deskseek::tools {

// Reads the pages of the top results at once: each within its own time and all within a total,
// at most maxBytes each, HTML and plain text only, redirects followed up to a limit; then the
// main text of each (charset decoded, ArticleExtractor). Every result becomes a source, numbered
// as in the results; a page that was not read keeps its snippet and says why.
class PageReader
{
public:
    struct Limits
    {
        int pages = 3;
        int perPageMs = 4000;
        int totalMs = 8000;
        qint64 maxBytes = 2 << 20;
        int maxRedirects = 5;
    };
    struct Timing
    {
        double fetchSeconds = 0;
        double extractSeconds = 0;
        qint64 bytes = 0; // of HTML extracted
    };

    static QList<WebSource> read(const QList<SearchResult> &results, const Limits &limits, const FetchOptions &options,
                                 const std::atomic<bool> *cancel = nullptr, Timing *timing = nullptr);
};

} // namespace deskseek::tools
