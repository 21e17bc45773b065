#pragma once

#include <QList>
#include <QString>

#include <gumbo.h>

#include <functional>

namespace deskseek::tools {

// An HTML5 document parsed by gumbo, with the few questions web search asks of it. Every walk
// is iterative (a hostile page nests deeper than any stack), and a page nested deeper than
// kMaxDepth open elements is not parsed at all (gumbo frees its tree recursively).
class HtmlDocument
{
public:
    static constexpr int kMaxDepth = 20000;

    explicit HtmlDocument(const QString &html);
    ~HtmlDocument();
    HtmlDocument(const HtmlDocument &) = delete;
    HtmlDocument &operator=(const HtmlDocument &) = delete;

    // Null when the page could not be parsed (too deep).
    const GumboNode *root() const;

    // Every element under `node` (itself included) in document order, until `visit` returns false.
    // `visit` returning false for an element skips its children when `skipChildren` is set.
    static void forEachElement(const GumboNode *node, const std::function<bool(const GumboNode *)> &visit);
    static QList<const GumboNode *> findAll(const GumboNode *node, const std::function<bool(const GumboNode *)> &match);
    static const GumboNode *findFirst(const GumboNode *node, const std::function<bool(const GumboNode *)> &match);

    static bool isElement(const GumboNode *node, GumboTag tag);
    static QString attribute(const GumboNode *node, const char *name);
    static bool hasClass(const GumboNode *node, const char *className);
    // The text under `node`, white space collapsed to single spaces and trimmed.
    static QString text(const GumboNode *node);

private:
    GumboOutput *m_output = nullptr;
    QByteArray m_utf8; // gumbo points into it
};

} // namespace deskseek::tools
