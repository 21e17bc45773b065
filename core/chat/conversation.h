#pragma once

#include "tools/websource.h"

#include <QDateTime>
#include <QList>
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
    bool webSearch = false;   // answers search the web first (the chat's "Search the web" toggle)
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
    // Web search (an answer's): the sources it was given, numbered as its [citation:X] marks,
    // and what to tell about the search ("Searched with Bing.", why none answered, shortened
    // sources). searchStatus is the step under way while it searches; it is not saved.
    QList<tools::WebSource> sources;
    QString searchNote;
    QString searchStatus;
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
