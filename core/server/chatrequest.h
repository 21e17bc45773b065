#pragma once

#include "server/apierror.h"

#include "engine/inference/sampler.h"
#include "engine/tokenizer/chattemplate.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace deskseek::server {

// What a chat or completion request asks for, read from either API's JSON.
struct ChatRequest
{
    std::string model;
    std::vector<engine::tokenizer::ChatMessage> messages; // chat
    std::optional<std::string> prompt;                    // completions / generate: raw text
    std::vector<std::int32_t> promptTokens;               // completions: the prompt as token ids (instead)
    bool ignoreEos = false;                               // go on past end-of-sequence tokens (benchmarks)
    std::string system;                                   // Ollama generate's "system"
    bool raw = false;                                     // no chat template (completions; Ollama raw)
    bool stream = false;
    bool includeUsage = false;          // OpenAI stream_options.include_usage
    std::optional<bool> think;          // Ollama: thinking in message.thinking (false: no thinking)
    std::optional<std::int64_t> maxTokens; // none: until the context is full
    std::vector<std::string> stop;
    engine::inference::SamplingOptions sampling;
    std::optional<std::chrono::seconds> keepAlive; // Ollama keep_alive (negative: forever)
    // OpenAI's web_search_options: search the web for the last question first. Its
    // search_context_size ("low", "medium", "high") is how many pages are read (1, 3, 5).
    bool webSearch = false;
    int searchPages = 3;
};

using ParsedRequest = std::variant<ChatRequest, ApiError>;

// The body as JSON: bounded nesting, valid UTF-8, an object. Errors are 400s that say why.
std::variant<nlohmann::json, ApiError> parseBody(const std::string &body);

// POST /v1/chat/completions and /v1/completions (OpenAI's fields; unknown ones are ignored).
ParsedRequest parseOpenAiRequest(const nlohmann::json &body, bool chat);
// POST /api/chat and /api/generate (Ollama's fields, options.*).
ParsedRequest parseOllamaRequest(const nlohmann::json &body, bool chat);

// Ollama's keep_alive: a number of seconds or a duration such as "5m", "1h30m", "-1".
std::optional<std::chrono::seconds> parseKeepAlive(const nlohmann::json &value);

} // namespace deskseek::server
