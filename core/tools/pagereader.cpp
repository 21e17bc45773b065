#include "tools/pagereader.h"

#include "tools/articleextractor.h"
#include "tools/charsetdecoder.h"

#include <QCoreApplication>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

QList<WebSource> PageReader::read(const QList<SearchResult> &results, const Limits &limits, const FetchOptions &options,
                                  const std::atomic<bool> *cancel, Timing *timing)
{
    QList<WebSource> sources;
    QList<HttpRequest> requests;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const SearchResult &result = results.at(i);
        sources.append({int(i) + 1, result.title, result.url, result.siteName, result.date, result.snippet, {}, {}});
        if (i < limits.pages) {
            HttpRequest request;
            request.url = result.url;
            request.timeoutMs = limits.perPageMs;
            request.maxBytes = limits.maxBytes;
            request.maxRedirects = limits.maxRedirects;
            request.acceptTypes = {"text/html", "application/xhtml+xml", "text/plain"};
            request.headers = {{"Accept", "text/html,application/xhtml+xml,text/plain;q=0.8"}};
            requests.append(request);
        }
    }
    QElapsedTimer clock;
    clock.start();
    const QList<HttpResponse> responses = fetchAll(requests, options, limits.totalMs, cancel);
    if (timing)
        timing->fetchSeconds = clock.nsecsElapsed() / 1e9;
    clock.restart();
    for (qsizetype i = 0; i < responses.size(); ++i) {
        const HttpResponse &response = responses.at(i);
        WebSource &source = sources[i];
        if (!response.ok()) {
            source.note = response.failure == HttpResponse::Failure::WrongType ? QCoreApplication::translate("deskseek::tools::PageReader",
                "not a web page (%1)").arg(QString::fromLatin1(mediaType(response.contentType)))
                          : response.failure == HttpResponse::Failure::TooLarge ? QCoreApplication::translate("deskseek::tools::PageReader",
                              "larger than 2 MiB")
                          : response.failure == HttpResponse::Failure::Timeout  ? QCoreApplication::translate("deskseek::tools::PageReader",
                              "too slow to answer")
                          : response.failure == HttpResponse::Failure::Cancelled ? QCoreApplication::translate("deskseek::tools::PageReader",
                              "cancelled")
                                                                                 : QCoreApplication::translate("deskseek::tools::PageReader",
                                                                                     "could not be reached");
            continue;
        }
        if (response.status < 200 || response.status >= 300) {
            source.note = QCoreApplication::translate("deskseek::tools::PageReader", "HTTP %1").arg(response.status);
            continue;
        }
        const DecodedText decoded = CharsetDecoder::decode(response.body, response.contentType);
        if (timing)
            timing->bytes += response.body.size();
        if (mediaType(response.contentType) == "text/plain") {
            source.text = decoded.text.trimmed();
        } else {
            const ExtractedPage page = ArticleExtractor::extract(decoded.text, response.finalUrl);
            source.text = page.text;
            if (source.title.isEmpty())
                source.title = page.title;
            if (!page.siteName.isEmpty() && page.siteName != response.finalUrl.host())
                source.siteName = page.siteName;
            if (source.date.isEmpty())
                source.date = page.date;
        }
        if (source.text.isEmpty())
            source.note = QCoreApplication::translate("deskseek::tools::PageReader", "no text on the page");
    }
    if (timing)
        timing->extractSeconds = clock.nsecsElapsed() / 1e9;
    return sources;
}

} // namespace deskseek::tools
