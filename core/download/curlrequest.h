#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <curl/curl.h>

namespace deskseek::download {

struct DownloadRequest;

// The libcurl settings every file transfer shares: the URL, redirects, TLS verification (always
// on), the user agent, a large receive buffer, the proxy, the stall limit and the token. The
// returned header list belongs to the caller (curl_slist_free_all after the transfer).
curl_slist *applyTransferOptions(CURL *curl, const DownloadRequest &request, const QByteArray &encodedUrl);

// What to tell people about an HTTP 4xx answer for `url`.
QString httpFailureMessage(const QUrl &url, long status);

// Whether the error of a failed write (errno) means the disk or the file-size limit is full.
bool isDiskFull(int error);

} // namespace deskseek::download
