#include "chat/markdownrenderer.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

namespace {

struct Context
{
    QString copyLabel;
    QStringList *codeBlocks = nullptr;
};

QString escape(QStringView text)
{
    return text.toString().toHtmlEscaped();
}

int indentOf(const QString &line)
{
    int n = 0;
    for (QChar c : line) {
        if (c == u' ')
            ++n;
        else if (c == u'\t')
            n += 4;
        else
            break;
    }
    return n;
}

QString stripIndent(const QString &line, int indent)
{
    int removed = 0;
    qsizetype i = 0;
    while (i < line.size() && removed < indent && (line[i] == u' ' || line[i] == u'\t')) {
        removed += line[i] == u'\t' ? 4 : 1;
        ++i;
    }
    return line.mid(i);
}

bool isBlank(const QString &line)
{
    return line.trimmed().isEmpty();
}

const QRegularExpression &fencePattern()
{
    static const QRegularExpression re(uR"(^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$)"_s);
    return re;
}
const QRegularExpression &headingPattern()
{
    static const QRegularExpression re(uR"(^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$)"_s);
    return re;
}
const QRegularExpression &rulePattern()
{
    static const QRegularExpression re(uR"(^ {0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$)"_s);
    return re;
}
const QRegularExpression &listPattern()
{
    static const QRegularExpression re(uR"(^(\s*)([-*+]|(\d{1,9})[.)])(\s+|$)(.*)$)"_s);
    return re;
}
const QRegularExpression &separatorPattern()
{
    static const QRegularExpression re(uR"(^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$)"_s);
    return re;
}

bool allowedUrl(const QString &url)
{
    return url.startsWith(u"http://"_s, Qt::CaseInsensitive) || url.startsWith(u"https://"_s, Qt::CaseInsensitive)
           || url.startsWith(u"mailto:"_s, Qt::CaseInsensitive);
}

QString link(const QString &url, const QString &labelHtml)
{
    return u"<a href=\"%1\">%2</a>"_s.arg(url.toHtmlEscaped(), labelHtml);
}

// A delimited span ("**", "~~", "*", "_") starting at `i`: its end, or -1.
qsizetype closingDelimiter(const QString &text, qsizetype i, const QString &delimiter)
{
    const qsizetype start = i + delimiter.size();
    if (start >= text.size() || text[start].isSpace())
        return -1;
    qsizetype end = text.indexOf(delimiter, start + 1);
    while (end > start) {
        const bool spaceBefore = text[end - 1].isSpace();
        // "_" closes only at a word's end (snake_case stays as it is).
        const bool wordAfter = delimiter == u"_"_s && end + 1 < text.size() && text[end + 1].isLetterOrNumber();
        // A lone "*" is not the first half of "**".
        const bool doubled = delimiter.size() == 1 && end + 1 < text.size() && text[end + 1] == delimiter[0];
        if (!spaceBefore && !wordAfter && !doubled)
            return end;
        end = text.indexOf(delimiter, end + (doubled ? 2 : 1));
    }
    return -1;
}

QString inlineHtml(const QString &text)
{
    QString out;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text[i];
        if (c == u'\\' && i + 1 < n && text[i + 1].isPunct()) {
            out += escape(QStringView(text).mid(i + 1, 1));
            i += 2;
            continue;
        }
        if (c == u'`') {
            qsizetype run = 0;
            while (i + run < n && text[i + run] == u'`')
                ++run;
            const QString fence(run, u'`');
            qsizetype close = text.indexOf(fence, i + run);
            while (close >= 0 && close + run < n && text[close + run] == u'`')
                close = text.indexOf(fence, close + run + 1);
            if (close >= 0) {
                QString code = text.mid(i + run, close - i - run);
                if (code.size() > 2 && code.startsWith(u' ') && code.endsWith(u' '))
                    code = code.mid(1, code.size() - 2);
                out += u"<code style=\"font-family:monospace; background-color:#eef0f2;\">"_s + escape(code) + u"</code>"_s;
                i = close + run;
                continue;
            }
            out += escape(fence);
            i += run;
            continue;
        }
        if (c == u'[') {
            const qsizetype close = text.indexOf(u']', i + 1);
            if (close > i && close + 1 < n && text[close + 1] == u'(') {
                const qsizetype end = text.indexOf(u')', close + 2);
                const QString url = end > 0 ? text.mid(close + 2, end - close - 2).trimmed() : QString();
                if (end > 0 && !url.contains(u' ') && allowedUrl(url)) {
                    out += link(url, inlineHtml(text.mid(i + 1, close - i - 1)));
                    i = end + 1;
                    continue;
                }
            }
        }
        if ((c == u'h' || c == u'H') && (i == 0 || !text[i - 1].isLetterOrNumber())
            && (QStringView(text).mid(i).startsWith(u"http://"_s, Qt::CaseInsensitive)
                || QStringView(text).mid(i).startsWith(u"https://"_s, Qt::CaseInsensitive))) {
            qsizetype end = i;
            while (end < n && !text[end].isSpace() && text[end] != u'<' && text[end] != u'>')
                ++end;
            while (end > i && QStringLiteral(".,;:!?)'\"").contains(text[end - 1]))
                --end;
            const QString url = text.mid(i, end - i);
            out += link(url, escape(url));
            i = end;
            continue;
        }
        bool matched = false;
        for (const auto &[delimiter, open, close] :
             {std::tuple{u"**"_s, u"<b>"_s, u"</b>"_s}, std::tuple{u"__"_s, u"<b>"_s, u"</b>"_s},
              std::tuple{u"~~"_s, u"<s>"_s, u"</s>"_s}, std::tuple{u"*"_s, u"<i>"_s, u"</i>"_s},
              std::tuple{u"_"_s, u"<i>"_s, u"</i>"_s}}) {
            if (!QStringView(text).mid(i).startsWith(delimiter))
                continue;
            if (delimiter.startsWith(u'_') && i > 0 && text[i - 1].isLetterOrNumber())
                break; // inside a word: a_b_c
            const qsizetype end = closingDelimiter(text, i, delimiter);
            if (end < 0)
                break;
            out += open + inlineHtml(text.mid(i + delimiter.size(), end - i - delimiter.size())) + close;
            i = end + delimiter.size();
            matched = true;
            break;
        }
        if (matched)
            continue;
        out += escape(QStringView(text).mid(i, 1));
        ++i;
    }
    return out;
}

