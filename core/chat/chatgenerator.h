#pragma once

#include "chat/conversation.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>

namespace deskseek::chat {

struct ChatTurn
{
    Message::Role role = Message::Role::User;
    QString text; // an assistant turn: its answer without the reasoning
};

struct GenerateRequest
{
    QList<ChatTurn> turns; // ends with the user's turn to answer
    ChatSettings settings;
};

struct GenerateOutcome
{
    enum class Finish { Done, Stopped, MaxTokens, ContextFull, Failed };
    Finish finish = Finish::Done;
    QString error;       // Failed: for people
    int promptTokens = 0;
    int droppedTurns = 0; // the oldest turns left out so the conversation fits the context
    int tokens = 0;       // generated
    double tokensPerSecond = 0.0;
    double secondsToFirstToken = 0.0;
};

// The engine boundary of a chat: what the chat needs from a model. ServingChatGenerator runs the
// in-process engine; tests put a scripted generator here to drive the chat with exact text.
// Every call happens on the chat engine's thread.
class ChatGenerator
{
public:
    virtual ~ChatGenerator() = default;

    // A model folder or GGUF file; progress gets 0..1 and returns false to cancel.
    virtual bool load(const QString &path, int contextLength, const std::function<bool(double)> &progress, QString *error) = 0;
    virtual void unload() = 0;
    virtual QString modelName() const = 0;
    // Whether answers begin inside the reasoning (the prompt itself opens <think>).
    virtual bool opensReasoning() const = 0;
    // Streams the answer through onText (whole characters); `cancel` stops it within one token.
    virtual GenerateOutcome generate(const GenerateRequest &request, const std::function<void(const QString &)> &onText,
                                     const std::atomic<bool> *cancel) = 0;
};

} // namespace deskseek::chat
