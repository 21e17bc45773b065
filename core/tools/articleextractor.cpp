#include "tools/articleextractor.h"

#include "tools/htmldocument.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

namespace {

using Doc = HtmlDocument;

struct Stats
{
    double length = 0; // characters, a CJK character counting as 2.5 Latin ones
    double linkLength = 0;
    int commas = 0;
};

bool isCjk(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x3040 && c <= 0x30FF)
           || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF);
}

Stats measure(const QString &text)
{
    Stats stats;
    for (const char32_t c : text.toUcs4()) {
        if (c == ',' || c == 0xFF0C || c == 0x3001 || c == 0x3002 || c == 0xFF1B)
            ++stats.commas;
        if (c <= ' ' || c == 0xA0 || c == 0x3000)
            continue;
        stats.length += isCjk(c) ? 2.5 : 1.0;
    }
    return stats;
}

// Tags whose content is never the article's.
bool isJunkTag(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_MENU:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_MATH: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP:
        return true;
    default:
        return false;
    }
}

// Words of a class or id that mark page furniture, whatever else they say.
const QSet<QString> &junkWords()
{
    static const QSet<QString> words{
        u"comment"_s, u"comments"_s, u"cookie"_s, u"cookies"_s, u"consent"_s, u"gdpr"_s, u"share"_s, u"sharing"_s,
        u"social"_s, u"related"_s, u"recommended"_s, u"recommend"_s, u"sidebar"_s, u"newsletter"_s, u"subscribe"_s,
        u"subscription"_s, u"advert"_s, u"advertisement"_s, u"ad"_s, u"ads"_s, u"adsbygoogle"_s, u"sponsor"_s,
        u"sponsored"_s, u"promo"_s, u"popup"_s, u"modal"_s, u"breadcrumb"_s, u"breadcrumbs"_s, u"footer"_s, u"nav"_s,
        u"navbar"_s, u"navigation"_s, u"menu"_s, u"pagination"_s, u"pager"_s, u"masthead"_s, u"toolbar"_s, u"disqus"_s,
        u"signup"_s, u"login"_s, u"banner"_s, u"skip"_s, u"hidden"_s, u"widget"_s, u"tags"_s, u"byline"_s,
        u"author"_s, u"copyright"_s, u"rss"_s, u"print"_s, u"toc"_s, u"reply"_s, u"replies"_s,
    };
    return words;
}

const QSet<QString> &goodWords()
{
    static const QSet<QString> words{u"article"_s, u"content"_s, u"main"_s, u"post"_s, u"entry"_s, u"body"_s,
                                     u"text"_s, u"story"_s, u"blog"_s, u"prose"_s, u"markdown"_s, u"docs"_s,
                                     u"documentation"_s, u"message"_s, u"thread"_s, u"正文"_s};
    return words;
}

QStringList classWords(const GumboNode *node)
{
    static const QRegularExpression separators(u"[\\s_\\-]+"_s);
    return (Doc::attribute(node, "class") + u' ' + Doc::attribute(node, "id") + u' ' + Doc::attribute(node, "data-testid")
            + u' ' + Doc::attribute(node, "data-component"))
        .toLower()
        .split(separators, Qt::SkipEmptyParts);
}

bool isJunk(const GumboNode *node)
{
    const GumboTag tag = node->v.element.tag;
    if (isJunkTag(tag))
        return true;
    if (gumbo_get_attribute(&node->v.element.attributes, "hidden"))
        return true;
    if (Doc::attribute(node, "aria-hidden") == u"true"_s)
        return true;
    const QString style = Doc::attribute(node, "style").toLower().remove(u' ');
    if (style.contains(u"display:none"_s) || style.contains(u"visibility:hidden"_s))
        return true;
    static const QSet<QString> roles{u"navigation"_s, u"banner"_s, u"contentinfo"_s, u"complementary"_s, u"dialog"_s,
                                     u"alertdialog"_s, u"search"_s, u"menu"_s, u"menubar"_s};
    if (roles.contains(Doc::attribute(node, "role").toLower()))
        return true;
    if (tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_ARTICLE)
        return false;
    for (const QString &word : classWords(node))
        if (junkWords().contains(word))
            return true;
    return false;
}

int classWeight(const GumboNode *node)
{
    int weight = 0;
    for (const QString &word : classWords(node))
        if (goodWords().contains(word))
            weight = 25;
    return weight;
}

bool isParagraphLike(GumboTag tag)
{
    return tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_TD || tag == GUMBO_TAG_BLOCKQUOTE
           || tag == GUMBO_TAG_LI || tag == GUMBO_TAG_DD;
}

