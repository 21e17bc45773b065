#include "cli/terminalprogress.h"

#include <QTextStream>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::app {

TerminalProgress::TerminalProgress(QTextStream &stream, bool interactive)
    : m_stream(stream)
    , m_interactive(interactive)
{
}

void TerminalProgress::update(double fraction, const QString &label)
{
    const int percent = std::clamp(static_cast<int>(fraction * 100.0), 0, 100);
    if (!m_interactive) {
        if (percent / 10 == m_lastPercent / 10 && m_lastPercent >= 0)
            return;
        m_lastPercent = percent;
        m_stream << u"%1%  %2"_s.arg(percent, 3).arg(label) << u"\n"_s;
        m_stream.flush();
        return;
    }
    constexpr int kWidth = 30;
    const int filled = percent * kWidth / 100;
    QString line = u"\r["_s + QString(filled, u'#') + QString(kWidth - filled, u'.') + u"] "_s
                   + u"%1%  "_s.arg(percent, 3) + label.left(50);
    const int length = static_cast<int>(line.size());
    if (length < m_lastLength)
        line += QString(m_lastLength - length, u' ');
    m_lastLength = length;
    m_lastPercent = percent;
    m_stream << line;
    m_stream.flush();
}

void TerminalProgress::finish()
{
    if (m_interactive && m_lastPercent >= 0)
        m_stream << u"\n"_s;
    m_stream.flush();
    m_lastPercent = -1;
}

} // namespace deskseek::app
