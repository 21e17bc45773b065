#include "tools/duckduckgoprovider.h"

#include "tools/charsetdecoder.h"
#include "tools/htmldocument.h"

#include <QCoreApplication>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

// DuckDuckGo's HTML page (html.duckduckgo.com/html/?q=): each result is a div.result holding
// h2.result__title > a.result__a (the link goes through //duckduckgo.com/l/?uddg=<the URL>),
// a.result__snippet and a.result__url; ads carry result--ad. Bots get a page with an
// "anomaly-modal" challenge (often with HTTP 202) instead. Not reachable from mainland China.

QString DuckDuckGoProvider::id() const { return u"duckduckgo"_s; }
QString DuckDuckGoProvider::displayName() const { return u"DuckDuckGo"_s; }
QUrl DuckDuckGoProvider::defaultEndpoint() const { return QUrl(u"https://html.duckduckgo.com/html/"_s); }

HttpRequest DuckDuckGoProvider::request(const QString &query, int) const
{
    HttpRequest request;
    QUrl url = endpoint();
    url = withQuery(url, {{u"q"_s, query}});
    request.url = url;
    request.headers = {{"Accept", "text/html"}, {"Accept-Language", "en-US,en;q=0.8"}};
    return request;
}

ProviderAnswer DuckDuckGoProvider::parseBody(const HttpResponse &response) const
{
    const QString html = CharsetDecoder::decode(response.body, response.contentType).text;
    if (html.contains(u"anomaly-modal"_s) || html.contains(u"challenge-form"_s))
        return {ProviderAnswer::Status::Challenge, QCoreApplication::translate("deskseek::tools::SearchProvider",
            "DuckDuckGo asked to prove this is not a bot."), {}};
    const HtmlDocument document(html);
    if (!document.root() || !html.contains(u"result"_s))
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "DuckDuckGo's answer is not its result page."));
    ProviderAnswer answer;
    const auto blocks = HtmlDocument::findAll(document.root(), [](const GumboNode *node) {
        return HtmlDocument::hasClass(node, "result") && !HtmlDocument::hasClass(node, "result--ad");
    });
    for (const GumboNode *block : blocks) {
        const GumboNode *link = HtmlDocument::findFirst(block, [](const GumboNode *n) { return HtmlDocument::hasClass(n, "result__a"); });
        if (!link)
            continue;
        QUrl url = QUrl(HtmlDocument::attribute(link, "href"));
        if (url.scheme().isEmpty())
            url.setScheme(u"https"_s);
        if (url.host().endsWith(u"duckduckgo.com"_s)) {
            if (url.path() == u"/y.js"_s)
                continue; // an ad's click-through
            const QString target = QUrlQuery(url).queryItemValue(u"uddg"_s, QUrl::FullyDecoded);
            if (!target.isEmpty())
                url = QUrl(target);
        }
        if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s))
            continue;
        SearchResult result;
        result.title = HtmlDocument::text(link);
        result.url = url;
        result.snippet = HtmlDocument::text(
            HtmlDocument::findFirst(block, [](const GumboNode *n) { return HtmlDocument::hasClass(n, "result__snippet"); }));
        result.siteName = url.host();
        answer.results.append(result);
    }
    if (answer.results.isEmpty() && !html.contains(u"no-results"_s) && !html.contains(u"No results"_s))
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "DuckDuckGo's page holds no results that can be read."));
    return answer;
}

} // namespace deskseek::tools
