#include "tools/bochaprovider.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

// Bocha 博查 (reachable in mainland China): POST https://api.bochaai.com/v1/web-search, JSON
// {"query", "summary", "count", "freshness"}, the key as a Bearer token. The answer is
// {"code": 200, "data": {"webPages": {"value": [{"name", "url", "snippet", "summary",
// "siteName", "datePublished"}]}}}, the webPages part as in Bing's Web Search API.

QString BochaProvider::id() const { return u"bocha"_s; }
QString BochaProvider::displayName() const { return QCoreApplication::translate("deskseek::tools::SearchProvider",
    "Bocha"); }
QUrl BochaProvider::defaultEndpoint() const { return QUrl(u"https://api.bochaai.com/v1/web-search"_s); }

HttpRequest BochaProvider::request(const QString &query, int count) const
{
    HttpRequest request;
    request.url = endpoint();
    request.method = "POST";
    request.body = QJsonDocument(QJsonObject{{u"query"_s, query}, {u"summary"_s, true},
                                             {u"count"_s, std::clamp(count, 1, 50)}, {u"freshness"_s, u"noLimit"_s}})
                       .toJson(QJsonDocument::Compact);
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"},
                       {"Authorization", "Bearer " + key().toUtf8()}};
    return request;
}

ProviderAnswer BochaProvider::parseBody(const HttpResponse &response) const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Bocha's answer is not JSON."));
    const QJsonObject root = document.object();
    const int code = root.value(u"code"_s).toInt(200);
    if (code == 401 || code == 403)
        return {ProviderAnswer::Status::Refused, QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Bocha refused the key (code %1). Check it in Settings → Search.").arg(code), {}};
    if (code == 429)
        return {ProviderAnswer::Status::RateLimited, QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Bocha asks to wait: too many searches (code 429)."), {}};
    const QJsonValue pages = root.value(u"data"_s).toObject().value(u"webPages"_s).toObject().value(u"value"_s);
    if (code != 200 || !pages.isArray())
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Bocha's answer has no web pages (code %1).").arg(code));
    ProviderAnswer answer;
    answer.results = jsonResults(pages.toArray(), {"name", "summary", "snippet", "siteName", "datePublished"});
    return answer;
}

} // namespace deskseek::tools
