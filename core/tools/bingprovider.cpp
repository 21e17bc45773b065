#include "tools/bingprovider.h"

#include "tools/charsetdecoder.h"
#include "tools/htmldocument.h"

#include <QCoreApplication>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

// Bing's result page (cn.bing.com/search?q=&ensearch=1 is reachable in mainland China): the
// results are ol#b_results > li.b_algo, each with h2 > a (the link, sometimes through
// bing.com/ck/a?...&u=a1<base64url of the URL>), the snippet in div.b_caption > p (or a
// p.b_lineclamp*), the site in div.tptt or cite. Bots get a captcha page (b_captcha).

QString BingProvider::id() const { return u"bing"_s; }
QString BingProvider::displayName() const { return QCoreApplication::translate("deskseek::tools::SearchProvider",
    "Bing"); }
QUrl BingProvider::defaultEndpoint() const { return QUrl(u"https://cn.bing.com/search"_s); }

HttpRequest BingProvider::request(const QString &query, int count) const
{
    HttpRequest request;
    QUrl url = endpoint();
    // International results unless the question is in Chinese.
    bool chinese = false;
    for (const QChar c : query)
        chinese = chinese || (c.unicode() >= 0x4E00 && c.unicode() <= 0x9FFF);
    url = withQuery(url, {{u"q"_s, query},
                          {u"count"_s, QString::number(std::clamp(count, 1, 30))},
                          {u"ensearch"_s, chinese ? u"0"_s : u"1"_s}});
    request.url = url;
    request.headers = {{"Accept", "text/html"}, {"Accept-Language", chinese ? "zh-CN,zh;q=0.9" : "en-US,en;q=0.8"}};
    return request;
}

namespace {

QUrl realUrl(const QUrl &link)
{
    if (!link.host().endsWith(u"bing.com"_s) || link.path() != u"/ck/a"_s)
        return link;
    QString encoded = QUrlQuery(link).queryItemValue(u"u"_s, QUrl::FullyDecoded);
    if (!encoded.startsWith(u"a1"_s))
        return link;
    const QByteArray decoded = QByteArray::fromBase64(encoded.mid(2).toLatin1(), QByteArray::Base64UrlEncoding);
    const QUrl target(QString::fromUtf8(decoded));
    return target.isValid() && !target.host().isEmpty() ? target : link;
}

} // namespace

ProviderAnswer BingProvider::parseBody(const HttpResponse &response) const
{
    const QString html = CharsetDecoder::decode(response.body, response.contentType).text;
    if (html.contains(u"b_captcha"_s) || html.contains(u"/challenge/verify"_s) || html.contains(u"captcha_container"_s))
        return {ProviderAnswer::Status::Challenge, QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Bing asked to prove this is not a bot."), {}};
    const HtmlDocument document(html);
    if (!document.root() || !html.contains(u"b_results"_s))
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Bing's answer is not its result page."));
    ProviderAnswer answer;
    const auto items = HtmlDocument::findAll(document.root(), [](const GumboNode *n) {
        return HtmlDocument::isElement(n, GUMBO_TAG_LI) && HtmlDocument::hasClass(n, "b_algo");
    });
    for (const GumboNode *item : items) {
        const GumboNode *heading = HtmlDocument::findFirst(item, [](const GumboNode *n) { return HtmlDocument::isElement(n, GUMBO_TAG_H2); });
        const GumboNode *link = HtmlDocument::findFirst(heading, [](const GumboNode *n) { return HtmlDocument::isElement(n, GUMBO_TAG_A); });
        if (!link)
            continue;
        const QUrl url = realUrl(QUrl(HtmlDocument::attribute(link, "href")));
        if (url.scheme() != u"http"_s && url.scheme() != u"https"_s)
            continue;
        SearchResult result;
        result.title = HtmlDocument::text(link);
        result.url = url;
        const GumboNode *caption = HtmlDocument::findFirst(item, [](const GumboNode *n) { return HtmlDocument::hasClass(n, "b_caption"); });
        const GumboNode *snippet = HtmlDocument::findFirst(caption ? caption : item, [](const GumboNode *n) {
            return HtmlDocument::isElement(n, GUMBO_TAG_P);
        });
        result.snippet = HtmlDocument::text(snippet);
        const GumboNode *site = HtmlDocument::findFirst(item, [](const GumboNode *n) { return HtmlDocument::hasClass(n, "tptt"); });
        result.siteName = site ? HtmlDocument::text(site) : url.host();
        answer.results.append(result);
    }
    if (answer.results.isEmpty() && !html.contains(u"b_no"_s))
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Bing's page holds no results that can be read."));
    return answer;
}

} // namespace deskseek::tools
