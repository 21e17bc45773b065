#pragma once

#include <atomic>

namespace deskseek::app {

// While alive, Ctrl+C (SIGINT) sets a flag instead of killing the program, so that long work
// can stop cleanly (remove a partial file, end a generation). The previous handler comes back
// when the guard goes. (A signal handler can only reach static storage: the flag is one.)
class InterruptGuard
{
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    bool interrupted() const { return flag().load(); }
    const std::atomic<bool> &flag() const;
    void reset();

private:
    void (*m_previous)(int) = nullptr;
};

} // namespace deskseek::app
