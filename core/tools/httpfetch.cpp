#include "tools/httpfetch.h"

#include "download/curlglobal.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <curl/curl.h>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

namespace {

constexpr const char *kBrowserAgent =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

struct Transfer
{
    const HttpRequest *request = nullptr;
    HttpResponse response;
    CURL *curl = nullptr;
    curl_slist *headers = nullptr;
    bool typeChecked = false;
    bool done = false;
};

size_t receive(char *data, size_t size, size_t count, void *user)
{
    auto *transfer = static_cast<Transfer *>(user);
    const size_t bytes = size * count;
    if (!transfer->typeChecked) {
        transfer->typeChecked = true;
        char *type = nullptr;
        curl_easy_getinfo(transfer->curl, CURLINFO_CONTENT_TYPE, &type);
        const QByteArray contentType = type ? QByteArray(type) : QByteArray();
        const QList<QByteArray> &accepted = transfer->request->acceptTypes;
        if (!contentType.isEmpty() && !accepted.isEmpty() && !accepted.contains(mediaType(contentType))) {
            transfer->response.failure = HttpResponse::Failure::WrongType;
            transfer->response.error = QCoreApplication::translate("deskseek::tools::HttpFetch",
                "The page is %1, not a web page.").arg(QString::fromLatin1(mediaType(contentType)));
            return 0;
        }
    }
    if (transfer->response.body.size() + qint64(bytes) > transfer->request->maxBytes) {
        transfer->response.failure = HttpResponse::Failure::TooLarge;
        transfer->response.error = QCoreApplication::translate("deskseek::tools::HttpFetch",
            "The answer is larger than %1 bytes.").arg(transfer->request->maxBytes);
        return 0;
    }
    transfer->response.body.append(data, qsizetype(bytes));
    return bytes;
}

void setUp(Transfer &transfer, const FetchOptions &options, long timeoutMs)
{
    const HttpRequest &request = *transfer.request;
    CURL *curl = transfer.curl;
    const QByteArray url = request.url.toEncoded();
    curl_easy_setopt(curl, CURLOPT_URL, url.constData()); // libcurl copies strings it is given
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, long(request.maxRedirects));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""); // whatever libcurl can decompress
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options.userAgent.isEmpty() ? kBrowserAgent : options.userAgent.constData());
    if (!options.proxy.isEmpty())
        curl_easy_setopt(curl, CURLOPT_PROXY, options.proxy.constData());
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeoutMs);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, receive);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    if (request.method == "POST") {
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, long(request.body.size()));
        curl_easy_setopt(curl, CURLOPT_COPYPOSTFIELDS, request.body.constData());
    }
    for (const auto &[name, value] : request.headers) {
        const QByteArray line = name + ": " + value;
        transfer.headers = curl_slist_append(transfer.headers, line.constData());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, transfer.headers);
}

void finish(Transfer &transfer, CURLcode code)
{
    HttpResponse &response = transfer.response;
    curl_easy_getinfo(transfer.curl, CURLINFO_RESPONSE_CODE, &response.status);
    char *effective = nullptr;
    curl_easy_getinfo(transfer.curl, CURLINFO_EFFECTIVE_URL, &effective);
    response.finalUrl = effective ? QUrl::fromEncoded(effective) : transfer.request->url;
    char *type = nullptr;
    curl_easy_getinfo(transfer.curl, CURLINFO_CONTENT_TYPE, &type);
    response.contentType = type ? QByteArray(type) : QByteArray();
    long redirects = 0;
    curl_easy_getinfo(transfer.curl, CURLINFO_REDIRECT_COUNT, &redirects);
    response.redirects = int(redirects);
    transfer.done = true;
    if (response.failure != HttpResponse::Failure::None || code == CURLE_OK)
        return; // a failure of our own (size, type) is already said
    if (code == CURLE_OPERATION_TIMEDOUT) {
        response.failure = HttpResponse::Failure::Timeout;
        response.error = QCoreApplication::translate("deskseek::tools::HttpFetch",
            "%1 did not answer within %2 s.").arg(transfer.request->url.host()).arg(
            transfer.request->timeoutMs / 1000.0);
    } else if (code == CURLE_TOO_MANY_REDIRECTS) {
        response.failure = HttpResponse::Failure::Network;
        response.error = QCoreApplication::translate("deskseek::tools::HttpFetch",
            "%1 redirects more than %2 times.").arg(transfer.request->url.host()).arg(transfer.request->maxRedirects);
    } else {
        response.failure = HttpResponse::Failure::Network;
        response.error = QCoreApplication::translate("deskseek::tools::HttpFetch",
            "Cannot reach %1: %2.").arg(transfer.request->url.host(), QString::fromUtf8(curl_easy_strerror(code)));
    }
}

} // namespace

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

QList<HttpResponse> fetchAll(const QList<HttpRequest> &requests, const FetchOptions &options, int overallMs,
                             const std::atomic<bool> *cancel)
{
    download::ensureCurlInitialized();
    std::vector<std::unique_ptr<Transfer>> transfers;
    CURLM *multi = curl_multi_init();
    for (const HttpRequest &request : requests) {
        auto transfer = std::make_unique<Transfer>();
        transfer->request = &request;
        transfer->curl = curl_easy_init();
        setUp(*transfer, options, std::max(1, std::min(request.timeoutMs, overallMs)));
        curl_easy_setopt(transfer->curl, CURLOPT_PRIVATE, transfer.get());
        curl_multi_add_handle(multi, transfer->curl);
        transfers.push_back(std::move(transfer));
    }
    QElapsedTimer clock;
    clock.start();
    int running = int(transfers.size());
    bool cancelled = false;
    while (running > 0) {
        if (cancel && cancel->load()) {
            cancelled = true;
            break;
        }
        if (clock.elapsed() >= overallMs)
            break;
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg *message = curl_multi_info_read(multi, &left)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            Transfer *transfer = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
            finish(*transfer, message->data.result);
        }
        if (running > 0)
            curl_multi_poll(multi, nullptr, 0, 50, nullptr);
    }
    QList<HttpResponse> responses;
    for (auto &transfer : transfers) {
        if (!transfer->done) {
            HttpResponse &response = transfer->response;
            response.failure = cancelled ? HttpResponse::Failure::Cancelled : HttpResponse::Failure::Timeout;
            response.error = cancelled ? QCoreApplication::translate("deskseek::tools::HttpFetch", "Cancelled.")
                                       : QCoreApplication::translate("deskseek::tools::HttpFetch",
                                           "%1 did not answer within %2 s.").arg(transfer->request->url.host()).arg(overallMs / 1000.0);
            response.body.clear();
        }
        curl_multi_remove_handle(multi, transfer->curl);
        curl_easy_cleanup(transfer->curl);
        curl_slist_free_all(transfer->headers);
        responses.append(std::move(transfer->response));
    }
    curl_multi_cleanup(multi);
    return responses;
}

HttpResponse fetchOne(const HttpRequest &request, const FetchOptions &options, const std::atomic<bool> *cancel)
{
    return fetchAll({request}, options, request.timeoutMs, cancel).constFirst();
}

} // namespace deskseek::tools
