#include "chat/servingchatgenerator.h"

#include "engine/inference/inferencemodel.h"
#include "serving/jobeventqueue.h"
#include "serving/modelhost.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::chat {

namespace inference = engine::inference;
namespace tokenizer = engine::tokenizer;
using serving::JobEvent;

ServingChatGenerator::ServingChatGenerator(serving::ModelHost &host)
    : m_host(host)
{
}

ServingChatGenerator::~ServingChatGenerator() = default;

bool ServingChatGenerator::load(const QString &path, int contextLength, const std::function<bool(double)> &progress,
                                QString *error)
{
    Q_UNUSED(contextLength) // the context is the host's, fixed when the model loads
    m_name = m_host.nameForPath(path);
    const auto acquired = m_host.acquire(m_name, std::nullopt, progress);
    if (!acquired.runner) {
        if (error)
            *error = acquired.message;
        m_name.clear();
        return false;
    }
    m_opensReasoning = acquired.runner->model().chatTemplate().format() == tokenizer::ChatFormat::DeepSeekR1;
    return true;
}

void ServingChatGenerator::unload()
{
    if (!m_name.isEmpty())
        m_host.unload(m_name);
    m_name.clear();
}

QString ServingChatGenerator::modelName() const
{
    return m_name;
}

bool ServingChatGenerator::opensReasoning() const
{
    return m_opensReasoning;
}

GenerateOutcome ServingChatGenerator::generate(const GenerateRequest &request, const std::function<void(const QString &)> &onText,
                                               const std::atomic<bool> *cancel)
{
    GenerateOutcome outcome;
    if (m_name.isEmpty()) {
        outcome.finish = GenerateOutcome::Finish::Failed;
        outcome.error = tr("No model is loaded.");
        return outcome;
    }
    // The model may have been unloaded for an API request meanwhile: this loads it again.
    const auto acquired = m_host.acquire(m_name);
    if (!acquired.runner) {
        outcome.finish = GenerateOutcome::Finish::Failed;
        outcome.error = acquired.message;
        return outcome;
    }
    const inference::InferenceModel &model = acquired.runner->model();
    const std::int64_t context = std::min<std::int64_t>(acquired.runner->contextLength(),
                                                        std::max(256, request.settings.contextLength));
    // Room for the answer: up to half the context.
    const std::int64_t reserve = std::min<std::int64_t>(std::max(1, request.settings.maxTokens), context / 2);

    // The whole conversation if it fits, else without its oldest exchanges.
    std::vector<std::int32_t> ids;
    qsizetype first = 0;
    for (;;) {
        std::vector<tokenizer::ChatMessage> messages;
        if (!request.settings.systemPrompt.trimmed().isEmpty())
            messages.push_back({tokenizer::ChatMessage::Role::System, request.settings.systemPrompt.toStdString()});
        for (qsizetype i = first; i < request.turns.size(); ++i)
            messages.push_back({request.turns[i].role == Message::Role::User ? tokenizer::ChatMessage::Role::User
                                                                             : tokenizer::ChatMessage::Role::Assistant,
                                request.turns[i].text.toStdString()});
        auto encoded = model.tokenizer()->encode(model.chatTemplate().render(messages, true));
        if (!encoded) {
            outcome.finish = GenerateOutcome::Finish::Failed;
            outcome.error = QString::fromStdString(encoded.error().message);
            return outcome;
        }
        ids = std::move(encoded.value());
        if (std::int64_t(ids.size()) + reserve <= context || first + 1 >= request.turns.size())
            break;
        first += 2; // a question and its answer
    }
    outcome.droppedTurns = int(first);
    outcome.promptTokens = int(ids.size());
    if (std::int64_t(ids.size()) >= context) {
        outcome.finish = GenerateOutcome::Finish::Failed;
        outcome.error = tr("The message is too long for the context (%1 tokens; the context holds %2). Shorten it, or "
                           "raise the context length in the chat's settings.")
                            .arg(ids.size())
                            .arg(context);
        return outcome;
    }

    // The job's events come back here, on the chat engine's thread.
    const auto events = serving::JobEventQueue::create();
    serving::GenerationJob job;
    job.prompt = std::move(ids);
    job.source = serving::JobSource::Chat;
    job.options.sampling.temperature = float(request.settings.temperature);
    job.options.sampling.topP = float(request.settings.topP);
    job.options.maxTokens = std::min<std::int64_t>(std::max(1, request.settings.maxTokens), context - outcome.promptTokens);
    job.sink = serving::JobEventQueue::sink(events);
    const auto jobCancel = job.cancel;
    if (acquired.runner->submit(std::move(job)) != serving::ModelRunner::Submitted::Accepted) {
        outcome.finish = GenerateOutcome::Finish::Failed;
        outcome.error = tr("The model is busy with other requests. Try again in a moment.");
        return outcome;
    }
    for (;;) {
        const std::optional<JobEvent> next = events->next(std::chrono::milliseconds(20));
        if (cancel && cancel->load())
            jobCancel->store(true);
        if (!next)
            continue;
        const JobEvent &event = *next;
        if (!event.text.empty())
            onText(QString::fromStdString(event.text));
        if (event.kind == JobEvent::Kind::Token)
            continue;
        if (event.kind == JobEvent::Kind::Failed) {
            outcome.finish = GenerateOutcome::Finish::Failed;
            outcome.error = QString::fromStdString(event.error);
            return outcome;
        }
        outcome.tokens = int(event.generatedTokens);
        outcome.tokensPerSecond = event.decodeTokensPerSecond;
        outcome.secondsToFirstToken = event.timeToFirstTokenSeconds;
        switch (event.finish) {
        case inference::FinishReason::Cancelled:
            outcome.finish = GenerateOutcome::Finish::Stopped;
            break;
        case inference::FinishReason::MaxTokens:
            outcome.finish = GenerateOutcome::Finish::MaxTokens;
            break;
        case inference::FinishReason::ContextFull:
            outcome.finish = GenerateOutcome::Finish::ContextFull;
            break;
        default:
            outcome.finish = GenerateOutcome::Finish::Done;
        }
        return outcome;
    }
}

} // namespace deskseek::chat
