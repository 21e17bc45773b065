#pragma once

#include "serving/generationjob.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace deskseek::serving {

// Hands a job's events from its runner's thread to the thread that waits for them (an HTTP
// thread, the chat's): sink() is the job's sink, next() waits for the next event. The queue
// lives as long as either side holds it.
class JobEventQueue
{
public:
    static std::shared_ptr<JobEventQueue> create() { return std::make_shared<JobEventQueue>(); }

    // The sink to put in GenerationJob::sink (it keeps the queue alive).
    static std::function<void(const JobEvent &)> sink(const std::shared_ptr<JobEventQueue> &queue)
    {
        return [queue](const JobEvent &event) { queue->push(event); };
    }

    void push(const JobEvent &event)
    {
        {
            std::lock_guard lock(m_mutex);
            m_events.push_back(event);
        }
        m_ready.notify_all();
    }

    // The next event, or nothing after `wait`.
    std::optional<JobEvent> next(std::chrono::milliseconds wait)
    {
        std::unique_lock lock(m_mutex);
        if (!m_ready.wait_for(lock, wait, [&] { return !m_events.empty(); }))
            return std::nullopt;
        JobEvent event = std::move(m_events.front());
        m_events.pop_front();
        return event;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<JobEvent> m_events;
};

} // namespace deskseek::serving
