#pragma once

#include "download/hubfile.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace deskseek::download {

// Where models come from, and how to ask:
//  - Hugging Face-compatible hubs (huggingface.co, hf-mirror.com, any endpoint with the same
//    API): files are listed by {endpoint}/api/models/{repo}/tree/{revision}?recursive=true and
//    served by {endpoint}/{repo}/resolve/{revision}/{path}, with HTTP Range.
//  - ModelScope (modelscope.cn): files are listed by
//    {endpoint}/api/v1/models/{repo}/repo/files?Revision={revision}&Recursive=true
//    ({"Code":200,"Data":{"Files":[{"Path","Type":"blob","Size","Sha256"}]}}) and served by
//    {endpoint}/api/v1/models/{repo}/repo?Revision={revision}&FilePath={path}, with HTTP Range.
class HubSource
{
public:
    enum class Api { HuggingFace, ModelScope };

    static HubSource huggingFace();
    static HubSource hfMirror();
    static HubSource modelScope();
    static HubSource custom(const QUrl &endpoint, Api api = Api::HuggingFace);
    // "hf", "hf-mirror", "modelscope", or an http(s) URL of a Hugging Face-compatible hub
    // ("modelscope+https://..." for a ModelScope-compatible one); nullopt otherwise.
    static std::optional<HubSource> fromName(const QString &name);

    Api api() const { return m_api; }
    // The revision a repository's files are taken from: "main" (Hugging Face), "master" (ModelScope).
    QString defaultRevision() const;

    QString name() const { return m_name; }
    QUrl endpoint() const { return m_endpoint; }
    QUrl treeUrl(const QString &repo, const QString &revision = {}) const;
    QUrl fileUrl(const QString &repo, const QString &path, const QString &revision = {}) const;

    // Parses this hub's file list; errors name the repository.
    QList<HubFile> parseListing(const QByteArray &json, const QString &repo, QString *error) const;
    // A Hugging Face tree API response (a JSON list).
    static QList<HubFile> parseTree(const QByteArray &json, const QString &repo, QString *error);
    // A ModelScope file list.
    static QList<HubFile> parseModelScopeFiles(const QByteArray &json, const QString &repo, QString *error);

private:
    QString m_name;
    QUrl m_endpoint;
    Api m_api = Api::HuggingFace;
};

} // namespace deskseek::download
