#pragma once

#include <QString>

class QTextStream;

namespace deskseek::app {

// A progress bar on a terminal ("[#####.....]  52%  label"), redrawn in place; where the output
// is not a terminal (a log, a pipe), one line per 10 %.
class TerminalProgress
{
public:
    TerminalProgress(QTextStream &stream, bool interactive);

    void update(double fraction, const QString &label);
    void finish(); // ends the line

private:
    QTextStream &m_stream;
    bool m_interactive;
    int m_lastPercent = -1;
    int m_lastLength = 0;
};

} // namespace deskseek::app
