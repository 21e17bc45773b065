#include "download/hubsource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskseek::download {

HubSource HubSource::huggingFace()
{
    HubSource source;
    source.m_name = u"huggingface"_s;
    source.m_endpoint = QUrl(u"https://huggingface.co"_s);
    return source;
}

HubSource HubSource::hfMirror()
{
    HubSource source;
    source.m_name = u"hf-mirror"_s;
    source.m_endpoint = QUrl(u"https://hf-mirror.com"_s);
    return source;
}

HubSource HubSource::custom(const QUrl &endpoint)
{
    HubSource source;
    source.m_name = endpoint.host();
    source.m_endpoint = endpoint;
    return source;
}

QUrl HubSource::treeUrl(const QString &repo, const QString &revision) const
{
    QUrl url = m_endpoint;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + u"/api/models/"_s + repo + u"/tree/"_s + revision);
    url.setQuery(u"recursive=true"_s);
    return url;
}

QUrl HubSource::fileUrl(const QString &repo, const QString &path, const QString &revision) const
{
    QUrl url = m_endpoint;
    url.setPath(url.path().chopped(url.path().endsWith(u'/') ? 1 : 0) + u'/' + repo + u"/resolve/"_s + revision + u'/' + path);
    return url;
}

QList<HubFile> HubSource::parseTree(const QByteArray &json, const QString &repo, QString *error)
{
    QList<HubFile> files;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isArray()) {
        if (error)
            *error = u"The hub's file list for %1 is not valid (%2)."_s.arg(repo, parseError.errorString());
        return files;
    }
    static const QRegularExpression hex64(u"^[0-9a-f]{64}$"_s);
    for (const QJsonValue &value : document.array()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(u"type"_s).toString() != u"file"_s)
            continue;
        HubFile file;
        file.path = entry.value(u"path"_s).toString();
        file.size = qint64(entry.value(u"size"_s).toDouble(-1));
        const QJsonObject lfs = entry.value(u"lfs"_s).toObject();
        if (!lfs.isEmpty()) {
            file.sha256 = lfs.value(u"oid"_s).toString().toLower();
            file.size = qint64(lfs.value(u"size"_s).toDouble(double(file.size)));
            if (!hex64.match(file.sha256).hasMatch())
                file.sha256.clear();
        }
        // A path must stay inside the model's folder.
        if (file.path.isEmpty() || file.path.startsWith(u'/') || file.path.contains(u".."_s) || file.size < 0) {
            if (error)
                *error = u"The hub listed an invalid file (%1) for %2."_s.arg(file.path, repo);
            return {};
        }
        files.append(file);
    }
    return files;
}

} // namespace deskseek::download
