#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>

namespace deskseek::tests {

// Lets the event loop run for `ms` milliseconds (the screenshot tools wait for widgets to settle).
inline void processEventsFor(int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

} // namespace deskseek::tests
