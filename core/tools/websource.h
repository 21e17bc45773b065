#pragma once

#include <QList>
#include <QString>
#include <QUrl>

#include <functional>

namespace deskseek::tools {

// One search result as the answer cites it: [citation:index]. Saved with the message.
struct WebSource
{
    int index = 0; // from 1, as in the results
    QString title;
    QUrl url;
    QString siteName;
    QString date;
    QString snippet; // the provider's
    QString text;    // the page's main text; empty when it was not read (then the snippet stands in)
    QString note;    // why the page was not read ("a PDF", "HTTP 404"), for people

    bool operator==(const WebSource &) const = default;
};

// A [citation:X] mark in an answer that names one of its sources.
struct Citation
{
    qsizetype start = 0;  // in UTF-16 units
    qsizetype length = 0;
    const WebSource *source = nullptr;
};
// The marks of `text` whose number is one of `sources`' (marks naming no source are left out).
QList<Citation> findCitations(const QString &text, const QList<WebSource> &sources);
// `text` with each such mark replaced by what `link` makes of its source.
QString replaceCitations(const QString &text, const QList<WebSource> &sources,
                         const std::function<QString(const WebSource &)> &link);

// Sources to and from the JSON saved with a message (a list of objects).
QByteArray sourcesToJson(const QList<WebSource> &sources);
QList<WebSource> sourcesFromJson(const QByteArray &json);

} // namespace deskseek::tools
