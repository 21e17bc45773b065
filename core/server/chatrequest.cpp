#include "server/chatrequest.h"

#include "engine/tokenizer/utf8.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <regex>

namespace deskseek::server {

using nlohmann::json;
using engine::tokenizer::ChatMessage;

namespace {

constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxStops = 16;
constexpr std::size_t kMaxMessages = 4096;

ApiError invalid(const std::string &param, const std::string &message)
{
    ApiError error;
    error.param = param;
    error.message = message;
    return error;
}

// Nesting deeper than kMaxDepth (counted outside strings) is refused before parsing.
bool tooDeep(const std::string &text)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxDepth)
                return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

// Reads typed fields; the first problem is kept and reported.
class Fields
{
public:
    Fields(const json &object, std::string prefix = {})
        : m_object(object)
        , m_prefix(std::move(prefix))
    {
    }

    bool has(const char *key) const { return m_object.contains(key) && !m_object.at(key).is_null(); }

    std::optional<double> number(const char *key, double low, double high)
    {
        if (!has(key))
            return std::nullopt;
        const json &value = m_object.at(key);
        if (!value.is_number()) {
            fail(key, "must be a number");
            return std::nullopt;
        }
        const double x = value.get<double>();
        if (!std::isfinite(x) || x < low || x > high) {
            fail(key, "must be from " + format(low) + " to " + format(high));
            return std::nullopt;
        }
        return x;
    }

    std::optional<std::int64_t> integer(const char *key, std::int64_t low, std::int64_t high)
    {
        if (!has(key))
            return std::nullopt;
        const json &value = m_object.at(key);
        if (!value.is_number_integer() && !(value.is_number_float() && std::floor(value.get<double>()) == value.get<double>()
                                            && std::fabs(value.get<double>()) < 9e15)) {
            fail(key, "must be a whole number");
            return std::nullopt;
        }
        if (value.is_number_unsigned() && value.get<std::uint64_t>() > static_cast<std::uint64_t>(high)) {
            fail(key, "must be from " + std::to_string(low) + " to " + std::to_string(high));
            return std::nullopt;
        }
        const auto x = value.is_number_float() ? static_cast<std::int64_t>(value.get<double>()) : value.get<std::int64_t>();
        if (x < low || x > high) {
            fail(key, "must be from " + std::to_string(low) + " to " + std::to_string(high));
            return std::nullopt;
        }
        return x;
    }

    std::optional<bool> boolean(const char *key)
    {
        if (!has(key))
            return std::nullopt;
        if (!m_object.at(key).is_boolean()) {
            fail(key, "must be true or false");
            return std::nullopt;
        }
        return m_object.at(key).get<bool>();
    }

    std::optional<std::string> string(const char *key)
    {
        if (!has(key))
            return std::nullopt;
        if (!m_object.at(key).is_string()) {
            fail(key, "must be a string");
            return std::nullopt;
        }
        return m_object.at(key).get<std::string>();
    }

    // A string or an array of strings (OpenAI's and Ollama's "stop").
    std::vector<std::string> strings(const char *key)
    {
        std::vector<std::string> result;
        if (!has(key))
            return result;
        const json &value = m_object.at(key);
        if (value.is_string()) {
            result.push_back(value.get<std::string>());
        } else if (value.is_array() && value.size() <= kMaxStops) {
            for (const json &item : value) {
                if (!item.is_string()) {
                    fail(key, "must be a string or an array of strings");
                    return {};
                }
                result.push_back(item.get<std::string>());
            }
        } else {
            fail(key, "must be a string or an array of up to " + std::to_string(kMaxStops) + " strings");
            return {};
        }
        for (const std::string &stop : result)
            if (stop.empty()) {
                fail(key, "must not contain an empty string");
                return {};
            }
        return result;
    }

