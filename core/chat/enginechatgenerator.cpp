#include "chat/enginechatgenerator.h"

#include "engine/inference/inferencemodel.h"

#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::chat {

namespace inference = engine::inference;
namespace tokenizer = engine::tokenizer;

EngineChatGenerator::EngineChatGenerator(int threads)
    : m_threads(threads)
{
}

EngineChatGenerator::~EngineChatGenerator() = default;

bool EngineChatGenerator::load(const QString &path, int contextLength, const std::function<bool(double)> &progress,
                               QString *error)
{
    unload();
    inference::LoadOptions options;
    options.threads = m_threads;
    options.contextLength = std::max(256, contextLength);
    options.progress = progress;
    auto model = inference::InferenceModel::load(path.toStdString(), options);
    if (!model) {
        if (error)
            *error = model.error().code == engine::ErrorCode::Cancelled
                         ? tr("Loading was cancelled.")
                         : tr("Cannot load %1: %2").arg(QFileInfo(path).fileName(), QString::fromStdString(model.error().message));
        return false;
    }
    m_model = std::move(model.value());
    const QFileInfo info(path);
    // An installed model's file is "<name>-<TYPE>.gguf" in a folder named after the model.
    m_name = info.isDir() ? info.fileName() : info.completeBaseName();
    return true;
}

void EngineChatGenerator::unload()
{
    m_model.reset();
    m_name.clear();
}

QString EngineChatGenerator::modelName() const
{
    return m_name;
}

bool EngineChatGenerator::opensReasoning() const
{
    return m_model && m_model->chatTemplate().format() == tokenizer::ChatFormat::DeepSeekR1;
}

GenerateOutcome EngineChatGenerator::generate(const GenerateRequest &request, const std::function<void(const QString &)> &onText,
                                              const std::atomic<bool> *cancel)
{
    GenerateOutcome outcome;
    if (!m_model) {
        outcome.finish = GenerateOutcome::Finish::Failed;
        outcome.error = tr("No model is loaded.");
        return outcome;
    }
    const std::int64_t context = std::min<std::int64_t>(m_model->contextLength(), std::max(256, request.settings.contextLength));
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
        auto encoded = m_model->tokenizer()->encode(m_model->chatTemplate().render(messages, true));
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

    inference::GenerationOptions options;
    options.sampling.temperature = float(request.settings.temperature);
    options.sampling.topP = float(request.settings.topP);
    options.maxTokens = std::min<std::int64_t>(std::max(1, request.settings.maxTokens), context - std::int64_t(ids.size()));
    options.overflow = inference::ContextOverflow::Error;
    options.cancel = cancel;
    const auto stats = m_model->generate(ids, options, [&](const inference::GenerationEvent &event) {
        if (!event.text.empty())
            onText(QString::fromStdString(event.text));
    });
    if (!stats) {
        outcome.finish = GenerateOutcome::Finish::Failed;
        outcome.error = QString::fromStdString(stats.error().message);
        return outcome;
    }
    outcome.tokens = int(stats->generatedTokens);
    outcome.tokensPerSecond = stats->decodeTokensPerSecond;
    outcome.secondsToFirstToken = stats->timeToFirstTokenSeconds;
    switch (stats->finish) {
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

} // namespace deskseek::chat
