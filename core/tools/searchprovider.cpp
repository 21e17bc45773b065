#include "tools/searchprovider.h"

#include <QCoreApplication>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

ProviderAnswer SearchProvider::read(const HttpResponse &response) const
{
    ProviderAnswer answer;
    if (!response.ok()) {
        answer.status = ProviderAnswer::Status::Failed;
        answer.reason = response.error;
        return answer;
    }
    if (response.status == 401 || response.status == 403) {
        answer.status = ProviderAnswer::Status::Refused;
        answer.reason = needsKey() ? tr("%1 refused the key (HTTP %2). Check it in Settings → Search.").arg(displayName()).arg(response.status)
                                   : tr("%1 refused the search (HTTP %2).").arg(displayName()).arg(response.status);
        return answer;
    }
    if (response.status == 429) {
        answer.status = ProviderAnswer::Status::RateLimited;
        answer.reason = tr("%1 asks to wait: too many searches (HTTP 429).").arg(displayName());
        return answer;
    }
    if (response.status < 200 || response.status >= 300) {
        answer.status = ProviderAnswer::Status::Failed;
        answer.reason = tr("%1 answered HTTP %2.").arg(displayName()).arg(response.status);
        return answer;
    }
    answer = parseBody(response);
    return answer;
}

QList<SearchResult> SearchProvider::jsonResults(const QJsonArray &items, const JsonFields &fields)
{
    const auto text = [](const QJsonObject &item, const char *name) {
        return name ? item.value(QLatin1StringView(name)).toString() : QString();
    };
    QList<SearchResult> results;
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        const QUrl url(item.value(QLatin1StringView("url")).toString());
        if (url.scheme() != QLatin1StringView("http") && url.scheme() != QLatin1StringView("https"))
            continue;
        SearchResult result{text(item, fields.title), url, text(item, fields.snippet), text(item, fields.site),
                            text(item, fields.date)};
        if (result.snippet.isEmpty())
            result.snippet = text(item, fields.snippetFallback);
        if (result.siteName.isEmpty())
            result.siteName = url.host();
        results.append(result);
    }
    return results;
}

QString SearchProvider::tr(const char *text)
{
    return QCoreApplication::translate("deskseek::tools::SearchProvider", text);
}

QUrl SearchProvider::withQuery(QUrl base, const QList<QPair<QString, QString>> &items)
{
    QByteArray query;
    for (const auto &[name, value] : items) {
        if (!query.isEmpty())
            query += '&';
        query += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    base.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return base;
}

ProviderAnswer SearchProvider::unparsable(const QString &what)
{
    ProviderAnswer answer;
    answer.status = ProviderAnswer::Status::Unparsable;
    answer.reason = what;
    return answer;
}

} // namespace deskseek::tools