QStringList tableCells(const QString &line)
{
    QString row = line.trimmed();
    if (row.startsWith(u'|'))
        row.remove(0, 1);
    if (row.endsWith(u'|') && !row.endsWith(u"\\|"_s))
        row.chop(1);
    QStringList cells;
    QString cell;
    for (qsizetype i = 0; i < row.size(); ++i) {
        if (row[i] == u'\\' && i + 1 < row.size() && row[i + 1] == u'|') {
            cell += u'|';
            ++i;
        } else if (row[i] == u'|') {
            cells << cell.trimmed();
            cell.clear();
        } else {
            cell += row[i];
        }
    }
    cells << cell.trimmed();
    return cells;
}

QString blocksHtml(const QStringList &lines, const Context &context);

QString codeBlockHtml(const QString &language, const QString &code, const Context &context)
{
    const int index = int(context.codeBlocks->size());
    context.codeBlocks->append(code);
    QString header = language.isEmpty() ? QString() : escape(language) + u"&nbsp;&nbsp;&nbsp;"_s;
    header += u"<a href=\"copy:%1\">%2</a>"_s.arg(index).arg(context.copyLabel.toHtmlEscaped());
    return u"<table width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" style=\"background-color:#f3f4f6; color:#1f2328; "
           "margin-top:6px; margin-bottom:6px;\"><tr><td style=\"color:#57606a;\">%1</td></tr><tr><td><pre style=\""
           "font-family:monospace; white-space:pre-wrap; margin:0px;\">%2</pre></td></tr></table>"_s.arg(header, escape(code));
}

