#include "server/routecontext.h"

#include <chrono>
#include <ctime>
#include <random>

namespace deskseek::server {

using nlohmann::json;

void sendJson(httplib::Response &response, int status, const json &body)
{
    response.status = status;
    response.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void sendOpenAiError(httplib::Response &response, const ApiError &error)
{
    json object{{"message", error.message},
                {"type", error.type},
                {"param", error.param.empty() ? json() : json(error.param)},
                {"code", error.code.empty() ? json() : json(error.code)}};
    if (error.retryAfterSeconds > 0)
        response.set_header("Retry-After", std::to_string(error.retryAfterSeconds));
    sendJson(response, error.status, json{{"error", object}});
}

void sendOllamaError(httplib::Response &response, const ApiError &error)
{
    if (error.retryAfterSeconds > 0)
        response.set_header("Retry-After", std::to_string(error.retryAfterSeconds));
    sendJson(response, error.status, json{{"error", error.message}});
}

std::string randomId(const char *prefix)
{
    thread_local std::mt19937_64 random{std::random_device{}()};
    static const char digits[] = "0123456789abcdef";
    std::string id = prefix;
    for (int i = 0; i < 24; ++i)
        id += digits[random() % 16];
    return id;
}

std::int64_t unixTime()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string rfc3339Now()
{
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%06lldZ", static_cast<long long>(micros));
    return std::string(text) + fraction;
}

const char *openAiFinishReason(const serving::JobEvent &event)
{
    using engine::inference::FinishReason;
    switch (event.finish) {
    case FinishReason::MaxTokens:
    case FinishReason::ContextFull:
        return "length";
    default:
        return "stop";
    }
}

void streamCall(httplib::Response &response, std::shared_ptr<GenerationCall> call, const std::string &contentType,
                std::string keepAlive, std::function<std::string(const GenerationCall::Piece &)> onPiece,
                std::function<std::string(const GenerationCall &)> onEnd)
{
    using Clock = std::chrono::steady_clock;
    auto lastWrite = std::make_shared<Clock::time_point>(Clock::now());
    response.set_chunked_content_provider(
        contentType,
        [call, keepAlive, onPiece, onEnd, lastWrite](std::size_t, httplib::DataSink &sink) {
            const auto write = [&](const std::string &text) {
                if (text.empty())
                    return true;
                *lastWrite = Clock::now();
                if (sink.write(text.data(), text.size()))
                    return true;
                call->cancel(); // the client went away: its slot is free at the next step
                return false;
            };
            GenerationCall::Piece piece;
            switch (call->next(std::chrono::milliseconds(100), piece)) {
            case GenerationCall::Next::Piece:
                if (!write(onPiece(piece)))
                    return false;
                break;
            case GenerationCall::Next::Done:
                if (!write(onEnd(*call)))
                    return false;
                sink.done();
                return true;
            case GenerationCall::Next::Timeout:
                break;
            }
            if (Clock::now() - *lastWrite > std::chrono::milliseconds(250))
                return write(keepAlive);
            return true;
        },
        [call](bool success) {
            if (!success)
                call->cancel();
        });
}

void streamWhole(httplib::Response &response, std::shared_ptr<GenerationCall> call,
                 std::function<std::string(const GenerationCall &, const GenerationCall::Piece &)> onEnd)
{
    auto whole = std::make_shared<GenerationCall::Piece>();
    streamCall(
        response, std::move(call), "application/json", " ",
        [whole](const GenerationCall::Piece &piece) {
            whole->reasoning += piece.reasoning;
            whole->content += piece.content;
            return std::string();
        },
        [whole, onEnd](const GenerationCall &done) { return onEnd(done, *whole); });
}

bool isLoopbackHost(const std::string &host)
{
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

} // namespace deskseek::server
