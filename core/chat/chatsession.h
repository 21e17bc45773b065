#pragma once

#include "chat/chatgenerator.h"
#include "chat/chatsearch.h"
#include "chat/conversation.h"
#include "chat/thinkparser.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace deskseek::chat {

class ChatEngine;
class ChatStore;

// One chat at a time, between the store and the engine: sends a message, streams the answer
// into the conversation (reasoning and answer apart, the thinking time measured), saves it as it
// grows (at most a quarter second is lost to a crash), and stops, regenerates, or edits and
// resends. With the chat's web search on, an answer first searches (ChatSearch, its steps shown
// in the answer, Esc cancels) and is then written from DeepSeek-R1's search prompt with the
// sources, which are saved with it; regenerating reuses them, editing and resending searches
// again; when no provider answers, the answer is written without search and says so.
// No widgets: the chat page shows what this says.
class ChatSession : public QObject
{
    Q_OBJECT

public:
    ChatSession(ChatStore &store, ChatEngine &engine, QObject *parent = nullptr);

    qint64 conversationId() const { return m_conversation ? m_conversation->id : 0; }
    std::optional<Conversation> conversation() const { return m_conversation; }
    const QList<Message> &messages() const { return m_messages; }
    bool busy() const { return m_answer.has_value(); }

    // Shows a stored conversation (0: none).
    void open(qint64 conversationId);
    // A new, empty conversation with the given settings; it is stored when its first message is sent.
    void startNew(const ChatSettings &settings = {});
    void setSettings(const ChatSettings &settings);
    ChatSettings settings() const;
    // Where a search gets its providers and limits (Settings → Search), asked at each search.
    void setSearchConfig(std::function<tools::WebSearchConfig()> config) { m_searchConfig = std::move(config); }

    // Sends `text` as the user and answers it. False (with error()) when that cannot happen now.
    bool send(const QString &text);
    void stop();
    // Answers the last question again, replacing the last answer.
    bool regenerate();
    // Replaces message `id` (the user's) with `text`, drops everything after it, and answers.
    bool editAndResend(qint64 id, const QString &text);

Q_SIGNALS:
    // The whole list changed (another conversation, a message removed).
    void messagesReset();
    void messageAdded(const deskseek::chat::Message &message);
    // A message grew or finished (streaming: often; the view should not redraw more than it needs).
    void messageChanged(const deskseek::chat::Message &message);
    void busyChanged(bool busy);
    // The conversation list changed (a new one, a title, an order).
    void conversationsChanged();
    void errorOccurred(const QString &message);

private:
    // Answers the last question; with `previous` (the answer it replaces), from its sources.
    bool answer(const Message *previous = nullptr);
    void generateAnswer();
    void onSearchStep(const QString &text);
    void onSearchFinished(const tools::WebSearchReport &report);
    void onText(const QString &text);
    void onFinished(const GenerateOutcome &outcome);
    void save();
    void publish(); // the answer's new state into m_messages (when shown) and out

    ChatStore &m_store;
    ChatEngine &m_engine;
    std::optional<Conversation> m_conversation;
    ChatSettings m_pendingSettings; // for a conversation not stored yet
    QList<Message> m_messages;
    std::optional<Message> m_answer; // the answer being written (also in m_messages while shown)
    ThinkParser m_parser;
    QElapsedTimer m_clock;
    bool m_reasoningTimed = false;
    QTimer m_saveTimer;
    bool m_dirty = false;
    ChatSearch m_search;
    std::function<tools::WebSearchConfig()> m_searchConfig;
};

} // namespace deskseek::chat
