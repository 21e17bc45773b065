#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>

#include <functional>

namespace deskseek::tests {

// Lets the event loop run for `ms` milliseconds (the screenshot tools wait for widgets to settle).
inline void processEventsFor(int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
}

// Lets the event loop run until `done` holds or `ms` milliseconds have passed; whether it holds.
inline bool waitUntil(const std::function<bool()> &done, int ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < ms)
        processEventsFor(20);
    return done();
}

} // namespace deskseek::tests
