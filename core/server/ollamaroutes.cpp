// Ollama's native API: HEAD/GET /, GET /api/version, /api/tags, /api/ps, POST /api/show,
// /api/chat, /api/generate (NDJSON streams).

#include "server/routecontext.h"

#include "serving/modelhost.h"
#include "version.h"

#include <QCryptographicHash>

namespace deskseek::server {

using nlohmann::json;
using serving::ModelHost;

namespace {

// Ollama reports versions clients compare against; this one has every feature they check for.
constexpr const char *kOllamaVersion = "0.9.0";

std::string digest(const ModelHost::ModelEntry &entry)
{
    const QByteArray key = (entry.path + u'|' + QString::number(entry.bytes) + u'|'
                            + entry.modified.toString(Qt::ISODateWithMs)).toUtf8();
    return QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().toStdString();
}

json details(const ModelHost::ModelEntry &entry)
{
    const std::string family = entry.architecture.toStdString();
    return json{{"parent_model", ""},
                {"format", "gguf"},
                {"family", family},
                {"families", family.empty() ? json::array() : json::array({family})},
                {"parameter_size", ""},
                {"quantization_level", entry.quantization.toStdString()}};
}

json tag(const ModelHost::ModelEntry &entry)
{
    const std::string modified = entry.modified.isValid() ? entry.modified.toUTC().toString(Qt::ISODate).toStdString() : "";
    return json{{"name", entry.name.toStdString()},
                {"model", entry.name.toStdString()},
                {"modified_at", modified},
                {"size", entry.bytes},
                {"digest", digest(entry)},
                {"details", details(entry)}};
}

std::string line(const json &object)
{
    return object.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::int64_t nanoseconds(double seconds)
{
    return static_cast<std::int64_t>(seconds * 1e9);
}

// The last object of an answer: why it ended and how long each part took.
json finalFields(const GenerationCall &call)
{
    const serving::JobEvent &result = call.result();
    const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - call.started()).count();
    const double promptSeconds = std::max(0.0, result.timeToFirstTokenSeconds - result.queueSeconds);
    const double evalSeconds = result.decodeTokensPerSecond > 0 ? double(result.generatedTokens - 1) / result.decodeTokensPerSecond
                                                                : 0.0;
    return json{{"done", true},
                {"done_reason", openAiFinishReason(result)},
                {"total_duration", nanoseconds(total)},
                {"load_duration", nanoseconds(call.loadSeconds())},
                {"prompt_eval_count", result.promptTokens - result.cachedPromptTokens},
                {"prompt_eval_duration", nanoseconds(promptSeconds)},
                {"eval_count", result.generatedTokens},
                {"eval_duration", nanoseconds(evalSeconds)}};
}

void generate(const httplib::Request &httpRequest, httplib::Response &response, RouteContext &context, bool chat)
{
    auto body = parseBody(httpRequest.body);
    if (auto *error = std::get_if<ApiError>(&body))
        return sendOllamaError(response, *error);
    ParsedRequest parsed = parseOllamaRequest(std::get<json>(body), chat);
    if (auto *error = std::get_if<ApiError>(&parsed))
        return sendOllamaError(response, *error);
    const ChatRequest &request = std::get<ChatRequest>(parsed);
    const bool empty = chat ? request.messages.empty() : request.prompt->empty();
    if (empty) {
        // Nothing to answer: Ollama loads the model (or, with keep_alive 0, unloads it).
        const bool unload = request.keepAlive && request.keepAlive->count() == 0;
        if (unload) {
            context.host.unload(QString::fromStdString(request.model));
        } else {
            const auto acquired = context.host.acquire(QString::fromStdString(request.model), request.keepAlive);
            if (!acquired.runner)
                return sendOllamaError(response, ApiError::of(acquired.failure == ModelHost::Failure::NotFound ? 404 : 503,
                                                               acquired.message.toStdString()));
        }
        json done{{"model", request.model}, {"created_at", rfc3339Now()}, {"done", true},
                  {"done_reason", unload ? "unload" : "load"}};
        if (chat)
            done["message"] = {{"role", "assistant"}, {"content", ""}};
        else
            done["response"] = "";
        return sendJson(response, 200, done);
    }
    auto started = GenerationCall::start(context.host, request, request.think.value_or(false), serving::JobSource::Api);
    if (auto *error = std::get_if<ApiError>(&started))
        return sendOllamaError(response, *error);
    std::shared_ptr<GenerationCall> call(std::move(std::get<std::unique_ptr<GenerationCall>>(started)));
    const std::string model = call->modelName();
    const auto object = [=](const std::string &content, const std::string &thinking) {
        json out{{"model", model}, {"created_at", rfc3339Now()}};
        if (chat) {
            out["message"] = {{"role", "assistant"}, {"content", content}};
            if (!thinking.empty())
                out["message"]["thinking"] = thinking;
        } else {
            out["response"] = content;
            if (!thinking.empty())
                out["thinking"] = thinking;
        }
        return out;
    };
    const auto failed = [](const GenerationCall &done) {
        return line(json{{"error", "The model failed while answering: " + done.result().error}});
    };
    if (request.stream) {
        streamCall(
            response, call, "application/x-ndjson", " ",
            [=](const GenerationCall::Piece &piece) {
                json out = object(piece.content, piece.reasoning);
                out["done"] = false;
                return line(out);
            },
            [=](const GenerationCall &done) {
                if (done.failed())
                    return failed(done);
                json out = object("", "");
                out.update(finalFields(done));
                return line(out);
            });
        return;
    }
    streamWhole(response, call, [=](const GenerationCall &done, const GenerationCall::Piece &text) {
        if (done.failed())
            return failed(done);
        json out = object(text.content, text.reasoning);
        out.update(finalFields(done));
        return line(out);
    });
}

std::string requestedModel(const json &body)
{
    for (const char *key : {"model", "name"})
        if (body.contains(key) && body[key].is_string())
            return body[key].get<std::string>();
    return {};
}

} // namespace

void registerOllamaRoutes(httplib::Server &server, RouteContext &context)
{
    server.Get("/", [](const httplib::Request &, httplib::Response &response) {
        response.set_content("DeskSeek is running (Ollama-compatible API)", "text/plain; charset=utf-8");
    });
    server.Get("/api/version", [](const httplib::Request &, httplib::Response &response) {
        sendJson(response, 200, json{{"version", kOllamaVersion}, {"deskseek", kVersion}});
    });
    server.Get("/api/tags", [&context](const httplib::Request &, httplib::Response &response) {
        json models = json::array();
        for (const auto &entry : context.host.models())
            models.push_back(tag(entry));
        sendJson(response, 200, json{{"models", models}});
    });
    server.Get("/api/ps", [&context](const httplib::Request &, httplib::Response &response) {
        json models = json::array();
        for (const ModelHost::LoadedModel &loaded : context.host.loaded()) {
            const auto entry = context.host.find(loaded.name);
            json item = entry ? tag(*entry) : json{{"name", loaded.name.toStdString()}, {"model", loaded.name.toStdString()}};
            item["size"] = loaded.weightBytes + loaded.cacheBytes;
            item["size_vram"] = 0;
            item["context_length"] = loaded.contextLength;
            item["expires_at"] = loaded.expires ? loaded.expires->toUTC().toString(Qt::ISODate).toStdString()
                                                : std::string("2318-01-01T00:00:00Z");
            models.push_back(item);
        }
        sendJson(response, 200, json{{"models", models}});
    });
    server.Post("/api/show", [&context](const httplib::Request &request, httplib::Response &response) {
        auto body = parseBody(request.body);
        if (auto *error = std::get_if<ApiError>(&body))
            return sendOllamaError(response, *error);
        const std::string name = requestedModel(std::get<json>(body));
        const auto entry = context.host.find(QString::fromStdString(name));
        if (!entry)
            return sendOllamaError(response, ApiError::of(404, "There is no model '" + name + "' (see GET /api/tags)."));
        json info{{"general.architecture", entry->architecture.toStdString()}, {"general.name", entry->name.toStdString()}};
        sendJson(response, 200,
                 json{{"modelfile", "# DeskSeek model " + entry->name.toStdString() + "\nFROM " + entry->path.toStdString() + "\n"},
                      {"parameters", ""},
                      {"template", ""},
                      {"details", details(*entry)},
                      {"model_info", info},
                      {"capabilities", json::array({"completion"})},
                      {"modified_at", entry->modified.toUTC().toString(Qt::ISODate).toStdString()}});
    });
    server.Post("/api/chat", [&context](const httplib::Request &request, httplib::Response &response) {
        generate(request, response, context, true);
    });
    server.Post("/api/generate", [&context](const httplib::Request &request, httplib::Response &response) {
        generate(request, response, context, false);
    });
}

} // namespace deskseek::server
