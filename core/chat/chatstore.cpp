#include "chat/chatstore.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>
#include <atomic>
#include <iterator>

using namespace Qt::StringLiterals;

namespace deskseek::chat {

namespace {

std::atomic<int> s_connections{0};

QString roleName(Message::Role role)
{
    return role == Message::Role::User ? u"user"_s : u"assistant"_s;
}

Message::Role roleFrom(const QString &name)
{
    return name == u"user"_s ? Message::Role::User : Message::Role::Assistant;
}

// SQLite stores a null QString as NULL; the text columns are NOT NULL.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

QString sourcesText(const QList<tools::WebSource> &sources)
{
    return sources.isEmpty() ? u""_s : QString::fromUtf8(tools::sourcesToJson(sources));
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms);
}

// Each step takes the schema from version N to N + 1.
const char *const kMigrations[] = {
    // 0 -> 1
    "CREATE TABLE conversations ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " title TEXT NOT NULL,"
    " system_prompt TEXT NOT NULL DEFAULT '',"
    " temperature REAL NOT NULL DEFAULT 0.6,"
    " top_p REAL NOT NULL DEFAULT 0.95,"
    " max_tokens INTEGER NOT NULL DEFAULT 4096,"
    " context_length INTEGER NOT NULL DEFAULT 8192,"
    " created INTEGER NOT NULL,"
    " updated INTEGER NOT NULL);"
    "CREATE TABLE messages ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,"
    " role TEXT NOT NULL,"
    " content TEXT NOT NULL DEFAULT '',"
    " reasoning TEXT NOT NULL DEFAULT '',"
    " thinking_seconds REAL NOT NULL DEFAULT 0,"
    " tokens INTEGER NOT NULL DEFAULT 0,"
    " tokens_per_second REAL NOT NULL DEFAULT 0,"
    " state INTEGER NOT NULL DEFAULT 0,"
    " error TEXT NOT NULL DEFAULT '',"
    " created INTEGER NOT NULL);"
    "CREATE INDEX messages_by_conversation ON messages(conversation_id, id);",
    // 1 -> 2: web search (a chat's toggle, an answer's sources and note)
    "ALTER TABLE conversations ADD COLUMN web_search INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE messages ADD COLUMN sources TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE messages ADD COLUMN search_note TEXT NOT NULL DEFAULT '';",
};
static_assert(std::size(kMigrations) == ChatStore::kSchemaVersion);

// The settings columns, in the order both INSERT and UPDATE name them.
void bindSettings(QSqlQuery &q, const ChatSettings &settings)
{
    q.addBindValue(text(settings.systemPrompt));
    q.addBindValue(settings.temperature);
    q.addBindValue(settings.topP);
    q.addBindValue(settings.maxTokens);
    q.addBindValue(settings.contextLength);
    q.addBindValue(settings.webSearch ? 1 : 0);
}

Conversation conversationFrom(const QSqlQuery &q)
{
    Conversation c;
    c.id = q.value(0).toLongLong();
    c.title = q.value(1).toString();
    c.settings.systemPrompt = q.value(2).toString();
    c.settings.temperature = q.value(3).toDouble();
    c.settings.topP = q.value(4).toDouble();
    c.settings.maxTokens = q.value(5).toInt();
    c.settings.contextLength = q.value(6).toInt();
    c.created = fromMs(q.value(7).toLongLong());
    c.updated = fromMs(q.value(8).toLongLong());
    c.settings.webSearch = q.value(9).toInt() != 0;
    return c;
}

const char *const kConversationColumns =
    "id, title, system_prompt, temperature, top_p, max_tokens, context_length, created, updated, web_search";
const char *const kMessageColumns = "id, conversation_id, role, content, reasoning, thinking_seconds, tokens, tokens_per_second, "
                                    "state, error, created, sources, search_note";

Message messageFrom(const QSqlQuery &q)
{
    Message m;
    m.id = q.value(0).toLongLong();
    m.conversationId = q.value(1).toLongLong();
    m.role = roleFrom(q.value(2).toString());
    m.content = q.value(3).toString();
    m.reasoning = q.value(4).toString();
    m.thinkingSeconds = q.value(5).toDouble();
    m.tokens = q.value(6).toInt();
    m.tokensPerSecond = q.value(7).toDouble();
    const int state = q.value(8).toInt();
    m.state = state >= 0 && state <= int(Message::State::Failed) ? Message::State(state) : Message::State::Complete;
    m.error = q.value(9).toString();
    m.created = fromMs(q.value(10).toLongLong());
    m.sources = tools::sourcesFromJson(q.value(11).toString().toUtf8());
    m.searchNote = q.value(12).toString();
    return m;
}

} // namespace

ChatStore::ChatStore()
    : m_connection(u"deskseek-chats-%1"_s.arg(++s_connections))
{
}

ChatStore::~ChatStore()
{
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

QString ChatStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/DeskSeek/chats.sqlite"_s;
}

