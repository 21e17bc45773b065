#include "tools/websource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

QList<Citation> findCitations(const QString &text, const QList<WebSource> &sources)
{
    static const QRegularExpression mark(u"\\[citation:(\\d+)\\]"_s);
    QList<Citation> found;
    if (sources.isEmpty())
        return found;
    for (auto it = mark.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const int index = match.captured(1).toInt();
        for (const WebSource &source : sources)
            if (source.index == index)
                found.append({match.capturedStart(), match.capturedLength(), &source});
    }
    return found;
}

QString replaceCitations(const QString &text, const QList<WebSource> &sources,
                         const std::function<QString(const WebSource &)> &link)
{
    QString out;
    qsizetype at = 0;
    for (const Citation &citation : findCitations(text, sources)) {
        out += QStringView(text).mid(at, citation.start - at);
        out += link(*citation.source);
        at = citation.start + citation.length;
    }
    return out + text.mid(at);
}

QByteArray sourcesToJson(const QList<WebSource> &sources)
{
    QJsonArray array;
    for (const WebSource &source : sources)
        array.append(QJsonObject{{u"index"_s, source.index}, {u"title"_s, source.title},
                                 {u"url"_s, source.url.toString(QUrl::FullyEncoded)}, {u"site"_s, source.siteName},
                                 {u"date"_s, source.date}, {u"snippet"_s, source.snippet}, {u"text"_s, source.text},
                                 {u"note"_s, source.note}});
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QList<WebSource> sourcesFromJson(const QByteArray &json)
{
    QList<WebSource> sources;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    for (const QJsonValue &value : document.array()) {
        const QJsonObject item = value.toObject();
        WebSource source;
        source.index = item.value(u"index"_s).toInt();
        source.title = item.value(u"title"_s).toString();
        source.url = QUrl::fromEncoded(item.value(u"url"_s).toString().toUtf8());
        source.siteName = item.value(u"site"_s).toString();
        source.date = item.value(u"date"_s).toString();
        source.snippet = item.value(u"snippet"_s).toString();
        source.text = item.value(u"text"_s).toString();
        source.note = item.value(u"note"_s).toString();
        if (source.index > 0)
            sources.append(source);
    }
    return sources;
}

} // namespace deskseek::tools