// A list starting at lines[start]; `end` is set to the first line after it.
QString listHtml(const QStringList &lines, qsizetype start, qsizetype *end, const Context &context)
{
    const QRegularExpressionMatch first = listPattern().match(lines[start]);
    const int baseIndent = indentOf(first.captured(1));
    const bool ordered = first.hasCaptured(3) && !first.captured(3).isEmpty();
    QString html = ordered ? (first.captured(3).toInt() != 1 ? u"<ol start=\"%1\">"_s.arg(first.captured(3).toInt()) : u"<ol>"_s)
                           : u"<ul>"_s;
    qsizetype i = start;
    while (i < lines.size()) {
        const QRegularExpressionMatch item = listPattern().match(lines[i]);
        if (!item.hasMatch() || indentOf(item.captured(1)) > baseIndent + 1
            || (item.hasCaptured(3) && !item.captured(3).isEmpty()) != ordered)
            break;
        const int contentIndent = indentOf(item.captured(1)) + int(item.captured(2).size()) + 1;
        QStringList body{item.captured(5)};
        qsizetype j = i + 1;
        while (j < lines.size()) {
            const QString &line = lines[j];
            if (isBlank(line)) {
                // A blank line continues the item only when indented text follows.
                if (j + 1 < lines.size() && !isBlank(lines[j + 1]) && indentOf(lines[j + 1]) >= contentIndent) {
                    body << QString();
                    ++j;
                    continue;
                }
                break;
            }
            const int indent = indentOf(line);
            if (indent >= contentIndent || (indent > baseIndent && listPattern().match(line).hasMatch())) {
                body << stripIndent(line, std::min(indent, contentIndent));
            } else if (!listPattern().match(line).hasMatch() && !fencePattern().match(line).hasMatch()
                       && !headingPattern().match(line).hasMatch() && !line.trimmed().startsWith(u'>')) {
                body << line.trimmed(); // a lazy continuation of the item's text
            } else {
                break;
            }
            ++j;
        }
        // The item's first paragraph is inline text (no paragraph margins in the item); what
        // follows it (a nested list, code, more paragraphs) is blocks.
        qsizetype lead = 0;
        while (lead < body.size() && !body[lead].isEmpty() && !listPattern().match(body[lead]).hasMatch()
               && !fencePattern().match(body[lead]).hasMatch() && !body[lead].startsWith(u'>')
               && !headingPattern().match(body[lead]).hasMatch())
            ++lead;
        html += u"<li>"_s + inlineHtml(body.mid(0, lead).join(u' '));
        if (lead < body.size())
            html += blocksHtml(body.mid(lead), context);
        html += u"</li>"_s;
        i = j;
        // Items may be separated by one blank line.
        if (i + 1 < lines.size() && isBlank(lines[i]) && listPattern().match(lines[i + 1]).hasMatch()
            && indentOf(listPattern().match(lines[i + 1]).captured(1)) <= baseIndent + 1)
            ++i;
    }
    *end = i;
    return html + (ordered ? u"</ol>"_s : u"</ul>"_s);
}

