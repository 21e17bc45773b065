#pragma once

#include "download/hubfile.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace deskseek::download {

// A Hugging Face-compatible hub: huggingface.co, hf-mirror.com, or any endpoint with the same
// API. Files are listed with the tree API ({endpoint}/api/models/{repo}/tree/{revision}) and
// served by {endpoint}/{repo}/resolve/{revision}/{path}, with HTTP Range.
class HubSource
{
public:
    static HubSource huggingFace();
    static HubSource hfMirror();
    static HubSource custom(const QUrl &endpoint);

    QString name() const { return m_name; }
    QUrl endpoint() const { return m_endpoint; }
    QUrl treeUrl(const QString &repo, const QString &revision = QStringLiteral("main")) const;
    QUrl fileUrl(const QString &repo, const QString &path, const QString &revision = QStringLiteral("main")) const;

    // Parses a tree API response (a JSON list); errors name the repository.
    static QList<HubFile> parseTree(const QByteArray &json, const QString &repo, QString *error);

private:
    QString m_name;
    QUrl m_endpoint;
};

} // namespace deskseek::download