bool isBlock(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_PRE: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_BODY: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_CAPTION:
        return true;
    default:
        return false;
    }
}

const GumboNode *childAt(const GumboNode *node, unsigned i)
{
    return static_cast<const GumboNode *>(node->v.element.children.data[i]);
}

class Extraction
{
public:
    explicit Extraction(const GumboNode *root)
        : m_root(root)
    {
        measureTree();
    }

    QList<const GumboNode *> mainNodes();
    // The main text; a heading that repeats the page's title is left out.
    QString render(const QList<const GumboNode *> &nodes, const QString &title) const;

private:
    void measureTree();
    double linkDensity(const GumboNode *node) const
    {
        const Stats &stats = m_stats.value(node);
        return stats.length > 0 ? stats.linkLength / stats.length : 0.0;
    }

    const GumboNode *m_root;
    QHash<const GumboNode *, Stats> m_stats; // what each element holds, junk left out
    QSet<const GumboNode *> m_junk;
    QHash<const GumboNode *, double> m_scores;
};

void Extraction::measureTree()
{
    // Post-order without recursion: children are measured before their parent is summed.
    struct Frame { const GumboNode *node; bool inLink; bool visited; };
    std::vector<Frame> stack{{m_root, false, false}};
    while (!stack.empty()) {
        Frame &frame = stack.back();
        const GumboNode *node = frame.node;
        if (!frame.visited) {
            frame.visited = true;
            if (isJunk(node)) {
                m_junk.insert(node);
                stack.pop_back();
                continue;
            }
            const bool inLink = frame.inLink || node->v.element.tag == GUMBO_TAG_A;
            for (unsigned i = node->v.element.children.length; i-- > 0;) {
                const GumboNode *child = childAt(node, i);
                if (child->type == GUMBO_NODE_ELEMENT)
                    stack.push_back({child, inLink, false});
            }
            continue;
        }
        Stats total;
        const bool inLink = frame.inLink || node->v.element.tag == GUMBO_TAG_A;
        for (unsigned i = 0; i < node->v.element.children.length; ++i) {
            const GumboNode *child = childAt(node, i);
            if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) {
                const Stats text = measure(QString::fromUtf8(child->v.text.text));
                total.length += text.length;
                total.commas += text.commas;
                if (inLink)
                    total.linkLength += text.length;
            } else if (child->type == GUMBO_NODE_ELEMENT && !m_junk.contains(child)) {
                const Stats &sub = m_stats[child];
                total.length += sub.length;
                total.linkLength += sub.linkLength;
                total.commas += sub.commas;
            }
        }
        m_stats.insert(node, total);
        stack.pop_back();
    }
}

