#include "chat/thinkparser.h"

using namespace Qt::StringLiterals;

namespace deskseek::chat {

namespace {
const QString kOpen = u"<think>"_s;
const QString kClose = u"</think>"_s;

// How many characters at the end of `text` could be the start of `tag`.
qsizetype partialTagAtEnd(const QString &text, const QString &tag)
{
    for (qsizetype n = std::min(text.size(), tag.size() - 1); n > 0; --n)
        if (QStringView(text).right(n) == QStringView(tag).left(n))
            return n;
    return 0;
}
} // namespace

ThinkParser::ThinkParser(bool startsInReasoning)
    : m_state(startsInReasoning ? State::Reasoning : State::Start)
{
}

ThinkParser::Split ThinkParser::feed(const QString &text)
{
    Split out;
    m_held += text;
    for (;;) {
        if (m_state == State::Start) {
            // Before anything shows: an opening tag (after blank space) starts the reasoning.
            qsizetype first = 0;
            while (first < m_held.size() && m_held.at(first).isSpace())
                ++first;
            const QStringView rest = QStringView(m_held).mid(first);
            if (rest.startsWith(kOpen)) {
                m_held.remove(0, first + kOpen.size());
                m_state = State::Reasoning;
                continue;
            }
            if (rest.size() < kOpen.size() && QStringView(kOpen).startsWith(rest))
                return out; // could still become <think>
            m_state = State::Answer;
            continue;
        }
        if (m_state == State::Reasoning) {
            const qsizetype close = m_held.indexOf(kClose);
            if (close >= 0) {
                out.reasoning += m_held.left(close);
                m_held.remove(0, close + kClose.size());
                m_state = State::Answer;
                continue;
            }
            const qsizetype keep = partialTagAtEnd(m_held, kClose);
            out.reasoning += m_held.left(m_held.size() - keep);
            m_held = m_held.right(keep);
            return out;
        }
        // The answer: blank lines right after the reasoning are not part of it.
        if (!m_answerStarted) {
            qsizetype first = 0;
            while (first < m_held.size() && m_held.at(first).isSpace())
                ++first;
            m_held.remove(0, first);
            if (m_held.isEmpty())
                return out;
            m_answerStarted = true;
        }
        out.answer += m_held;
        m_held.clear();
        return out;
    }
}

ThinkParser::Split ThinkParser::finish()
{
    Split out;
    if (m_state == State::Reasoning)
        out.reasoning = m_held;
    else if (m_answerStarted || !m_held.trimmed().isEmpty())
        out.answer = m_state == State::Start ? m_held.trimmed() : m_held;
    m_held.clear();
    return out;
}

ThinkParser::Split ThinkParser::split(const QString &text, bool startsInReasoning)
{
    ThinkParser parser(startsInReasoning);
    Split all = parser.feed(text);
    const Split rest = parser.finish();
    all.reasoning += rest.reasoning;
    all.answer += rest.answer;
    return all;
}

} // namespace deskseek::chat
