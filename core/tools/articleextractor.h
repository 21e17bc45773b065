#pragma once

#include <QString>
#include <QUrl>

namespace deskseek::tools {

// What a web page says, without its navigation, banners, comments and scripts.
struct ExtractedPage
{
    QString title;
    QString siteName; // the page's own name for its site, else the host
    QString date;     // as the page gives it (ISO 8601 where it uses a <meta> or <time>)
    QString text;     // paragraphs apart by blank lines; list items as "- ", table cells apart by " | "
};

// Main-text extraction in the manner of a reading view: the page is parsed as HTML5 (gumbo);
// scripts, styles, navigation, headers, footers, asides, forms, hidden elements and blocks whose
// class or id says comment, cookie, share, related, sidebar, advert (and the like) are dropped;
// every paragraph-like block gives its container a score by its length and commas; the best
// container (its score lowered by its share of link text) and its siblings that score near it
// are the main text, from which link lists are dropped in turn.
class ArticleExtractor
{
public:
    static ExtractedPage extract(const QString &html, const QUrl &url = {});
};

} // namespace deskseek::tools
