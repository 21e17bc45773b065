#include "tools/htmldocument.h"

#include <QStringList>

#include <cstring>
#include <vector>

namespace deskseek::tools {

namespace {

// Elements that hold no content and need no end tag: they do not deepen the tree.
bool isVoid(const QByteArray &name)
{
    static const char *const kVoid[] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                        "link", "meta", "param", "source", "track", "wbr"};
    for (const char *tag : kVoid)
        if (name == tag)
            return true;
    return false;
}

// An upper bound of how deep the parsed tree can be: open tags minus end tags, at their highest.
int roughDepth(const QByteArray &html)
{
    int depth = 0, deepest = 0;
    for (qsizetype i = html.indexOf('<'); i >= 0 && i + 1 < html.size(); i = html.indexOf('<', i + 1)) {
        const char next = html.at(i + 1);
        if (next == '/') {
            depth = std::max(0, depth - 1);
            continue;
        }
        if (!((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z')))
            continue;
        qsizetype end = i + 1;
        while (end < html.size() && end - i < 16 && (std::isalnum(static_cast<unsigned char>(html.at(end)))))
            ++end;
        if (!isVoid(html.mid(i + 1, end - i - 1).toLower()))
            deepest = std::max(deepest, ++depth);
    }
    return deepest;
}

void appendText(const GumboNode *node, QString &out)
{
    std::vector<const GumboNode *> stack{node};
    while (!stack.empty()) {
        const GumboNode *current = stack.back();
        stack.pop_back();
        if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_WHITESPACE || current->type == GUMBO_NODE_CDATA) {
            out += QString::fromUtf8(current->v.text.text);
            continue;
        }
        if (current->type != GUMBO_NODE_ELEMENT)
            continue;
        const GumboTag tag = current->v.element.tag;
        if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT || tag == GUMBO_TAG_TEMPLATE)
            continue;
        if (tag == GUMBO_TAG_BR)
            out += u' ';
        const GumboVector &children = current->v.element.children;
        for (unsigned i = children.length; i-- > 0;)
            stack.push_back(static_cast<const GumboNode *>(children.data[i]));
    }
}

} // namespace

HtmlDocument::HtmlDocument(const QString &html)
    : m_utf8(html.toUtf8())
{
    if (roughDepth(m_utf8) > kMaxDepth)
        return;
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 100;
    m_output = gumbo_parse_with_options(&options, m_utf8.constData(), m_utf8.size());
}

HtmlDocument::~HtmlDocument()
{
    if (m_output)
        gumbo_destroy_output(&kGumboDefaultOptions, m_output);
}

const GumboNode *HtmlDocument::root() const
{
    return m_output ? m_output->root : nullptr;
}

void HtmlDocument::forEachElement(const GumboNode *node, const std::function<bool(const GumboNode *)> &visit)
{
    if (!node)
        return;
    std::vector<const GumboNode *> stack{node};
    while (!stack.empty()) {
        const GumboNode *current = stack.back();
        stack.pop_back();
        if (current->type != GUMBO_NODE_ELEMENT && current->type != GUMBO_NODE_TEMPLATE)
            continue;
        if (!visit(current))
            continue;
        const GumboVector &children = current->v.element.children;
        for (unsigned i = children.length; i-- > 0;)
            stack.push_back(static_cast<const GumboNode *>(children.data[i]));
    }
}

QList<const GumboNode *> HtmlDocument::findAll(const GumboNode *node, const std::function<bool(const GumboNode *)> &match)
{
    QList<const GumboNode *> found;
    forEachElement(node, [&](const GumboNode *element) {
        if (match(element))
            found.append(element);
        return true;
    });
    return found;
}

const GumboNode *HtmlDocument::findFirst(const GumboNode *node, const std::function<bool(const GumboNode *)> &match)
{
    const GumboNode *found = nullptr;
    forEachElement(node, [&](const GumboNode *element) {
        if (found)
            return false;
        if (match(element))
            found = element;
        return !found;
    });
    return found;
}

bool HtmlDocument::isElement(const GumboNode *node, GumboTag tag)
{
    return node && node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

QString HtmlDocument::attribute(const GumboNode *node, const char *name)
{
    if (!node || node->type != GUMBO_NODE_ELEMENT)
        return {};
    const GumboAttribute *found = gumbo_get_attribute(&node->v.element.attributes, name);
    return found ? QString::fromUtf8(found->value) : QString();
}

bool HtmlDocument::hasClass(const GumboNode *node, const char *className)
{
    const QString classes = attribute(node, "class");
    if (classes.isEmpty())
        return false;
    const QString wanted = QString::fromUtf8(className);
    for (const QStringView one : QStringView(classes).split(u' ', Qt::SkipEmptyParts))
        if (one == wanted)
            return true;
    return false;
}

QString HtmlDocument::text(const GumboNode *node)
{
    QString raw;
    if (node)
        appendText(node, raw);
    return raw.simplified();
}

} // namespace deskseek::tools