bool ChatStore::open(const QString &path, QString *error)
{
    const auto fail = [&](const QString &why) {
        if (error)
            *error = tr("Cannot open the chat history %1: %2").arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::contains(m_connection) ? QSqlDatabase::database(m_connection, false)
                                                           : QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    if (!db.isValid())
        return fail(tr("Qt's SQLite driver is missing (install libqt6sql6-sqlite)."));
    db.close();
    db.setDatabaseName(path);
    if (!db.open())
        return fail(db.lastError().text());
    m_path = path;
    QSqlQuery q(db);
    // Write-ahead log: a crash loses nothing that was committed; foreign keys for cascades.
    q.exec(u"PRAGMA journal_mode=WAL"_s);
    q.exec(u"PRAGMA synchronous=NORMAL"_s);
    q.exec(u"PRAGMA foreign_keys=ON"_s);
    QString why;
    if (!migrate(&why)) {
        db.close();
        return fail(why);
    }
    // An answer still streaming now was cut off when the program ended: keep what it had.
    q.prepare(u"UPDATE messages SET state = ? WHERE state = ?"_s);
    q.addBindValue(int(Message::State::Interrupted));
    q.addBindValue(int(Message::State::Streaming));
    q.exec();
    return true;
}

bool ChatStore::isOpen() const
{
    return QSqlDatabase::contains(m_connection) && QSqlDatabase::database(m_connection, false).isOpen();
}

int ChatStore::schemaVersion() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    return q.exec(u"PRAGMA user_version"_s) && q.next() ? q.value(0).toInt() : -1;
}

bool ChatStore::migrate(QString *error)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    const int version = schemaVersion();
    if (version < 0) {
        *error = tr("The file is not an SQLite database.");
        return false;
    }
    if (version > kSchemaVersion) {
        *error = tr("It was written by a newer DeskSeek (schema %1; this one knows %2). Update DeskSeek.")
                     .arg(version)
                     .arg(kSchemaVersion);
        return false;
    }
    for (int v = version; v < kSchemaVersion; ++v) {
        if (!db.transaction()) {
            *error = db.lastError().text();
            return false;
        }
        QSqlQuery q(db);
        const QStringList statements = QString::fromUtf8(kMigrations[v]).split(u';', Qt::SkipEmptyParts);
        for (const QString &statement : statements) {
            if (statement.trimmed().isEmpty())
                continue;
            if (!q.exec(statement)) {
                *error = q.lastError().text();
                db.rollback();
                return false;
            }
        }
        if (!q.exec(u"PRAGMA user_version = %1"_s.arg(v + 1)) || !db.commit()) {
            *error = db.lastError().text();
            db.rollback();
            return false;
        }
    }
    return true;
}

QList<Conversation> ChatStore::conversations(const QString &search) const
{
    QList<Conversation> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    const QString columns = QString::fromLatin1(kConversationColumns);
    if (search.trimmed().isEmpty()) {
        q.prepare(u"SELECT %1 FROM conversations ORDER BY updated DESC, id DESC"_s.arg(columns));
    } else {
        QString pattern = search.trimmed();
        pattern.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
        pattern = u'%' + pattern + u'%';
        q.prepare(u"SELECT %1 FROM conversations c WHERE title LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m "
                  "WHERE m.conversation_id = c.id AND (m.content LIKE ? ESCAPE '\\' OR m.reasoning LIKE ? ESCAPE '\\')) "
                  "ORDER BY updated DESC, id DESC"_s.arg(columns));
        q.addBindValue(pattern);
        q.addBindValue(pattern);
        q.addBindValue(pattern);
    }
    if (q.exec())
        while (q.next())
            result.append(conversationFrom(q));
    return result;
}

std::optional<Conversation> ChatStore::conversation(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT %1 FROM conversations WHERE id = ?"_s.arg(QString::fromLatin1(kConversationColumns)));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return conversationFrom(q);
    return std::nullopt;
}

std::optional<Conversation> ChatStore::createConversation(const QString &title, const ChatSettings &settings)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"INSERT INTO conversations (title, system_prompt, temperature, top_p, max_tokens, context_length, web_search, "
              "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(text(title));
    bindSettings(q, settings);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec()) {
        return std::nullopt;
    }
    return conversation(q.lastInsertId().toLongLong());
}

bool ChatStore::renameConversation(qint64 id, const QString &title)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"UPDATE conversations SET title = ? WHERE id = ?"_s);
    q.addBindValue(text(title.trimmed()));
    q.addBindValue(id);
    return q.exec() && q.numRowsAffected() == 1;
}

bool ChatStore::updateSettings(qint64 id, const ChatSettings &settings)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"UPDATE conversations SET system_prompt = ?, temperature = ?, top_p = ?, max_tokens = ?, context_length = ?, "
              "web_search = ? WHERE id = ?"_s);
    bindSettings(q, settings);
    q.addBindValue(id);
    return q.exec() && q.numRowsAffected() == 1;
}

bool ChatStore::removeConversation(qint64 id)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"DELETE FROM conversations WHERE id = ?"_s);
    q.addBindValue(id);
    return q.exec() && q.numRowsAffected() == 1;
}

