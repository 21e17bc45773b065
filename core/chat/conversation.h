#pragma once

#include <QDateTime>
#include <QString>

namespace deskseek::chat {

// Per-chat generation settings; the defaults are what DeepSeek recommends for R1.
struct ChatSettings
{
    QString systemPrompt;
    double temperature = 0.6;
    double topP = 0.95;
    int maxTokens = 4096;     // generated tokens per answer at most
    int contextLength = 8192; // positions of the KV cache the chat may use
};

struct Message
{
    enum class Role { User, Assistant };
    // Streaming: being written (found so after a crash: Interrupted). Stopped: by the user.
    enum class State { Complete, Streaming, Stopped, Interrupted, Failed };

    qint64 id = 0;
    qint64 conversationId = 0;
    Role role = Role::User;
    QString content;   // the answer (for an assistant) without its reasoning
    QString reasoning; // the <think> part
    double thinkingSeconds = 0.0;
    int tokens = 0;
    double tokensPerSecond = 0.0;
    State state = State::Complete;
    QString error; // Failed: why
    QDateTime created;
};

struct Conversation
{
    qint64 id = 0;
    QString title;
    ChatSettings settings;
    QDateTime created;
    QDateTime updated;
};

} // namespace deskseek::chat
