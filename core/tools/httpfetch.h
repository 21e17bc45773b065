#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <atomic>

namespace deskseek::tools {

// One HTTP(S) request of web search: a provider's query or a result page. Every size and time
// is bounded; only http and https are followed (a redirect to file:// or ftp:// is refused).
struct HttpRequest
{
    QUrl url;
    QByteArray method = "GET"; // or "POST" (with body)
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    int timeoutMs = 5000;
    qint64 maxBytes = 2 << 20;
    int maxRedirects = 5;
    // Media types the answer may have ("text/html"); empty: any. Another type stops the transfer
    // at its first byte.
    QList<QByteArray> acceptTypes;
};

struct HttpResponse
{
    enum class Failure { None, Timeout, TooLarge, WrongType, Network, Cancelled };
    Failure failure = Failure::None;
    QString error; // for people (curl's words for a network failure)
    long status = 0;
    QUrl finalUrl;
    QByteArray contentType; // as sent, e.g. "text/html; charset=gbk"
    QByteArray body;        // decompressed; at most the request's maxBytes
    int redirects = 0;
    bool ok() const { return failure == Failure::None; }
};

struct FetchOptions
{
    QByteArray proxy;     // empty: the environment's (http_proxy, https_proxy, no_proxy)
    QByteArray userAgent; // empty: a desktop browser's
};

// Runs the requests at once (libcurl's multi interface) on the calling thread, each within its
// own timeout and all within overallMs; `cancel` is looked at every 50 ms. The answers come in
// the requests' order. TLS is always verified.
QList<HttpResponse> fetchAll(const QList<HttpRequest> &requests, const FetchOptions &options, int overallMs,
                             const std::atomic<bool> *cancel = nullptr);
HttpResponse fetchOne(const HttpRequest &request, const FetchOptions &options, const std::atomic<bool> *cancel = nullptr);

// The media type of a Content-Type value, lowercased, without parameters ("text/html").
QByteArray mediaType(const QByteArray &contentType);

} // namespace deskseek::tools
