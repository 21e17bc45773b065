#include "download/hubclient.h"

#include "download/curlglobal.h"

#include <curl/curl.h>

using namespace Qt::StringLiterals;

namespace deskseek::download {

namespace {
constexpr qsizetype kMaxListingBytes = 64 << 20;

size_t collect(char *data, size_t size, size_t count, void *user)
{
    auto *body = static_cast<QByteArray *>(user);
    if (body->size() + qsizetype(size * count) > kMaxListingBytes)
        return 0; // not a file listing
    body->append(data, qsizetype(size * count));
    return size * count;
}
} // namespace

HubClient::HubClient(HubSource source, QByteArray bearerToken, QByteArray proxy)
    : m_source(std::move(source))
    , m_token(std::move(bearerToken))
    , m_proxy(std::move(proxy))
{
}

QList<HubFile> HubClient::listFiles(const QString &repo, QString *error) const
{
    ensureCurlInitialized();
    CURL *curl = curl_easy_init();
    QByteArray body;
    const QByteArray url = m_source.treeUrl(repo).toEncoded();
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "DeskSeek");
    if (!m_proxy.isEmpty())
        curl_easy_setopt(curl, CURLOPT_PROXY, m_proxy.constData());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_slist *headers = nullptr;
    if (!m_token.isEmpty()) {
        const QByteArray header = "Authorization: Bearer " + m_token;
        headers = curl_slist_append(headers, header.constData());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    }
    const CURLcode code = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    if (code != CURLE_OK) {
        if (error)
            *error = u"Cannot reach %1: %2. Check the network connection or choose another source."_s.arg(
                m_source.endpoint().host(), QString::fromUtf8(curl_easy_strerror(code)));
        return {};
    }
    if (status == 401 || status == 403) {
        if (error)
            *error = u"%1 refused to list %2 (HTTP %3). For a gated model, accept its license on the hub and "
                     "set a Hugging Face token."_s.arg(m_source.endpoint().host(), repo).arg(status);
        return {};
    }
    if (status != 200) {
        if (error)
            *error = u"%1 has no model %2 (HTTP %3). Check the name, or try another source."_s.arg(
                m_source.endpoint().host(), repo).arg(status);
        return {};
    }
    return m_source.parseListing(body, repo, error);
}

} // namespace deskseek::download
