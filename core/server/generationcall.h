#pragma once

#include "server/apierror.h"
#include "server/chatrequest.h"

#include "serving/generationjob.h"

#include <chrono>
#include <memory>
#include <string>
#include <variant>

namespace deskseek::chat {
class ThinkParser;
}

namespace deskseek::serving {
class JobEventQueue;
class ModelHost;
class ModelRunner;
}

namespace deskseek::server {

// One request's generation, seen from the HTTP thread that answers it: the model found (loaded
// if needed), the prompt rendered with its chat template and encoded, checked against the
// context (never cut), and queued on the model's runner. The events come back through a queue
// this thread waits on, as pieces of reasoning and answer text (R1's thinking split off). When
// the object goes away before the end (the client disconnected), the job is cancelled.
class GenerationCall
{
public:
    struct Piece
    {
        std::string reasoning;
        std::string content;
    };
    enum class Next { Timeout, Piece, Done };

    // splitReasoning: thinking goes to Piece::reasoning; otherwise it stays in the content,
    // opened by "<think>" as the model wrote it.
    static std::variant<std::unique_ptr<GenerationCall>, ApiError> start(serving::ModelHost &host, const ChatRequest &request,
                                                                         bool splitReasoning, serving::JobSource source);
    ~GenerationCall();

    // Waits up to `wait` for the next piece of text; Done once the job ended (see result()).
    Next next(std::chrono::milliseconds wait, Piece &piece);
    void cancel();

    // The Finished or Failed event (after Done).
    const serving::JobEvent &result() const { return m_result; }
    bool failed() const { return m_result.kind == serving::JobEvent::Kind::Failed; }
    const std::string &modelName() const { return m_modelName; }
    double loadSeconds() const { return m_loadSeconds; }
    std::chrono::steady_clock::time_point started() const { return m_started; }

private:
    GenerationCall();
    Piece split(const std::string &text, bool last);

    std::shared_ptr<serving::JobEventQueue> m_events;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<serving::ModelRunner> m_runner; // kept loaded while this request runs
    std::unique_ptr<chat::ThinkParser> m_parser;    // splitReasoning
    std::string m_prefix;                           // the reasoning's opening tag, shown with the content
    serving::JobEvent m_result;
    bool m_done = false;
    std::string m_modelName;
    double m_loadSeconds = 0.0;
    std::chrono::steady_clock::time_point m_started;
};

} // namespace deskseek::server
