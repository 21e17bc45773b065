#include "tools/braveprovider.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

// Brave Search API: GET https://api.search.brave.com/res/v1/web/search?q=&count= with the key in
// X-Subscription-Token; the answer's web.results are {"title", "url", "description", "age",
// "page_age", "profile": {"name"}, "meta_url": {"hostname"}}.

QString BraveProvider::id() const { return u"brave"_s; }
QString BraveProvider::displayName() const { return u"Brave Search"_s; }
QUrl BraveProvider::defaultEndpoint() const { return QUrl(u"https://api.search.brave.com/res/v1/web/search"_s); }

HttpRequest BraveProvider::request(const QString &query, int count) const
{
    HttpRequest request;
    QUrl url = endpoint();
    url = withQuery(url, {{u"q"_s, query}, {u"count"_s, QString::number(std::clamp(count, 1, 20))}});
    request.url = url;
    request.headers = {{"Accept", "application/json"}, {"X-Subscription-Token", key().toUtf8()}};
    return request;
}

ProviderAnswer BraveProvider::parseBody(const HttpResponse &response) const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Brave Search's answer is not JSON."));
    const QJsonValue web = document.object().value(u"web"_s);
    ProviderAnswer answer;
    if (web.isUndefined())
        return answer; // nothing found: the answer has no "web" part
    if (!web.toObject().value(u"results"_s).isArray())
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Brave Search's answer has no web results list."));
    for (const QJsonValue &value : web.toObject().value(u"results"_s).toArray()) {
        const QJsonObject item = value.toObject();
        const QUrl url(item.value(u"url"_s).toString());
        if (url.scheme() != u"http"_s && url.scheme() != u"https"_s)
            continue;
        QString site = item.value(u"profile"_s).toObject().value(u"name"_s).toString();
        if (site.isEmpty())
            site = url.host();
        QString date = item.value(u"page_age"_s).toString();
        if (date.isEmpty())
            date = item.value(u"age"_s).toString();
        answer.results.append({item.value(u"title"_s).toString(), url, item.value(u"description"_s).toString(), site, date});
    }
    return answer;
}

} // namespace deskseek::tools