QList<const GumboNode *> Extraction::mainNodes()
{
    // Paragraph-like blocks (and divs that hold their own text) score their ancestors.
    QList<const GumboNode *> paragraphs;
    Doc::forEachElement(m_root, [&](const GumboNode *node) {
        if (m_junk.contains(node))
            return false;
        const GumboTag tag = node->v.element.tag;
        bool paragraph = isParagraphLike(tag);
        if (!paragraph && (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION)) {
            double own = 0;
            for (unsigned i = 0; i < node->v.element.children.length; ++i) {
                const GumboNode *child = childAt(node, i);
                if (child->type == GUMBO_NODE_TEXT)
                    own += measure(QString::fromUtf8(child->v.text.text)).length;
            }
            paragraph = own >= 25;
        }
        if (paragraph)
            paragraphs.append(node);
        return true;
    });
    for (const GumboNode *paragraph : std::as_const(paragraphs)) {
        const Stats &stats = m_stats.value(paragraph);
        if (stats.length < 25)
            continue;
        const double score = (1.0 + stats.commas + std::min(std::floor(stats.length / 100.0), 3.0))
                             * (1.0 - linkDensity(paragraph));
        const GumboNode *ancestor = paragraph->parent;
        for (int level = 0; level < 3 && ancestor && ancestor->type == GUMBO_NODE_ELEMENT; ++level) {
            if (!m_scores.contains(ancestor)) {
                double base = classWeight(ancestor);
                const GumboTag tag = ancestor->v.element.tag;
                if (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_SECTION)
                    base += 5;
                else if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_TABLE || tag == GUMBO_TAG_TBODY
                         || tag == GUMBO_TAG_TR)
                    base -= 3;
                m_scores.insert(ancestor, base);
            }
            m_scores[ancestor] += score / (level + 1);
            ancestor = ancestor->parent;
        }
    }
    const GumboNode *top = nullptr;
    double topScore = 0;
    for (auto it = m_scores.cbegin(); it != m_scores.cend(); ++it) {
        const double score = it.value() * (1.0 - linkDensity(it.key()));
        if (!top || score > topScore) {
            top = it.key();
            topScore = score;
        }
    }
    if (top) {
        // Several near-best containers under one ancestor (the posts of a thread, the answers
        // of a question) make that ancestor the main text.
        QList<const GumboNode *> close;
        for (auto it = m_scores.cbegin(); it != m_scores.cend(); ++it)
            if (it.key() != top && it.value() * (1.0 - linkDensity(it.key())) >= topScore * 0.6)
                close.append(it.key());
        for (const GumboNode *ancestor = top->parent; ancestor && ancestor->type == GUMBO_NODE_ELEMENT
                                                      && ancestor->v.element.tag != GUMBO_TAG_BODY;
             ancestor = ancestor->parent) {
            int under = 0;
            for (const GumboNode *other : std::as_const(close)) {
                const GumboNode *up = other;
                while (up && up != ancestor && up->type == GUMBO_NODE_ELEMENT)
                    up = up->parent;
                // Another near-best container that is not the top's own ancestor or child.
                bool related = false;
                for (const GumboNode *a = top; a; a = a->parent)
                    related = related || a == other;
                if (up == ancestor && !related && other != ancestor)
                    ++under;
            }
            if (under >= 2) {
                top = ancestor;
                topScore = m_scores.value(ancestor) * (1.0 - linkDensity(ancestor));
                break;
            }
        }
    }
    if (!top) {
        const GumboNode *body = Doc::findFirst(m_root, [](const GumboNode *n) { return Doc::isElement(n, GUMBO_TAG_BODY); });
        return body ? QList<const GumboNode *>{body} : QList<const GumboNode *>{};
    }
    // The top container's siblings join it when they score near it, or read as paragraphs.
    const GumboNode *parent = top->parent;
    if (!parent || parent->type != GUMBO_NODE_ELEMENT)
        return {top};
    QList<const GumboNode *> chosen;
    const double threshold = std::max(10.0, topScore * 0.2);
    for (unsigned i = 0; i < parent->v.element.children.length; ++i) {
        const GumboNode *sibling = childAt(parent, i);
        if (sibling->type != GUMBO_NODE_ELEMENT || m_junk.contains(sibling))
            continue;
        bool take = sibling == top;
        if (!take && m_scores.contains(sibling))
            take = m_scores.value(sibling) * (1.0 - linkDensity(sibling)) >= threshold;
        if (!take && sibling->v.element.tag == GUMBO_TAG_P) {
            const Stats &stats = m_stats.value(sibling);
            const QString text = Doc::text(sibling);
            take = (stats.length > 80 && linkDensity(sibling) < 0.25)
                   || (stats.length > 0 && linkDensity(sibling) == 0
                       && (text.contains(u". "_s) || text.endsWith(u'.') || text.contains(u'。')));
        }
        if (take)
            chosen.append(sibling);
    }
    return chosen;
}

// A short line that does not read as a sentence: a byline, a date, a vote count, "edited by".
bool isFragment(const QString &text)
{
    if (measure(text).length >= 50)
        return false;
    static const QString kEnds = u".!?。！？:：\"”'’…"_s;
    return !kEnds.contains(text.back());
}

