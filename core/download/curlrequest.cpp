#include "download/curlrequest.h"

#include "download/filedownloader.h"

#include <cerrno>

using namespace Qt::StringLiterals;

namespace deskseek::download {

curl_slist *applyTransferOptions(CURL *curl, const DownloadRequest &request, const QByteArray &encodedUrl)
{
    curl_easy_setopt(curl, CURLOPT_URL, encodedUrl.constData());
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "DeskSeek");
    curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 512L * 1024L); // fewer, larger writes
    curl_easy_setopt(curl, CURLOPT_PROXY, request.proxy.isEmpty() ? nullptr : request.proxy.constData());
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1024L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, long(request.stallSeconds));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_slist *headers = nullptr;
    if (!request.bearerToken.isEmpty()) {
        const QByteArray header = "Authorization: Bearer " + request.bearerToken;
        headers = curl_slist_append(headers, header.constData());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    return headers;
}

QString httpFailureMessage(const QUrl &url, long status)
{
    if (status == 401 || status == 403)
        return u"The server refused %1 (HTTP %2). For a gated model, accept its license on the hub and set a "
               "Hugging Face token."_s.arg(url.toString()).arg(status);
    if (status == 416)
        return u"The server's copy of %1 is not the size it listed (HTTP 416). Try again later or another "
               "source."_s.arg(url.toString());
    return u"The server does not have %1 (HTTP %2). Check the model name or try another source."_s.arg(url.toString()).arg(status);
}

bool isDiskFull(int error)
{
#ifdef EDQUOT
    if (error == EDQUOT)
        return true;
#endif
    return error == ENOSPC || error == EFBIG;
}

} // namespace deskseek::download