QString blocksHtml(const QStringList &lines, const Context &context)
{
    QString html;
    QStringList paragraph;
    const auto flush = [&] {
        if (paragraph.isEmpty())
            return;
        QString text;
        for (qsizetype k = 0; k < paragraph.size(); ++k) {
            QString line = paragraph[k];
            const bool hardBreak = line.endsWith(u"  "_s) || line.endsWith(u'\\');
            line = line.trimmed();
            if (line.endsWith(u'\\'))
                line.chop(1);
            text += inlineHtml(line);
            if (k + 1 < paragraph.size())
                text += hardBreak ? u"<br/>"_s : u" "_s;
        }
        html += u"<p>"_s + text + u"</p>"_s;
        paragraph.clear();
    };
    qsizetype i = 0;
    while (i < lines.size()) {
        const QString &line = lines[i];
        if (isBlank(line)) {
            flush();
            ++i;
            continue;
        }
        if (const auto fence = fencePattern().match(line); fence.hasMatch()) {
            flush();
            const int indent = int(fence.captured(1).size());
            const QString marker = fence.captured(2);
            QStringList code;
            qsizetype j = i + 1;
            for (; j < lines.size(); ++j) {
                const QString trimmed = lines[j].trimmed();
                if (trimmed.startsWith(marker) && trimmed.count(marker[0]) == trimmed.size())
                    break;
                code << stripIndent(lines[j], indent);
            }
            html += codeBlockHtml(fence.captured(3), code.join(u'\n'), context);
            i = j + 1; // past the closing fence (or the end, while it streams)
            continue;
        }
        if (const auto heading = headingPattern().match(line); heading.hasMatch()) {
            flush();
            const int level = int(heading.captured(1).size());
            html += u"<h%1>%2</h%1>"_s.arg(level).arg(inlineHtml(heading.captured(2)));
            ++i;
            continue;
        }
        if (rulePattern().match(line).hasMatch()) {
            flush();
            html += u"<hr/>"_s;
            ++i;
            continue;
        }
        if (line.contains(u'|') && i + 1 < lines.size() && lines[i + 1].contains(u'|') && lines[i + 1].contains(u'-')
            && separatorPattern().match(lines[i + 1]).hasMatch()) {
            flush();
            const QStringList header = tableCells(line);
            QStringList aligns;
            for (const QString &cell : tableCells(lines[i + 1])) {
                const bool left = cell.startsWith(u':'), right = cell.endsWith(u':');
                aligns << (left && right ? u"center"_s : right ? u"right"_s : u"left"_s);
            }
            QString table = u"<table border=\"1\" cellspacing=\"0\" cellpadding=\"5\" style=\"border-collapse:collapse; "
                            "border-color:#d0d7de; margin-top:6px; margin-bottom:6px;\"><tr>"_s;
            for (qsizetype c = 0; c < header.size(); ++c)
                table += u"<th align=\"%1\">%2</th>"_s.arg(aligns.value(c, u"left"_s), inlineHtml(header[c]));
            table += u"</tr>"_s;
            qsizetype j = i + 2;
            for (; j < lines.size() && !isBlank(lines[j]) && lines[j].contains(u'|'); ++j) {
                const QStringList cells = tableCells(lines[j]);
                table += u"<tr>"_s;
                for (qsizetype c = 0; c < header.size(); ++c)
                    table += u"<td align=\"%1\">%2</td>"_s.arg(aligns.value(c, u"left"_s), inlineHtml(cells.value(c)));
                table += u"</tr>"_s;
            }
            html += table + u"</table>"_s;
            i = j;
            continue;
        }
        if (line.trimmed().startsWith(u'>')) {
            flush();
            QStringList quoted;
            for (; i < lines.size() && lines[i].trimmed().startsWith(u'>'); ++i) {
                QString q = lines[i].trimmed().mid(1);
                quoted << (q.startsWith(u' ') ? q.mid(1) : q);
            }
            html += u"<blockquote style=\"color:#57606a;\">"_s + blocksHtml(quoted, context) + u"</blockquote>"_s;
            continue;
        }
        if (listPattern().match(line).hasMatch() && (paragraph.isEmpty() || !line.front().isSpace())) {
            const auto item = listPattern().match(line);
            // "2024. was a year" inside a paragraph is not a list; a list needs text after its marker.
            if (!item.captured(5).trimmed().isEmpty() || paragraph.isEmpty()) {
                flush();
                qsizetype end = i;
                html += listHtml(lines, i, &end, context);
                i = std::max(end, i + 1);
                continue;
            }
        }
        paragraph << line;
        ++i;
    }
    flush();
    return html;
}

} // namespace

MarkdownRenderer::Rendered MarkdownRenderer::render(const QString &markdown, const QString &copyLabel)
{
    Rendered rendered;
    Context context{copyLabel, &rendered.codeBlocks};
    QString text = markdown;
    text.replace(u"\r\n"_s, u"\n"_s);
    rendered.html = blocksHtml(text.split(u'\n'), context);
    return rendered;
}

QString MarkdownRenderer::renderInline(const QString &text)
{
    return inlineHtml(text);
}

} // namespace deskseek::ui