QList<Message> ChatStore::messages(qint64 conversationId) const
{
    QList<Message> result;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT %1 FROM messages WHERE conversation_id = ? ORDER BY id"_s.arg(QString::fromLatin1(kMessageColumns)));
    q.addBindValue(conversationId);
    if (q.exec())
        while (q.next())
            result.append(messageFrom(q));
    return result;
}

std::optional<Message> ChatStore::message(qint64 id) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT %1 FROM messages WHERE id = ?"_s.arg(QString::fromLatin1(kMessageColumns)));
    q.addBindValue(id);
    if (q.exec() && q.next())
        return messageFrom(q);
    return std::nullopt;
}

bool ChatStore::touch(qint64 conversationId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"UPDATE conversations SET updated = ? WHERE id = ?"_s);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    q.addBindValue(conversationId);
    return q.exec();
}

bool ChatStore::addMessage(Message &message)
{
    if (!message.created.isValid())
        message.created = QDateTime::currentDateTime();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"INSERT INTO messages (conversation_id, role, content, reasoning, thinking_seconds, tokens, tokens_per_second, "
              "state, error, created, sources, search_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(message.conversationId);
    q.addBindValue(roleName(message.role));
    q.addBindValue(text(message.content));
    q.addBindValue(text(message.reasoning));
    q.addBindValue(message.thinkingSeconds);
    q.addBindValue(message.tokens);
    q.addBindValue(message.tokensPerSecond);
    q.addBindValue(int(message.state));
    q.addBindValue(text(message.error));
    q.addBindValue(message.created.toMSecsSinceEpoch());
    q.addBindValue(sourcesText(message.sources));
    q.addBindValue(text(message.searchNote));
    if (!q.exec())
        return false;
    message.id = q.lastInsertId().toLongLong();
    return touch(message.conversationId);
}

bool ChatStore::updateMessage(const Message &message)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"UPDATE messages SET content = ?, reasoning = ?, thinking_seconds = ?, tokens = ?, tokens_per_second = ?, "
              "state = ?, error = ?, sources = ?, search_note = ? WHERE id = ?"_s);
    q.addBindValue(text(message.content));
    q.addBindValue(text(message.reasoning));
    q.addBindValue(message.thinkingSeconds);
    q.addBindValue(message.tokens);
    q.addBindValue(message.tokensPerSecond);
    q.addBindValue(int(message.state));
    q.addBindValue(text(message.error));
    q.addBindValue(sourcesText(message.sources));
    q.addBindValue(text(message.searchNote));
    q.addBindValue(message.id);
    return q.exec() && q.numRowsAffected() == 1;
}

bool ChatStore::removeMessagesFrom(qint64 id)
{
    const auto first = message(id);
    if (!first)
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"DELETE FROM messages WHERE conversation_id = ? AND id >= ?"_s);
    q.addBindValue(first->conversationId);
    q.addBindValue(id);
    return q.exec() && touch(first->conversationId);
}

QString ChatStore::exportMarkdown(qint64 conversationId) const
{
    const auto chat = conversation(conversationId);
    if (!chat)
        return {};
    QString out = u"# %1\n\n"_s.arg(chat->title);
    if (!chat->settings.systemPrompt.isEmpty())
        out += u"*%1: %2*\n\n"_s.arg(tr("System prompt"), chat->settings.systemPrompt);
    for (const Message &m : messages(conversationId)) {
        out += u"## %1\n\n"_s.arg(m.role == Message::Role::User ? tr("You") : tr("DeepSeek"));
        if (!m.reasoning.trimmed().isEmpty()) {
            out += u"> **%1**\n>\n"_s.arg(tr("Thought for %n s", nullptr, int(m.thinkingSeconds + 0.5)));
            for (const QString &line : m.reasoning.trimmed().split(u'\n'))
                out += line.isEmpty() ? u">\n"_s : u"> "_s + line + u'\n';
            out += u'\n';
        }
        QString content = m.content.trimmed();
        // [citation:X] as a link to source X; the sources listed under the answer.
        content = tools::replaceCitations(content, m.sources, [](const tools::WebSource &source) {
            return u"[[%1]](%2)"_s.arg(source.index).arg(source.url.toString(QUrl::FullyEncoded));
        });
        out += content + u"\n\n"_s;
        if (!m.searchNote.isEmpty())
            out += u"*%1*\n\n"_s.arg(m.searchNote);
        if (!m.sources.isEmpty()) {
            out += u"**%1**\n\n"_s.arg(tr("Sources"));
            for (const tools::WebSource &source : m.sources) {
                const QString title = source.title.isEmpty() ? source.url.toString() : source.title;
                out += u"%1. [%2](%3)"_s.arg(source.index).arg(title, source.url.toString(QUrl::FullyEncoded));
                if (!source.siteName.isEmpty())
                    out += u" — "_s + source.siteName;
                out += u'\n';
            }
            out += u'\n';
        }
    }
    return out;
}

} // namespace deskseek::chat
