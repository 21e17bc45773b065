#include "download/hubsource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

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

HubSource HubSource::modelScope()
{
    HubSource source;
    source.m_name = u"modelscope"_s;
    source.m_endpoint = QUrl(u"https://www.modelscope.cn"_s);
    source.m_api = Api::ModelScope;
    return source;
}

HubSource HubSource::custom(const QUrl &endpoint, Api api)
{
    HubSource source;
    source.m_name = endpoint.host();
    source.m_endpoint = endpoint;
    source.m_api = api;
    return source;
}

std::optional<HubSource> HubSource::fromName(const QString &name)
{
    if (name == u"hf"_s || name == u"huggingface"_s)
        return huggingFace();
    if (name == u"hf-mirror"_s)
        return hfMirror();
    if (name == u"modelscope"_s || name == u"ms"_s)
        return modelScope();
    QString text = name;
    Api api = Api::HuggingFace;
    if (text.startsWith(u"modelscope+"_s)) {
        api = Api::ModelScope;
        text = text.mid(11);
    }
    const QUrl url(text);
    if (url.isValid() && (url.scheme() == u"http"_s || url.scheme() == u"https"_s) && !url.host().isEmpty())
        return custom(url, api);
    return std::nullopt;
}

QString HubSource::defaultRevision() const
{
    return m_api == Api::ModelScope ? u"master"_s : u"main"_s;
}

namespace {
QString joinPath(const QUrl &endpoint, const QString &path)
{
    return endpoint.path().chopped(endpoint.path().endsWith(u'/') ? 1 : 0) + path;
}
} // namespace

QUrl HubSource::treeUrl(const QString &repo, const QString &revision) const
{
    const QString rev = revision.isEmpty() ? defaultRevision() : revision;
    QUrl url = m_endpoint;
    if (m_api == Api::ModelScope) {
        url.setPath(joinPath(m_endpoint, u"/api/v1/models/"_s + repo + u"/repo/files"_s));
        url.setQuery(u"Revision=%1&Recursive=true"_s.arg(rev));
        return url;
    }
    url.setPath(joinPath(m_endpoint, u"/api/models/"_s + repo + u"/tree/"_s + rev));
    url.setQuery(u"recursive=true"_s);
    return url;
}

QUrl HubSource::fileUrl(const QString &repo, const QString &path, const QString &revision) const
{
    const QString rev = revision.isEmpty() ? defaultRevision() : revision;
    QUrl url = m_endpoint;
    if (m_api == Api::ModelScope) {
        url.setPath(joinPath(m_endpoint, u"/api/v1/models/"_s + repo + u"/repo"_s));
        QUrlQuery query;
        query.addQueryItem(u"Revision"_s, rev);
        query.addQueryItem(u"FilePath"_s, QString::fromLatin1(QUrl::toPercentEncoding(path)));
        url.setQuery(query);
        return url;
    }
    url.setPath(joinPath(m_endpoint, u'/' + repo + u"/resolve/"_s + rev + u'/' + path));
    return url;
}

QList<HubFile> HubSource::parseListing(const QByteArray &json, const QString &repo, QString *error) const
{
    return m_api == Api::ModelScope ? parseModelScopeFiles(json, repo, error) : parseTree(json, repo, error);
}

namespace {
// A path must stay inside the model's folder.
bool safePath(const QString &path)
{
    return !path.isEmpty() && !path.startsWith(u'/') && !path.contains(u'\\') && !path.split(u'/').contains(u".."_s);
}

// Drops a SHA-256 that is not one (64 hex digits); false when the entry cannot be used.
bool acceptFile(HubFile &file)
{
    static const QRegularExpression hex64(u"^[0-9a-f]{64}$"_s);
    file.sha256 = file.sha256.toLower();
    if (!hex64.match(file.sha256).hasMatch())
        file.sha256.clear();
    return safePath(file.path) && file.size >= 0;
}
} // namespace

QList<HubFile> HubSource::parseModelScopeFiles(const QByteArray &json, const QString &repo, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    const QJsonObject root = document.object();
    const QJsonValue list = root.value(u"Data"_s).toObject().value(u"Files"_s);
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || !list.isArray()) {
        if (error) {
            const QString message = root.value(u"Message"_s).toString();
            *error = message.isEmpty()
                         ? u"ModelScope's file list for %1 is not valid (%2)."_s.arg(repo, parseError.error != QJsonParseError::NoError
                                                                                       ? parseError.errorString()
                                                                                       : u"no Data.Files"_s)
                         : u"ModelScope cannot list %1: %2"_s.arg(repo, message);
        }
        return {};
    }
    QList<HubFile> files;
    for (const QJsonValue &value : list.toArray()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(u"Type"_s).toString() == u"tree"_s)
            continue;
        HubFile file;
        file.path = entry.value(u"Path"_s).toString();
        file.size = qint64(entry.value(u"Size"_s).toDouble(-1));
        file.sha256 = entry.value(u"Sha256"_s).toString();
        if (!acceptFile(file)) {
            if (error)
                *error = u"ModelScope listed an invalid file (%1) for %2."_s.arg(file.path, repo);
            return {};
        }
        files.append(file);
    }
    return files;
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
    for (const QJsonValue &value : document.array()) {
        const QJsonObject entry = value.toObject();
        if (entry.value(u"type"_s).toString() != u"file"_s)
            continue;
        HubFile file;
        file.path = entry.value(u"path"_s).toString();
        file.size = qint64(entry.value(u"size"_s).toDouble(-1));
        const QJsonObject lfs = entry.value(u"lfs"_s).toObject();
        if (!lfs.isEmpty()) {
            file.sha256 = lfs.value(u"oid"_s).toString();
            file.size = qint64(lfs.value(u"size"_s).toDouble(double(file.size)));
        }
        if (!acceptFile(file)) {
            if (error)
                *error = u"The hub listed an invalid file (%1) for %2."_s.arg(file.path, repo);
            return {};
        }
        files.append(file);
    }
    return files;
}

} // namespace deskseek::download
