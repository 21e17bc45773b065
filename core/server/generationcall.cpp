#include "server/generationcall.h"

#include "chat/thinkparser.h"
#include "engine/inference/inferencemodel.h"
#include "serving/jobeventqueue.h"
#include "serving/modelhost.h"

#include <QString>

#include <algorithm>

namespace deskseek::server {

namespace tokenizer = engine::tokenizer;
using serving::JobEvent;
using serving::ModelHost;

namespace {

ApiError hostError(const ModelHost::Acquired &acquired)
{
    ApiError error;
    error.message = acquired.message.toStdString();
    switch (acquired.failure) {
    case ModelHost::Failure::NotFound:
        error.status = 404;
        error.code = "model_not_found";
        error.param = "model";
        break;
    case ModelHost::Failure::Loading:
        error.status = 503;
        error.type = "server_error";
        error.code = "model_loading";
        error.retryAfterSeconds = 5;
        break;
    case ModelHost::Failure::Busy:
        error.status = 503;
        error.type = "server_error";
        error.code = "server_busy";
        error.retryAfterSeconds = 10;
        break;
    case ModelHost::Failure::LoadFailed:
    case ModelHost::Failure::Cancelled:
    case ModelHost::Failure::None:
        error.status = 500;
        error.type = "server_error";
        error.code = "model_load_failed";
        break;
    }
    return error;
}

} // namespace

GenerationCall::GenerationCall()
    : m_events(serving::JobEventQueue::create())
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
    , m_started(std::chrono::steady_clock::now())
{
}

GenerationCall::~GenerationCall()
{
    cancel();
}

void GenerationCall::cancel()
{
    m_cancel->store(true);
}

std::variant<std::unique_ptr<GenerationCall>, ApiError> GenerationCall::start(ModelHost &host, const ChatRequest &request,
                                                                              bool splitReasoning, serving::JobSource source)
{
    std::unique_ptr<GenerationCall> call(new GenerationCall);
    const ModelHost::Acquired acquired = host.acquire(QString::fromStdString(request.model), request.keepAlive);
    if (!acquired.runner)
        return hostError(acquired);
    call->m_loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - call->m_started).count();
    call->m_runner = acquired.runner;
    call->m_modelName = acquired.runner->name();
    const engine::inference::InferenceModel &model = acquired.runner->model();
    const tokenizer::ChatTemplate &chat = model.chatTemplate();

    // The prompt: the chat template over the messages (a generate request's prompt as a user
    // message), or the raw text.
    std::string text;
    bool opensReasoning = false;
    if (request.prompt && request.raw) {
        text = *request.prompt;
    } else {
        std::vector<tokenizer::ChatMessage> messages = request.messages;
        if (request.prompt) {
            if (!request.system.empty())
                messages.push_back({tokenizer::ChatMessage::Role::System, request.system});
            messages.push_back({tokenizer::ChatMessage::Role::User, *request.prompt});
        }
        text = chat.render(messages);
        opensReasoning = chat.format() == tokenizer::ChatFormat::DeepSeekR1;
    }
    if (opensReasoning && request.think == false) {
        text += "\n</think>\n\n"; // no thinking: the reasoning closed before it starts
        opensReasoning = false;
    }
    std::vector<std::int32_t> prompt = request.promptTokens;
    if (prompt.empty()) {
        auto encoded = model.tokenizer()->encode(text, true);
        if (!encoded) {
            ApiError error;
            error.message = "The prompt cannot be encoded: " + encoded.error().message;
            return error;
        }
        prompt = std::move(encoded.value());
    }
    for (const std::int32_t id : prompt)
        if (id >= model.config().vocabSize) {
            ApiError error;
            error.param = "prompt";
            error.message = "Token id " + std::to_string(id) + " is outside the model's vocabulary (0 to "
                            + std::to_string(model.config().vocabSize - 1) + ").";
            return error;
        }
    const std::int64_t context = acquired.runner->contextLength();
    const auto promptTokens = static_cast<std::int64_t>(prompt.size());
    if (prompt.empty() || promptTokens >= context) {
        ApiError error;
        error.code = "context_length_exceeded";
        error.param = request.prompt ? "prompt" : "messages";
        error.message = prompt.empty() ? std::string("The prompt is empty.")
                                       : "The prompt is " + std::to_string(prompt.size()) + " tokens long, but the model's "
                                             "context holds " + std::to_string(context)
                                             + " tokens (with room for the answer). Shorten the prompt, or serve the model "
                                               "with a larger context (Settings → Server, or deskseek-cli serve --ctx).";
        return error;
    }

    if (splitReasoning)
        call->m_parser = std::make_unique<chat::ThinkParser>(opensReasoning);
    else if (opensReasoning)
        call->m_prefix = "<think>\n";

    serving::GenerationJob job;
    job.prompt = std::move(prompt);
    job.source = source;
    job.cancel = call->m_cancel;
    job.options.sampling = request.sampling;
    const std::int64_t room = context - promptTokens;
    job.options.maxTokens = std::min(room, request.maxTokens.value_or(room));
    job.options.stopStrings = request.stop;
    job.options.stopAtEos = !request.ignoreEos;
    job.sink = serving::JobEventQueue::sink(call->m_events);
    switch (acquired.runner->submit(std::move(job))) {
    case serving::ModelRunner::Submitted::Accepted:
        return call;
    case serving::ModelRunner::Submitted::TooLong: {
        ApiError error;
        error.code = "context_length_exceeded";
        error.message = "The prompt does not fit in the model's context.";
        return error;
    }
    case serving::ModelRunner::Submitted::QueueFull:
    case serving::ModelRunner::Submitted::Stopping:
        break;
    }
    ApiError busy;
    busy.status = 503;
    busy.type = "server_error";
    busy.code = "server_busy";
    busy.retryAfterSeconds = 2;
    busy.message = "The server is busy: every slot is answering and the queue is full. Try again in a moment.";
    return busy;
}

GenerationCall::Piece GenerationCall::split(const std::string &text, bool last)
{
    Piece piece;
    if (!m_parser) {
        piece.content = m_prefix + text;
        m_prefix.clear();
        return piece;
    }
    chat::ThinkParser::Split part = m_parser->feed(QString::fromStdString(text));
    if (last) {
        const chat::ThinkParser::Split rest = m_parser->finish();
        part.reasoning += rest.reasoning;
        part.answer += rest.answer;
    }
    piece.reasoning = part.reasoning.toStdString();
    piece.content = part.answer.toStdString();
    return piece;
}

GenerationCall::Next GenerationCall::next(std::chrono::milliseconds wait, Piece &piece)
{
    piece = {};
    if (m_done)
        return Next::Done;
    std::optional<JobEvent> next = m_events->next(wait);
    if (!next)
        return Next::Timeout;
    JobEvent event = std::move(*next);
    const bool last = event.kind != JobEvent::Kind::Token;
    piece = split(event.text, last);
    if (!last)
        return Next::Piece;
    m_done = true;
    m_result = std::move(event);
    m_runner.reset();
    return piece.reasoning.empty() && piece.content.empty() ? Next::Done : Next::Piece;
}

} // namespace deskseek::server
