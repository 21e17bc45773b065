#include "tools/baiduprovider.h"

#include "tools/charsetdecoder.h"
#include "tools/htmldocument.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

// Baidu's result page (www.baidu.com/s?wd=&rn=): each organic result is a div.c-container
// (also class "result") whose mu attribute holds the real URL; h3 > a is the title (its href
// goes through baidu.com/link?url=); the abstract is in an element whose class begins with
// c-abstract, content-right or c-span-last. Ads carry no mu. Bots are sent to
// wappass.baidu.com's "百度安全验证" captcha.

QString BaiduProvider::id() const { return u"baidu"_s; }
QString BaiduProvider::displayName() const { return QCoreApplication::translate("deskseek::tools::SearchProvider",
    "Baidu"); }
QUrl BaiduProvider::defaultEndpoint() const { return QUrl(u"https://www.baidu.com/s"_s); }

HttpRequest BaiduProvider::request(const QString &query, int count) const
{
    HttpRequest request;
    QUrl url = endpoint();
    url = withQuery(url, {{u"wd"_s, query}, {u"rn"_s, QString::number(std::clamp(count, 1, 50))}});
    request.url = url;
    request.headers = {{"Accept", "text/html"}, {"Accept-Language", "zh-CN,zh;q=0.9"}};
    return request;
}

ProviderAnswer BaiduProvider::parseBody(const HttpResponse &response) const
{
    const QString html = CharsetDecoder::decode(response.body, response.contentType).text;
    if (response.finalUrl.host().startsWith(u"wappass."_s) || html.contains(u"百度安全验证"_s) || html.contains(u"wappass.baidu.com"_s))
        return {ProviderAnswer::Status::Challenge, QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Baidu asked to prove this is not a bot (百度安全验证)."), {}};
    const HtmlDocument document(html);
    if (!document.root() || !html.contains(u"c-container"_s))
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Baidu's answer is not its result page."));
    ProviderAnswer answer;
    const auto blocks = HtmlDocument::findAll(document.root(), [](const GumboNode *n) {
        return HtmlDocument::hasClass(n, "c-container") && !HtmlDocument::attribute(n, "mu").isEmpty();
    });
    for (const GumboNode *block : blocks) {
        const QUrl url(HtmlDocument::attribute(block, "mu"));
        if (url.scheme() != u"http"_s && url.scheme() != u"https"_s)
            continue;
        const GumboNode *heading = HtmlDocument::findFirst(block, [](const GumboNode *n) { return HtmlDocument::isElement(n, GUMBO_TAG_H3); });
        if (!heading)
            continue;
        SearchResult result;
        result.title = HtmlDocument::text(heading);
        result.url = url;
        const GumboNode *abstract = HtmlDocument::findFirst(block, [](const GumboNode *n) {
            const QString classes = HtmlDocument::attribute(n, "class");
            return classes.contains(u"c-abstract"_s) || classes.contains(u"content-right"_s) || classes.contains(u"c-span-last"_s);
        });
        result.snippet = HtmlDocument::text(abstract);
        const GumboNode *site = HtmlDocument::findFirst(block, [](const GumboNode *n) {
            return HtmlDocument::attribute(n, "class").contains(u"c-showurl"_s) || HtmlDocument::attribute(n, "class").contains(u"source-text"_s);
        });
        result.siteName = site ? HtmlDocument::text(site) : url.host();
        answer.results.append(result);
    }
    if (answer.results.isEmpty() && !html.contains(u"nors"_s))
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Baidu's page holds no results that can be read."));
    return answer;
}

} // namespace deskseek::tools
