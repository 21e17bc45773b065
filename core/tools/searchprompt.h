#pragma once

#include "tools/websource.h"

#include <QDate>

#include <functional>

namespace deskseek::tools {

// DeepSeek-R1's official web-search prompt (its README, "Official Prompts"): the Chinese one for
// a question in Chinese, the English one otherwise, with today's date, the sources as
// [webpage X begin]...[webpage X end] blocks numbered as in the results, and the question last.
// The sources are cut to a token budget so that they, the conversation and the answer's reserve
// fit the context; a shortened source says so, and build() tells how many were.
class SearchPrompt
{
public:
    using TokenCounter = std::function<int(const QString &)>;

    struct Built
    {
        QString text;
        int sourceTokens = 0;     // what the sources took of the budget
        int shortenedSources = 0; // cut to fit
        int droppedSources = 0;   // left out: not even their title fitted
    };

    static bool isChinese(const QString &question);
    // The README's template, with {search_results}, {cur_date} and {question} in it.
    static QString templateText(bool chinese);
    // "2026年12月01日星期二" or "Tuesday, December 1, 2026".
    static QString dateText(const QDate &date, bool chinese);
    // One source's block, with `body` as its text.
    static QString sourceBlock(const WebSource &source, const QString &body);

    // The tokens the sources may take: what a context of `contextLength` leaves after the other
    // messages (`otherTokens`), the answer's room (`answerTokens`, at most a third of the context)
    // and the template with the question; a quarter of the context at least (the oldest messages
    // then give way, as the chat drops turns that do not fit).
    static int sourceBudget(int contextLength, int otherTokens, qint64 answerTokens, const QString &question,
                            const TokenCounter &countTokens);

    static Built build(const QString &question, const QList<WebSource> &sources, const QDate &today, int budgetTokens,
                       const TokenCounter &countTokens);
    // A rough count, for callers without the model's tokenizer: a CJK character is a token and
    // so is every three other characters (DeepSeek's and Qwen's vocabularies give fewer).
    static int estimateTokens(const QString &text);
};

} // namespace deskseek::tools
