#include "tools/tavilyprovider.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

// Tavily: POST https://api.tavily.com/search, JSON {"query", "max_results", "search_depth"},
// the key as "Authorization: Bearer tvly-..."; the answer's results are
// {"title", "url", "content", "score", "published_date"}.

QString TavilyProvider::id() const { return u"tavily"_s; }
QString TavilyProvider::displayName() const { return u"Tavily"_s; }
QUrl TavilyProvider::defaultEndpoint() const { return QUrl(u"https://api.tavily.com/search"_s); }

HttpRequest TavilyProvider::request(const QString &query, int count) const
{
    HttpRequest request;
    request.url = endpoint();
    request.method = "POST";
    request.body = QJsonDocument(QJsonObject{{u"query"_s, query},
                                             {u"max_results"_s, std::clamp(count, 1, 20)},
                                             {u"search_depth"_s, u"basic"_s}})
                       .toJson(QJsonDocument::Compact);
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"},
                       {"Authorization", "Bearer " + key().toUtf8()}};
    return request;
}

ProviderAnswer TavilyProvider::parseBody(const HttpResponse &response) const
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject() || !document.object().value(u"results"_s).isArray())
        return unparsable(QCoreApplication::translate("deskseek::tools::SearchProvider",
            "Tavily's answer is not its JSON."));
    ProviderAnswer answer;
    answer.results = jsonResults(document.object().value(u"results"_s).toArray(), {"title", "content", nullptr, nullptr, "published_date"});
    return answer;
}

} // namespace deskseek::tools