    void fail(const std::string &key, const std::string &what)
    {
        if (!m_error)
            m_error = invalid(m_prefix + key, "'" + m_prefix + key + "' " + what + ".");
    }
    void fail(ApiError error)
    {
        if (!m_error)
            m_error = std::move(error);
    }
    const std::optional<ApiError> &error() const { return m_error; }

private:
    static std::string format(double x)
    {
        std::string text = std::to_string(x);
        text.erase(text.find_last_not_of('0') + 1);
        if (!text.empty() && text.back() == '.')
            text.pop_back();
        return text;
    }

    const json &m_object;
    std::string m_prefix;
    std::optional<ApiError> m_error;
};

// A message's content: a string, or OpenAI's array of parts (text parts are joined).
std::optional<std::string> messageText(const json &content, std::size_t index, Fields &fields)
{
    const std::string param = "messages[" + std::to_string(index) + "].content";
    if (content.is_null())
        return std::string();
    if (content.is_string())
        return content.get<std::string>();
    if (content.is_array()) {
        std::string text;
        for (const json &part : content) {
            if (!part.is_object() || !part.contains("type") || !part["type"].is_string()) {
                fields.fail(invalid(param, "Each part of '" + param + "' must be an object with a 'type'."));
                return std::nullopt;
            }
            const std::string type = part["type"].get<std::string>();
            if (type != "text") {
                fields.fail(invalid(param, "Content of type '" + type + "' is not supported: DeskSeek's models read text only."));
                return std::nullopt;
            }
            if (!part.contains("text") || !part["text"].is_string()) {
                fields.fail(invalid(param, "A text part of '" + param + "' needs a 'text' string."));
                return std::nullopt;
            }
            text += part["text"].get<std::string>();
        }
        return text;
    }
    fields.fail(invalid(param, "'" + param + "' must be a string or an array of content parts."));
    return std::nullopt;
}

std::vector<ChatMessage> readMessages(const json &body, Fields &fields)
{
    std::vector<ChatMessage> messages;
    if (!body.contains("messages") || !body["messages"].is_array()) {
        fields.fail(invalid("messages", "'messages' must be an array of {role, content} objects."));
        return messages;
    }
    const json &list = body["messages"];
    if (list.empty() || list.size() > kMaxMessages) {
        fields.fail(invalid("messages", "'messages' must hold from 1 to " + std::to_string(kMaxMessages) + " messages."));
        return messages;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json &item = list[i];
        const std::string param = "messages[" + std::to_string(i) + "]";
        if (!item.is_object() || !item.contains("role") || !item["role"].is_string()) {
            fields.fail(invalid(param, "'" + param + "' must be an object with a 'role' string."));
            return {};
        }
        const std::string role = item["role"].get<std::string>();
        ChatMessage message;
        if (role == "system" || role == "developer")
            message.role = ChatMessage::Role::System;
        else if (role == "user")
            message.role = ChatMessage::Role::User;
        else if (role == "assistant")
            message.role = ChatMessage::Role::Assistant;
        else {
            fields.fail(invalid(param + ".role", "The role '" + role
                                                     + "' is not supported (use system, user or assistant; tools are not "
                                                       "supported yet)."));
            return {};
        }
        // reasoning_content / thinking of earlier answers are accepted and left out, as the
        // templates do.
        const std::optional<std::string> text = messageText(item.contains("content") ? item["content"] : json(), i, fields);
        if (!text)
            return {};
        message.content = *text;
        messages.push_back(std::move(message));
    }
    return messages;
}

void requireModel(ChatRequest &request, Fields &fields)
{
    const std::optional<std::string> model = fields.string("model");
    if (!model || model->empty())
        fields.fail(invalid("model", "'model' must name a model (see GET /v1/models or /api/tags)."));
    else
        request.model = *model;
}

// temperature, top_p and seed: the same in both APIs (Ollama's within "options").
void readSampling(Fields &fields, engine::inference::SamplingOptions &sampling)
{
    sampling.temperature = static_cast<float>(fields.number("temperature", 0.0, 2.0).value_or(0.6));
    sampling.topP = static_cast<float>(fields.number("top_p", 0.0, 1.0).value_or(1.0));
    if (const auto seed = fields.integer("seed", std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()))
        sampling.seed = static_cast<std::uint64_t>(*seed);
}

} // namespace

