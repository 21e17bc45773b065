#pragma once

#include "download/hubfile.h"
#include "download/hubsource.h"

#include <QByteArray>
#include <QString>

namespace deskseek::download {

// Asks a hub which files a repository has (over libcurl, TLS verified, through the given proxy
// or the environment's). Blocking: run it on a worker thread.
class HubClient
{
public:
    // proxy: a proxy URL; empty: the environment's.
    explicit HubClient(HubSource source, QByteArray bearerToken = {}, QByteArray proxy = {});

    // The repository's files; on failure an empty list and a message for people.
    QList<HubFile> listFiles(const QString &repo, QString *error) const;
    const HubSource &source() const { return m_source; }

private:
    HubSource m_source;
    QByteArray m_token;
    QByteArray m_proxy;
};

} // namespace deskseek::download
