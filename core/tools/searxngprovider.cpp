#include "tools/searxngprovider.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

// A SearXNG instance's JSON API: GET <instance>/search?q=&format=json gives
// {"query": ..., "results": [{"url", "title", "content", "engine", "publishedDate"}, ...]}.
// Instances answer 403 when JSON is not enabled in their settings (search.formats).

QString SearxngProvider::id() const { return u"searxng"_s; }
QString SearxngProvider::displayName() const { return u"SearXNG"_s; }
QUrl SearxngProvider::defaultEndpoint() const { return {}; }

HttpRequest SearxngProvider::request(const QString &query, int) const
{
    HttpRequest request;
    QUrl url = endpoint();
    QString path = url.path();
    if (!path.endsWith(u"/search"_s))
        url.setPath((path.endsWith(u'/') ? path.chopped(1) : path) + u"/search"_s);
    url = withQuery(url, {{u"q"_s, query}, {u"format"_s, u"json"_s}});
    request.url = url;
    request.headers = {{"Accept", "application/json"}};
    return request;
}

ProviderAnswer SearxngProvider::parseBody(const HttpResponse &response) const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject() || !document.object().value(u"results"_s).isArray())
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "The SearXNG instance did not answer in JSON. Enable the json format in its settings.yml (search: formats)."));
    ProviderAnswer answer;
    answer.results = jsonResults(document.object().value(u"results"_s).toArray(), {"title", "content", nullptr, nullptr, "publishedDate"});
    return answer;
}

} // namespace deskseek::tools