std::variant<json, ApiError> parseBody(const std::string &body)
{
    if (!engine::tokenizer::isValidUtf8(body))
        return invalid({}, "The request body is not valid UTF-8.");
    if (tooDeep(body))
        return invalid({}, "The request body nests deeper than " + std::to_string(kMaxDepth) + " levels.");
    json parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded())
        return invalid({}, "The request body is not valid JSON.");
    if (!parsed.is_object())
        return invalid({}, "The request body must be a JSON object.");
    return parsed;
}

ParsedRequest parseOpenAiRequest(const json &body, bool chat)
{
    ChatRequest request;
    Fields fields(body);
    requireModel(request, fields);
    if (chat) {
        request.messages = readMessages(body, fields);
    } else if (body.contains("prompt")) {
        const json &prompt = body["prompt"];
        request.raw = true; // completions: the text as given, no chat template
        const auto tokenIds = [&](const json &list) {
            for (const json &id : list) {
                if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > (1 << 30)) {
                    fields.fail(invalid("prompt", "Token ids in 'prompt' must be whole numbers of 0 or more."));
                    return;
                }
                request.promptTokens.push_back(static_cast<std::int32_t>(id.get<std::int64_t>()));
            }
            request.prompt = std::string();
        };
        if (prompt.is_string())
            request.prompt = prompt.get<std::string>();
        else if (prompt.is_array() && prompt.size() == 1 && prompt[0].is_string())
            request.prompt = prompt[0].get<std::string>();
        else if (prompt.is_array() && !prompt.empty() && prompt[0].is_number())
            tokenIds(prompt); // OpenAI's prompt as one array of token ids
        else if (prompt.is_array() && prompt.size() == 1 && prompt[0].is_array() && !prompt[0].empty())
            tokenIds(prompt[0]);
        else
            fields.fail(invalid("prompt", "'prompt' must be a string or an array of token ids (one prompt per request)."));
    } else {
        fields.fail(invalid("prompt", "'prompt' is missing."));
    }
    request.stream = fields.boolean("stream").value_or(false);
    if (fields.has("stream_options")) {
        if (!body["stream_options"].is_object()) {
            fields.fail(invalid("stream_options", "'stream_options' must be an object."));
        } else {
            Fields options(body["stream_options"], "stream_options.");
            request.includeUsage = options.boolean("include_usage").value_or(false);
            if (options.error())
                fields.fail(*options.error());
        }
    }
    if (chat && fields.has("web_search_options")) {
        if (!body["web_search_options"].is_object()) {
            fields.fail(invalid("web_search_options", "'web_search_options' must be an object."));
        } else {
            request.webSearch = true;
            Fields options(body["web_search_options"], "web_search_options.");
            const auto size = options.string("search_context_size");
            if (size && *size != "low" && *size != "medium" && *size != "high")
                options.fail("search_context_size", "must be \"low\", \"medium\" or \"high\"");
            else if (size)
                request.searchPages = *size == "low" ? 1 : *size == "medium" ? 3 : 5;
            if (options.error())
                fields.fail(*options.error());
        }
    }
    constexpr std::int64_t kMaxTokens = std::int64_t{1} << 40;
    const auto maxTokens = fields.integer("max_tokens", 1, kMaxTokens);
    const auto maxCompletionTokens = fields.integer("max_completion_tokens", 1, kMaxTokens);
    request.maxTokens = maxCompletionTokens ? maxCompletionTokens : maxTokens;
    if (const auto n = fields.integer("n", 1, 1 << 20); n && *n != 1)
        fields.fail(invalid("n", "'n' must be 1: DeskSeek writes one answer per request."));
    readSampling(fields, request.sampling);
    request.stop = fields.strings("stop");
    request.ignoreEos = fields.boolean("ignore_eos").value_or(false); // llama-server's extension
    if (fields.error())
        return *fields.error();
    return request;
}

