#pragma once

#include "tools/httpfetch.h"

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace deskseek::tools {

struct SearchResult
{
    QString title;
    QUrl url;
    QString snippet;
    QString siteName;
    QString date;
};

// What one provider made of a query.
struct ProviderAnswer
{
    enum class Status {
        Ok,          // results (maybe none)
        Refused,     // 401/403: a key missing or wrong, or the feature off on the instance
        RateLimited, // 429
        Challenge,   // a bot check instead of results
        Unparsable,  // not the format it should be
        Failed,      // timeout, network, another HTTP status
    };
    Status status = Status::Ok;
    QString reason; // for people, when not Ok
    QList<SearchResult> results;
};

// One web search service: how to ask it (an HTTP request) and how to read its answer. The HTTP
// itself happens in SearchChain, so that a provider's parser can be tested on a recorded answer.
class SearchProvider
{
public:
    virtual ~SearchProvider() = default;

    virtual QString id() const = 0;          // "bing"
    virtual QString displayName() const = 0; // "Bing"
    virtual bool needsKey() const { return false; }
    virtual bool needsEndpoint() const { return false; } // SearXNG: the instance's URL
    // Where it is asked; a test points it at a loopback server.
    virtual QUrl defaultEndpoint() const = 0;

    virtual HttpRequest request(const QString &query, int count) const = 0;
    // The answer to request(): statuses 401/403/429 and failed transfers are read here, the
    // body by parseBody().
    ProviderAnswer read(const HttpResponse &response) const;

    void setEndpoint(const QUrl &endpoint) { m_endpoint = endpoint; }
    QUrl endpoint() const { return m_endpoint.isEmpty() ? defaultEndpoint() : m_endpoint; }
    void setKey(const QString &key) { m_key = key; }
    QString key() const { return m_key; }
    bool configured() const { return (!needsKey() || !m_key.isEmpty()) && (!needsEndpoint() || !m_endpoint.isEmpty()); }

protected:
    virtual ProviderAnswer parseBody(const HttpResponse &response) const = 0;
    static ProviderAnswer unparsable(const QString &what);
    // `base` with these query items, every reserved character percent-encoded (a question
    // holding "?", "&" or "#" stays one value).
    static QUrl withQuery(QUrl base, const QList<QPair<QString, QString>> &items);
    // The results in a JSON answer's list: each item's fields by name (a field's fallback where
    // the first is empty; the site: its field, else the link's host); links other than http and
    // https are left out.
    struct JsonFields
    {
        const char *title;
        const char *snippet;
        const char *snippetFallback = nullptr;
        const char *site = nullptr;
        const char *date = nullptr;
    };
    static QList<SearchResult> jsonResults(const QJsonArray &items, const JsonFields &fields);
    // Messages for people, in the UI's language.
    static QString tr(const char *text);

private:
    QUrl m_endpoint;
    QString m_key;
};

} // namespace deskseek::tools
