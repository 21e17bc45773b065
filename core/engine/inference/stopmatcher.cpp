#include "engine/inference/stopmatcher.h"

#include <algorithm>

namespace deskseek::engine::inference {

StopMatcher::StopMatcher(std::vector<std::string> stops)
{
    for (std::string &stop : stops)
        if (!stop.empty())
            m_stops.push_back(std::move(stop));
}

StopMatcher::Output StopMatcher::push(std::string_view piece)
{
    Output output;
    if (m_stopped)
        return output;
    m_pending += piece;
    std::size_t first = std::string::npos;
    for (const std::string &stop : m_stops)
        first = std::min(first, m_pending.find(stop));
    if (first != std::string::npos) {
        output.text = m_pending.substr(0, first);
        output.stopped = m_stopped = true;
        m_pending.clear();
        return output;
    }
    // Hold back the longest end of the text that begins some stop string.
    std::size_t held = 0;
    for (const std::string &stop : m_stops) {
        for (std::size_t length = std::min(stop.size() - 1, m_pending.size()); length > held; --length) {
            if (m_pending.compare(m_pending.size() - length, length, stop, 0, length) == 0) {
                held = length;
                break;
            }
        }
    }
    output.text = m_pending.substr(0, m_pending.size() - held);
    m_pending.erase(0, m_pending.size() - held);
    return output;
}

std::string StopMatcher::flush()
{
    std::string rest;
    rest.swap(m_pending);
    return m_stopped ? std::string() : rest;
}

} // namespace deskseek::engine::inference