ParsedRequest parseOllamaRequest(const json &body, bool chat)
{
    ChatRequest request;
    Fields fields(body);
    requireModel(request, fields);
    if (chat) {
        request.messages = readMessages(body, fields);
    } else {
        request.prompt = fields.string("prompt").value_or(std::string());
        request.system = fields.string("system").value_or(std::string());
        request.raw = fields.boolean("raw").value_or(false);
    }
    request.stream = fields.boolean("stream").value_or(true); // Ollama streams unless told not to
    if (fields.has("think")) {
        const json &think = body["think"];
        if (think.is_boolean())
            request.think = think.get<bool>();
        else if (think.is_string()) // "low", "medium", "high": thinking on
            request.think = true;
        else
            fields.fail("think", "must be true or false");
    }
    if (fields.has("keep_alive")) {
        request.keepAlive = parseKeepAlive(body["keep_alive"]);
        if (!request.keepAlive)
            fields.fail("keep_alive", "must be a number of seconds or a duration such as \"5m\"");
    }
    if (fields.has("options")) {
        if (!body["options"].is_object()) {
            fields.fail(invalid("options", "'options' must be an object."));
        } else {
            Fields options(body["options"], "options.");
            readSampling(options, request.sampling);
            if (const auto topK = options.integer("top_k", 0, 1 << 20))
                request.sampling.topK = static_cast<std::int32_t>(*topK);
            if (const auto minP = options.number("min_p", 0.0, 1.0))
                request.sampling.minP = static_cast<float>(*minP);
            if (const auto penalty = options.number("repeat_penalty", 0.0, 10.0))
                request.sampling.repetitionPenalty = static_cast<float>(*penalty);
            // num_predict: -1 (or -2) until the context is full.
            if (const auto predict = options.integer("num_predict", -2, std::int64_t{1} << 40); predict && *predict > 0)
                request.maxTokens = predict;
            else if (predict && *predict == 0)
                options.fail("num_predict", "must be -1, -2 or a positive number");
            request.stop = options.strings("stop");
            // num_ctx and the other load options are accepted and ignored: the context is fixed at load.
            if (options.error())
                fields.fail(*options.error());
        }
    }
    if (fields.error())
        return *fields.error();
    return request;
}

std::optional<std::chrono::seconds> parseKeepAlive(const json &value)
{
    if (value.is_number()) {
        const double seconds = value.get<double>();
        if (!std::isfinite(seconds))
            return std::nullopt;
        return std::chrono::seconds(seconds < 0 ? -1 : static_cast<std::int64_t>(std::min(seconds, 1e12)));
    }
    if (!value.is_string())
        return std::nullopt;
    const std::string text = value.get<std::string>();
    if (text.empty() || text.size() > 32)
        return std::nullopt;
    if (text[0] == '-')
        return std::chrono::seconds(-1);
    static const std::regex plain("^[0-9]+$");
    if (std::regex_match(text, plain))
        return std::chrono::seconds(std::stoll(text));
    // Go's durations: 1h30m, 5m, 90s, 500ms.
    static const std::regex part("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");
    double seconds = 0.0;
    std::size_t consumed = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), part); it != std::sregex_iterator(); ++it) {
        if (static_cast<std::size_t>(it->position()) != consumed)
            return std::nullopt;
        consumed += static_cast<std::size_t>(it->length());
        const double amount = std::stod((*it)[1].str());
        const std::string unit = (*it)[2].str();
        seconds += unit == "h" ? amount * 3600 : unit == "m" ? amount * 60 : unit == "s" ? amount : amount / 1000;
    }
    if (consumed != text.size())
        return std::nullopt;
    return std::chrono::seconds(static_cast<std::int64_t>(std::min(seconds, 1e12)));
}

} // namespace deskseek::server
