#pragma once

#include "chat/conversation.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace deskseek::chat {

// Conversations and their messages in an SQLite database (QtSql) in the user's data folder.
// The schema has a version (PRAGMA user_version) and every older version is migrated forward
// when the database opens. Writes go straight to the file (WAL journal), so a process that dies
// loses nothing already written; an answer found still streaming when the database opens was
// cut off by a crash and is marked Interrupted, with the text it had.
class ChatStore
{
    Q_DECLARE_TR_FUNCTIONS(ChatStore)

public:
    static constexpr int kSchemaVersion = 2;

    ChatStore();
    ~ChatStore();
    ChatStore(const ChatStore &) = delete;
    ChatStore &operator=(const ChatStore &) = delete;

    // The database file for the user: <data folder>/DeskSeek/chats.sqlite.
    static QString defaultPath();

    // Opens (creating or migrating) the database; false with a message for people on failure.
    bool open(const QString &path, QString *error = nullptr);
    bool isOpen() const;
    QString path() const { return m_path; }
    int schemaVersion() const;

    // Newest first; with `search`, those whose title or messages contain it (any case).
    QList<Conversation> conversations(const QString &search = {}) const;
    std::optional<Conversation> conversation(qint64 id) const;
    std::optional<Conversation> createConversation(const QString &title, const ChatSettings &settings = {});
    bool renameConversation(qint64 id, const QString &title);
    bool updateSettings(qint64 id, const ChatSettings &settings);
    bool removeConversation(qint64 id);

    // In order.
    QList<Message> messages(qint64 conversationId) const;
    std::optional<Message> message(qint64 id) const;
    // Appends; fills in id and created.
    bool addMessage(Message &message);
    // Saves content, reasoning, stats, state and error of an existing message.
    bool updateMessage(const Message &message);
    // Removes `id` and every message after it in its conversation (regenerate, edit and resend).
    bool removeMessagesFrom(qint64 id);

    // The conversation as Markdown (title, messages, reasoning as a quote, an answer's web
    // sources as a numbered list its citations link to).
    QString exportMarkdown(qint64 conversationId) const;

private:
    bool migrate(QString *error);
    bool touch(qint64 conversationId);

    QString m_connection;
    QString m_path;
};

} // namespace deskseek::chat
