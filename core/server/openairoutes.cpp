// OpenAI's API: GET /v1/models, /v1/models/{id}, POST /v1/chat/completions, /v1/completions,
// GET /health.

#include "server/routecontext.h"

#include "serving/modelhost.h"
#include "tools/searchprompt.h"

#include <QDate>

#include <algorithm>

namespace deskseek::server {

using nlohmann::json;

namespace {

json modelObject(const serving::ModelHost::ModelEntry &entry)
{
    return json{{"id", entry.name.toStdString()},
                {"object", "model"},
                {"created", entry.modified.isValid() ? entry.modified.toSecsSinceEpoch() : 0},
                {"owned_by", "deskseek"}};
}

json usage(const GenerationCall &call)
{
    const serving::JobEvent &result = call.result();
    return json{{"prompt_tokens", result.promptTokens},
                {"completion_tokens", result.generatedTokens},
                {"total_tokens", result.promptTokens + result.generatedTokens},
                {"prompt_tokens_details", {{"cached_tokens", result.cachedPromptTokens}}}};
}

ApiError failure(const GenerationCall &call)
{
    ApiError error;
    error.status = 500;
    error.type = "server_error";
    error.message = "The model failed while answering: " + call.result().error;
    return error;
}

json errorBody(const ApiError &error)
{
    return json{{"error", {{"message", error.message}, {"type", error.type}, {"param", nullptr}, {"code", nullptr}}}};
}

std::string sse(const json &object)
{
    return "data: " + object.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n";
}

using Sources = std::shared_ptr<const QList<tools::WebSource>>;

// OpenAI's url_citation annotations for the [citation:X] marks of an answer written from web
// sources: where each mark is (in characters) and the source it names.
json annotations(const std::string &content, const Sources &sources)
{
    json list = json::array();
    if (!sources)
        return list;
    const QString text = QString::fromStdString(content);
    for (const tools::Citation &citation : tools::findCitations(text, *sources)) {
        // Offsets in Unicode characters, not UTF-16 units.
        const qsizetype start = text.left(citation.start).toUcs4().size();
        const qsizetype end = start + text.mid(citation.start, citation.length).toUcs4().size();
        list.push_back({{"type", "url_citation"},
                        {"url_citation", {{"start_index", start}, {"end_index", end},
                                          {"url", citation.source->url.toString(QUrl::FullyEncoded).toStdString()},
                                          {"title", citation.source->title.toStdString()}}}});
    }
    return list;
}

// web_search_options: the last question becomes DeepSeek-R1's search prompt over what the
// search found, its sources cut to what the model's context leaves. Nothing found: the request
// is answered as it came.
Sources searchFirst(ChatRequest &request, RouteContext &context)
{
    if (!context.config.webSearch || request.messages.empty())
        return nullptr;
    auto last = std::find_if(request.messages.rbegin(), request.messages.rend(), [](const engine::tokenizer::ChatMessage &m) {
        return m.role == engine::tokenizer::ChatMessage::Role::User;
    });
    if (last == request.messages.rend())
        return nullptr;
    tools::WebSearchConfig config = context.config.webSearch();
    config.pages.pages = request.searchPages;
    const QString question = QString::fromStdString(last->content);
    const tools::WebSearchReport report = tools::WebSearch(config).run(question.simplified().left(256));
    if (!report.outcome.found())
        return nullptr;
    const int contextLength = context.host.options().contextLength;
    int others = 0;
    for (const auto &message : request.messages)
        if (&message != &*last)
            others += tools::SearchPrompt::estimateTokens(QString::fromStdString(message.content)) + 8;
    const int budget = tools::SearchPrompt::sourceBudget(contextLength, others, request.maxTokens.value_or(contextLength), question,
                                                         tools::SearchPrompt::estimateTokens);
    last->content = tools::SearchPrompt::build(question, report.sources, QDate::currentDate(), budget,
                                               tools::SearchPrompt::estimateTokens)
                        .text.toStdString();
    return std::make_shared<const QList<tools::WebSource>>(report.sources);
}

// The four answers (chat or text completion, streamed or whole) of one call.
void answer(httplib::Response &response, std::shared_ptr<GenerationCall> call, const ChatRequest &request, bool chat,
            const Sources &sources)
{
    const std::string id = randomId(chat ? "chatcmpl-" : "cmpl-");
    const std::int64_t created = unixTime();
    const std::string model = call->modelName();
    const char *object = chat ? "chat.completion" : "text_completion";
    if (!request.stream) {
        streamWhole(response, call, [=](const GenerationCall &done, const GenerationCall::Piece &text) {
            if (done.failed())
                return errorBody(failure(done)).dump();
            json choice{{"index", 0}, {"finish_reason", openAiFinishReason(done.result())}};
            if (chat) {
                choice["message"] = {{"role", "assistant"}, {"content", text.content}};
                if (sources)
                    choice["message"]["annotations"] = annotations(text.content, sources);
                if (!text.reasoning.empty())
                    choice["message"]["reasoning_content"] = text.reasoning;
            } else {
                choice["text"] = text.content;
                choice["logprobs"] = nullptr;
            }
            return json{{"id", id}, {"object", object}, {"created", created}, {"model", model},
                        {"choices", json::array({choice})}, {"usage", usage(done)}}
                .dump(-1, ' ', false, json::error_handler_t::replace);
        });
        return;
    }
    const std::string chunkObject = chat ? "chat.completion.chunk" : "text_completion";
    const auto chunk = [=](json choice) {
        return json{{"id", id}, {"object", chunkObject}, {"created", created}, {"model", model},
                    {"choices", json::array({std::move(choice)})}};
    };
    auto first = std::make_shared<bool>(true);
    auto content = std::make_shared<std::string>(); // for the annotations at the end
    response.set_header("Cache-Control", "no-cache");
    streamCall(
        response, call, "text/event-stream", ": keep-alive\n\n",
        [=](const GenerationCall::Piece &piece) {
            std::string out;
            if (chat && *first) { // the role comes first, on its own
                *first = false;
                out += sse(chunk({{"index", 0}, {"delta", {{"role", "assistant"}, {"content", ""}}}, {"finish_reason", nullptr}}));
            }
            if (!piece.reasoning.empty())
                out += sse(chunk({{"index", 0}, {"delta", {{"reasoning_content", piece.reasoning}}}, {"finish_reason", nullptr}}));
            if (!piece.content.empty()) {
                if (sources)
                    *content += piece.content;
                json choice{{"index", 0}, {"finish_reason", nullptr}};
                if (chat)
                    choice["delta"] = {{"content", piece.content}};
                else
                    choice["text"] = piece.content, choice["logprobs"] = nullptr;
                out += sse(chunk(choice));
            }
            return out;
        },
        [=](const GenerationCall &done) {
            if (done.failed())
                return sse(errorBody(failure(done))) + "data: [DONE]\n\n";
            std::string out;
            if (chat && *first)
                out += sse(chunk({{"index", 0}, {"delta", {{"role", "assistant"}, {"content", ""}}}, {"finish_reason", nullptr}}));
            if (chat && sources)
                out += sse(chunk({{"index", 0}, {"delta", {{"annotations", annotations(*content, sources)}}}, {"finish_reason", nullptr}}));
            json last{{"index", 0}, {"finish_reason", openAiFinishReason(done.result())}};
            if (chat)
                last["delta"] = json::object();
            else
                last["text"] = "", last["logprobs"] = nullptr;
            out += sse(chunk(last));
            if (request.includeUsage)
                out += sse(json{{"id", id}, {"object", chunkObject}, {"created", created}, {"model", model},
                                {"choices", json::array()}, {"usage", usage(done)}});
            return out + "data: [DONE]\n\n";
        });
}

void generate(const httplib::Request &httpRequest, httplib::Response &response, RouteContext &context, bool chat)
{
    auto body = parseBody(httpRequest.body);
    if (auto *error = std::get_if<ApiError>(&body))
        return sendOpenAiError(response, *error);
    ParsedRequest parsed = parseOpenAiRequest(std::get<json>(body), chat);
    if (auto *error = std::get_if<ApiError>(&parsed))
        return sendOpenAiError(response, *error);
    ChatRequest &request = std::get<ChatRequest>(parsed);
    const Sources sources = chat && request.webSearch ? searchFirst(request, context) : nullptr;
    auto started = GenerationCall::start(context.host, request, true, serving::JobSource::Api);
    if (auto *error = std::get_if<ApiError>(&started))
        return sendOpenAiError(response, *error);
    answer(response, std::shared_ptr<GenerationCall>(std::move(std::get<std::unique_ptr<GenerationCall>>(started))), request,
           chat, sources);
}

} // namespace

void registerOpenAiRoutes(httplib::Server &server, RouteContext &context)
{
    server.Get("/v1/models", [&context](const httplib::Request &, httplib::Response &response) {
        json data = json::array();
        for (const auto &entry : context.host.models())
            data.push_back(modelObject(entry));
        sendJson(response, 200, json{{"object", "list"}, {"data", data}});
    });
    server.Get(R"(/v1/models/(.+))", [&context](const httplib::Request &request, httplib::Response &response) {
        const std::string id = request.matches[1];
        if (const auto entry = context.host.find(QString::fromStdString(id)))
            return sendJson(response, 200, modelObject(*entry));
        ApiError error;
        error.status = 404;
        error.code = "model_not_found";
        error.param = "model";
        error.message = "There is no model '" + id + "' (see GET /v1/models).";
        sendOpenAiError(response, error);
    });
    server.Post("/v1/chat/completions", [&context](const httplib::Request &request, httplib::Response &response) {
        generate(request, response, context, true);
    });
    server.Post("/v1/completions", [&context](const httplib::Request &request, httplib::Response &response) {
        generate(request, response, context, false);
    });
    server.Get("/health", [&context](const httplib::Request &, httplib::Response &response) {
        const QString loading = context.host.loadingModel();
        if (!loading.isEmpty()) {
            response.set_header("Retry-After", "5");
            return sendJson(response, 503, json{{"status", "loading"}, {"model", loading.toStdString()}});
        }
        sendJson(response, 200, json{{"status", "ok"}});
    });
}

} // namespace deskseek::server