QString Extraction::render(const QList<const GumboNode *> &nodes, const QString &title) const
{
    QStringList blocks;
    QString line;
    // `tag`: the block element that ends here; paragraphs and divisions that hold only a
    // fragment are page furniture, headings, list items, table rows and code are not.
    auto flush = [&](GumboTag tag = GUMBO_TAG_UNKNOWN) {
        const QString done = line.simplified();
        line.clear();
        if (done.isEmpty())
            return;
        const bool prose = tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SECTION || tag == GUMBO_TAG_ARTICLE
                           || tag == GUMBO_TAG_MAIN || tag == GUMBO_TAG_ADDRESS || tag == GUMBO_TAG_BODY;
        if (prose && isFragment(done))
            return;
        blocks.append(done);
    };
    const QString titleText = title.simplified();
    struct Frame { const GumboNode *node; bool closing; };
    for (const GumboNode *start : nodes) {
        std::vector<Frame> stack{{start, false}};
        while (!stack.empty()) {
            const Frame frame = stack.back();
            stack.pop_back();
            const GumboNode *node = frame.node;
            if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
                line += QString::fromUtf8(node->v.text.text);
                continue;
            }
            if (node->type != GUMBO_NODE_ELEMENT || m_junk.contains(node))
                continue;
            const GumboTag tag = node->v.element.tag;
            if (frame.closing) {
                if (isBlock(tag))
                    flush(tag);
                else if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH)
                    line += u" | "_s;
                continue;
            }
            if (tag == GUMBO_TAG_BR) {
                flush();
                continue;
            }
            if (tag == GUMBO_TAG_IMG)
                continue;
            if (tag == GUMBO_TAG_H1 && !titleText.isEmpty()) {
                const QString heading = Doc::text(node);
                if (!heading.isEmpty() && (titleText.startsWith(heading) || heading.startsWith(titleText)))
                    continue; // the title, which the page's title already gives
            }
            const Stats &stats = m_stats.value(node);
            // A list of links inside the article (related stories, tags) is not its text.
            if (node != start && (isBlock(tag) || tag == GUMBO_TAG_TBODY) && stats.length > 0 && stats.length < 400
                && linkDensity(node) > 0.5)
                continue;
            if (tag == GUMBO_TAG_PRE) {
                flush();
                QString code;
                std::vector<const GumboNode *> inner{node};
                while (!inner.empty()) {
                    const GumboNode *current = inner.back();
                    inner.pop_back();
                    if (current->type == GUMBO_NODE_TEXT || current->type == GUMBO_NODE_WHITESPACE)
                        code += QString::fromUtf8(current->v.text.text);
                    else if (current->type == GUMBO_NODE_ELEMENT)
                        for (unsigned i = current->v.element.children.length; i-- > 0;)
                            inner.push_back(childAt(current, i));
                }
                while (code.endsWith(u'\n'))
                    code.chop(1);
                if (!code.trimmed().isEmpty())
                    blocks.append(code);
                continue;
            }
            if (isBlock(tag))
                flush(tag);
            if (tag == GUMBO_TAG_LI)
                line += u"- "_s;
            stack.push_back({node, true});
            for (unsigned i = node->v.element.children.length; i-- > 0;)
                stack.push_back({childAt(node, i), false});
        }
        flush();
    }
    // Table rows end with the separator of their last cell.
    for (QString &block : blocks)
        while (block.endsWith(u" |"_s))
            block = block.chopped(2).trimmed();
    return blocks.join(u"\n\n"_s);
}

QString metaContent(const GumboNode *root, const QStringList &keys)
{
    QString found;
    Doc::forEachElement(root, [&](const GumboNode *node) {
        if (!found.isEmpty())
            return false;
        if (!Doc::isElement(node, GUMBO_TAG_META))
            return true;
        const QString key = (Doc::attribute(node, "property") + Doc::attribute(node, "name") + Doc::attribute(node, "itemprop")).toLower();
        if (keys.contains(key))
            found = Doc::attribute(node, "content").simplified();
        return true;
    });
    return found;
}

} // namespace

ExtractedPage ArticleExtractor::extract(const QString &html, const QUrl &url)
{
    ExtractedPage page;
    page.siteName = url.host();
    const HtmlDocument document(html);
    const GumboNode *root = document.root();
    if (!root)
        return page;
    page.title = metaContent(root, {u"og:title"_s, u"twitter:title"_s});
    const QString heading = Doc::text(Doc::findFirst(root, [](const GumboNode *n) { return Doc::isElement(n, GUMBO_TAG_H1); }));
    if (page.title.isEmpty()) {
        page.title = Doc::text(Doc::findFirst(root, [](const GumboNode *n) { return Doc::isElement(n, GUMBO_TAG_TITLE); }));
        // "Headline - Section - Site": the headline, as the page's own heading says it.
        if (page.title.isEmpty() || (!heading.isEmpty() && page.title.startsWith(heading)))
            page.title = heading;
    }
    const QString site = metaContent(root, {u"og:site_name"_s, u"application-name"_s});
    if (!site.isEmpty())
        page.siteName = site;
    page.date = metaContent(root, {u"article:published_time"_s, u"og:published_time"_s, u"datepublished"_s, u"date"_s,
                                   u"pubdate"_s, u"publishdate"_s, u"dc.date"_s, u"dc.date.issued"_s});
    if (page.date.isEmpty()) {
        const GumboNode *time = Doc::findFirst(root, [](const GumboNode *n) {
            return Doc::isElement(n, GUMBO_TAG_TIME) && !Doc::attribute(n, "datetime").isEmpty();
        });
        page.date = Doc::attribute(time, "datetime");
    }
    Extraction extraction(root);
    page.text = extraction.render(extraction.mainNodes(), page.title);
    return page;
}

} // namespace deskseek::tools
