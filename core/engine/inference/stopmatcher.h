#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace deskseek::engine::inference {

// Cuts streamed text at the first stop string. Text that could be the start of a stop string is
// held back until the next piece shows whether it is one, so a stop string never reaches the
// reader, even when it arrives split over several tokens.
class StopMatcher
{
public:
    explicit StopMatcher(std::vector<std::string> stops);

    struct Output
    {
        std::string text;     // safe to show now
        bool stopped = false; // a stop string was found; text ends just before it
    };

    Output push(std::string_view piece);
    // What is still held back when the stream ends without a stop string.
    std::string flush();

private:
    std::vector<std::string> m_stops;
    std::string m_pending;
    bool m_stopped = false;
};

} // namespace deskseek::engine::inference
