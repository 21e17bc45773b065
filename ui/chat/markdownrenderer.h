#pragma once

#include <QString>
#include <QStringList>

namespace deskseek::ui {

// Markdown as a model writes it, turned into the HTML subset that Qt's rich text shows:
// headings, paragraphs, emphasis, strikethrough, inline code, fenced code blocks (monospace,
// with the language and a Copy link "copy:N"), bullet and numbered lists (nested by indent),
// tables (with alignment), block quotes, rules and links (http, https and mailto only; anything
// else stays text). Every character of the input is escaped, so no HTML of the model's gets
// through. An unclosed code fence (an answer still streaming) shows as code so far.
class MarkdownRenderer
{
public:
    struct Rendered
    {
        QString html;
        QStringList codeBlocks; // the text of code block N, for its Copy link
    };

    // copyLabel: the Copy link's text (translated by the caller).
    static Rendered render(const QString &markdown, const QString &copyLabel);
    // One line of inline Markdown (no blocks).
    static QString renderInline(const QString &text);
};

} // namespace deskseek::ui
