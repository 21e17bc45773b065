#pragma once

#include <QString>

namespace deskseek::chat {

// Splits a reasoning model's answer, as it streams, into its reasoning (between <think> and
// </think>) and the answer that follows. R1's generation prompt already opens the reasoning
// ("<｜Assistant｜><think>\n"), so its output starts inside it; other outputs may open it with a
// <think> tag of their own or have none. A tag split across pieces is held back until it is
// complete, so no piece of a tag ever shows.
class ThinkParser
{
public:
    struct Split
    {
        QString reasoning; // new reasoning text
        QString answer;    // new answer text
    };

    explicit ThinkParser(bool startsInReasoning = false);

    Split feed(const QString &text);
    // The end of the stream: what was held back goes out.
    Split finish();
    bool inReasoning() const { return m_state == State::Reasoning; }

    // A whole, stored answer at once.
    static Split split(const QString &text, bool startsInReasoning = false);

private:
    enum class State { Start, Reasoning, Answer };
    State m_state = State::Start;
    bool m_answerStarted = false; // leading blank lines after </think> are dropped
    QString m_held;
};

} // namespace deskseek::chat
