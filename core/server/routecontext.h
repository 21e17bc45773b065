#pragma once

// Internal to the server: includes cpp-httplib. Only server/*.cpp include this header.

#include "server/apierror.h"
#include "server/generationcall.h"
#include "server/serverconfig.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>

namespace deskseek::serving {
class ModelHost;
}

namespace deskseek::server {

struct RouteContext
{
    serving::ModelHost &host;
    const ServerConfig &config;
};

void sendJson(httplib::Response &response, int status, const nlohmann::json &body);
// {"error": {"message", "type", "param", "code"}} (OpenAI) or {"error": "message"} (Ollama).
void sendOpenAiError(httplib::Response &response, const ApiError &error);
void sendOllamaError(httplib::Response &response, const ApiError &error);

std::string randomId(const char *prefix); // "chatcmpl-3f9a..."
std::int64_t unixTime();
std::string rfc3339Now();
const char *openAiFinishReason(const serving::JobEvent &event);

// Answers with the call's events through a chunked response: every piece goes through
// onPiece (what it returns is written; may be empty), the end through onEnd. While nothing has
// been written for a moment (a queue, a long prompt), `keepAlive` is written: that is how a
// client that went away shows, and its job is then cancelled at once.
void streamCall(httplib::Response &response, std::shared_ptr<GenerationCall> call, const std::string &contentType,
                std::string keepAlive, std::function<std::string(const GenerationCall::Piece &)> onPiece,
                std::function<std::string(const GenerationCall &)> onEnd);

// The same, for an answer sent whole: the pieces are gathered (while keep-alive whitespace keeps
// the connection checked) and onEnd makes the body from all of them.
void streamWhole(httplib::Response &response, std::shared_ptr<GenerationCall> call,
                 std::function<std::string(const GenerationCall &, const GenerationCall::Piece &)> onEnd);

void registerOpenAiRoutes(httplib::Server &server, RouteContext &context);
void registerOllamaRoutes(httplib::Server &server, RouteContext &context);

} // namespace deskseek::server
