// The chat's core: reasoning split from the answer as it streams, the SQLite history (schema
// version, migrations, search, export, an answer cut off by a crash), and ChatSession driving a
// scripted generator on the engine's thread (stream, stop, regenerate, edit and resend).

#include "fixtures/fakeweb.h"
#include "fixtures/scriptedgenerator.h"

#include "chat/chatengine.h"
#include "chat/chatsession.h"
#include "chat/chatstore.h"
#include "chat/thinkparser.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek;
using chat::Message;

namespace {
Message makeMessage(qint64 conversation, Message::Role role, const QString &content, const QString &reasoning = {})
{
    Message m;
    m.conversationId = conversation;
    m.role = role;
    m.content = content;
    m.reasoning = reasoning;
    return m;
}
} // namespace

class TestChat : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_databases = 0;

    QString newDatabase() { return m_dir.filePath(u"chats-%1.sqlite"_s.arg(++m_databases)); }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void thinkParserSplitsAcrossPieces_data()
    {
        QTest::addColumn<QStringList>("pieces");
        QTest::addColumn<bool>("opens");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QString>("answer");
        QTest::newRow("R1, tag split") << QStringList{u"Let me "_s, u"think.\n</th"_s, u"ink>\n\nThe answer"_s, u" is 4."_s} << true
                                       << u"Let me think.\n"_s << u"The answer is 4."_s;
        QTest::newRow("tag letter by letter") << QStringList{u"a"_s, u"<"_s, u"/"_s, u"t"_s, u"h"_s, u"i"_s, u"n"_s, u"k"_s, u">"_s, u"b"_s} << true
                                              << u"a"_s << u"b"_s;
        QTest::newRow("own <think> tag") << QStringList{u"\n<thi"_s, u"nk>hmm</think>ok"_s} << false << u"hmm"_s << u"ok"_s;
        QTest::newRow("no reasoning") << QStringList{u"Just "_s, u"an answer <b>"_s} << false << QString() << u"Just an answer <b>"_s;
        QTest::newRow("a lone <") << QStringList{u"<"_s, u"3 is less"_s} << false << QString() << u"<3 is less"_s;
        QTest::newRow("never closed") << QStringList{u"still </thi"_s} << true << u"still </thi"_s << QString();
        QTest::newRow("Chinese") << QStringList{u"嗯，"_s, u"想想</think>"_s, u"\n答案是四。"_s} << true << u"嗯，想想"_s << u"答案是四。"_s;
    }

    void thinkParserSplitsAcrossPieces()
    {
        QFETCH(QStringList, pieces);
        QFETCH(bool, opens);
        QFETCH(QString, reasoning);
        QFETCH(QString, answer);
        chat::ThinkParser parser(opens);
        QString gotReasoning, gotAnswer;
        for (const QString &piece : pieces) {
            const auto split = parser.feed(piece);
            QVERIFY2(!split.reasoning.contains(u"</"_s) || reasoning.contains(u"</"_s), qPrintable(split.reasoning));
            gotReasoning += split.reasoning;
            gotAnswer += split.answer;
        }
        const auto rest = parser.finish();
        gotReasoning += rest.reasoning;
        gotAnswer += rest.answer;
        QCOMPARE(gotReasoning, reasoning);
        QCOMPARE(gotAnswer, answer);
        const auto whole = chat::ThinkParser::split(pieces.join(QString()), opens);
        QCOMPARE(whole.reasoning, reasoning);
        QCOMPARE(whole.answer, answer);
    }

    void storeKeepsConversations()
    {
        const QString path = newDatabase();
        {
            chat::ChatStore store;
            QString error;
            QVERIFY2(store.open(path, &error), qPrintable(error));
            QCOMPARE(store.schemaVersion(), chat::ChatStore::kSchemaVersion);
            chat::ChatSettings settings;
            settings.systemPrompt = u"Be brief."_s;
            settings.temperature = 0.3;
            const auto first = store.createConversation(u"Rust lifetimes"_s, settings);
            QVERIFY(first);
            QTest::qWait(5); // a later "updated" time
            const auto second = store.createConversation(u"周末计划"_s);
            QVERIFY(second);
            Message question = makeMessage(first->id, Message::Role::User, u"What is 'a? 100% sure_ok"_s);
            QVERIFY(store.addMessage(question));
            Message answer = makeMessage(first->id, Message::Role::Assistant, u"A lifetime."_s, u"Hmm, borrowck."_s);
            answer.thinkingSeconds = 2.5;
            answer.tokens = 42;
            answer.tokensPerSecond = 17.5;
            QVERIFY(store.addMessage(answer));
            Message chinese = makeMessage(second->id, Message::Role::User, u"去爬山还是看电影？"_s);
            QVERIFY(store.addMessage(chinese));
            QVERIFY(store.renameConversation(second->id, u"周末"_s));
            // Newest activity first; search by title, by text, by reasoning, with LIKE's wildcards taken literally.
            QCOMPARE(store.conversations().size(), 2);
            QCOMPARE(store.conversations().first().title, u"周末"_s);
            QCOMPARE(store.conversations(u"爬山"_s).size(), 1);
            QCOMPARE(store.conversations(u"RUST"_s).first().id, first->id);
            QCOMPARE(store.conversations(u"borrowck"_s).size(), 1);
            QCOMPARE(store.conversations(u"100%"_s).size(), 1);
            QCOMPARE(store.conversations(u"0% s"_s).size(), 1);
            QCOMPARE(store.conversations(u"%"_s).size(), 1); // only the one that has a '%'
            QCOMPARE(store.conversations(u"e_o"_s).size(), 1); // "sure_ok", not "e?o"
            QCOMPARE(store.conversations(u"nothing like this"_s).size(), 0);
            const QString markdown = store.exportMarkdown(first->id);
            QVERIFY2(markdown.startsWith(u"# Rust lifetimes\n"_s), qPrintable(markdown));
            QVERIFY(markdown.contains(u"*System prompt: Be brief.*"_s));
            QVERIFY(markdown.contains(u"## You\n\nWhat is 'a? 100% sure_ok\n"_s));
            QVERIFY(markdown.contains(u"> **Thought for 3 s**\n>\n> Hmm, borrowck.\n"_s));
            QVERIFY(markdown.contains(u"## DeepSeek\n"_s));
        }
        // Reopened: everything is there, in order, with its numbers.
        chat::ChatStore store;
        QVERIFY(store.open(path));
        const auto chats = store.conversations(u"Rust"_s);
        QCOMPARE(chats.size(), 1);
        QCOMPARE(chats.first().settings.systemPrompt, u"Be brief."_s);
        QCOMPARE(chats.first().settings.temperature, 0.3);
        QCOMPARE(chats.first().settings.maxTokens, 4096);
        const auto messages = store.messages(chats.first().id);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0].role, Message::Role::User);
        QCOMPARE(messages[1].reasoning, u"Hmm, borrowck."_s);
        QCOMPARE(messages[1].thinkingSeconds, 2.5);
        QCOMPARE(messages[1].tokens, 42);
        QCOMPARE(messages[1].tokensPerSecond, 17.5);
        // Removing from a message on (regenerate): that one and the rest go.
        QVERIFY(store.removeMessagesFrom(messages[1].id));
        QCOMPARE(store.messages(chats.first().id).size(), 1);
        // Deleting a conversation deletes its messages too.
        QVERIFY(store.removeConversation(chats.first().id));
        QCOMPARE(store.conversations().size(), 1);
        QVERIFY(!store.message(messages[0].id));
    }

    // An answer that was streaming when the process died is found Interrupted, with its text.
    void storeMarksInterruptedAnswers()
    {
        const QString path = newDatabase();
        qint64 id = 0;
        {
            chat::ChatStore store;
            QVERIFY(store.open(path));
            const auto chat = store.createConversation(u"x"_s);
            Message answer = makeMessage(chat->id, Message::Role::Assistant, u"half an ans"_s);
            answer.state = Message::State::Streaming;
            QVERIFY(store.addMessage(answer));
            id = answer.id;
        }
        chat::ChatStore store;
        QVERIFY(store.open(path));
        QCOMPARE(store.message(id)->state, Message::State::Interrupted);
        QCOMPARE(store.message(id)->content, u"half an ans"_s);
    }

    // Version 0 (an empty file) is migrated; a database from a newer version is refused with a
    // message that says what to do; a file that is not a database is refused.
    void storeSchemaVersions()
    {
        const QString future = newDatabase();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
            db.setDatabaseName(future);
            QVERIFY(db.open());
            QSqlQuery(db).exec(u"PRAGMA user_version = 99"_s);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"raw"_s);
        chat::ChatStore newer;
        QString error;
        QVERIFY(!newer.open(future, &error));
        QVERIFY2(error.contains(u"newer DeskSeek"_s) && error.contains(u"99"_s), qPrintable(error));

        const QString garbage = newDatabase();
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        chat::ChatStore broken;
        QVERIFY(!broken.open(garbage, &error));
        QVERIFY2(error.contains(u"Cannot open the chat history"_s), qPrintable(error));
    }

    // The session on a scripted model: the answer streams in pieces, reasoning apart, is saved
    // as it grows, and gets its numbers at the end.
    void sessionStreamsAndSaves()
    {
        auto generator = std::make_unique<tests::ScriptedGenerator>();
        tests::ScriptedGenerator &script = *generator;
        script.pieces = {u"Two "_s, u"plus two.\n"_s, u"</think>"_s, u"\n\n**4**"_s, u", of course."_s};
        chat::ChatEngine engine(std::move(generator));
        chat::ChatStore store;
        QVERIFY(store.open(newDatabase()));
        chat::ChatSession session(store, engine);
        QSignalSpy busy(&session, &chat::ChatSession::busyChanged);
        QSignalSpy errors(&session, &chat::ChatSession::errorOccurred);

        QVERIFY(!session.send(u"2+2?"_s)); // no model yet
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.first().first().toString().contains(u"No model is loaded"_s));

        QSignalSpy loaded(&engine, &chat::ChatEngine::loadFinished);
        engine.load(u"/models/R1-Tiny-Q4_0.gguf"_s, 4096);
        QCOMPARE(engine.state(), chat::ChatEngine::State::Loading);
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(loaded.first().first().toBool(), true);
        QCOMPARE(engine.modelName(), u"R1-Tiny-Q4_0"_s);
        QVERIFY(engine.opensReasoning());

        QSignalSpy changed(&session, &chat::ChatSession::messageChanged);
        QVERIFY(session.send(u"2+2?\nShow your work."_s));
        QVERIFY(session.busy());
        QTRY_COMPARE(busy.size(), 2); // on, then off
        QCOMPARE(session.messages().size(), 2);
        const Message answer = session.messages().last();
        QCOMPARE(answer.reasoning, u"Two plus two.\n"_s);
        QCOMPARE(answer.content, u"**4**, of course."_s);
        QCOMPARE(answer.state, Message::State::Complete);
        QCOMPARE(answer.tokens, 5);
        QVERIFY(answer.thinkingSeconds > 0.0 && answer.thinkingSeconds < 5.0);
        QVERIFY2(changed.size() >= 5, qPrintable(QString::number(changed.size()))); // piece by piece
        // Stored as shown, with a title from the first line of the question.
        const auto stored = store.messages(session.conversationId());
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.last().content, answer.content);
        QCOMPARE(stored.last().reasoning, answer.reasoning);
        QCOMPARE(store.conversation(session.conversationId())->title, u"2+2?"_s);
        // The model saw the conversation.
        QCOMPARE(script.requests().last().turns.size(), 1);
        QCOMPARE(script.requests().last().turns.first().text, u"2+2?\nShow your work."_s);
        QCOMPARE(script.requests().last().settings.temperature, 0.6);

        // A follow-up carries the history: the answer without its reasoning.
        QVERIFY(session.send(u"And 3+3?"_s));
        QTRY_VERIFY(!session.busy());
        const auto turns = script.requests().last().turns;
        QCOMPARE(turns.size(), 3);
        QCOMPARE(turns[1].role, Message::Role::Assistant);
        QCOMPARE(turns[1].text, u"**4**, of course."_s);
    }

    // Stop takes effect before the next piece; regenerate replaces the last answer; edit and
    // resend replaces the question and drops what came after it.
    void sessionStopRegenerateEdit()
    {
        auto generator = std::make_unique<tests::ScriptedGenerator>();
        tests::ScriptedGenerator &script = *generator;
        for (int i = 0; i < 200; ++i)
            script.pieces << u"tok%1 "_s.arg(i);
        script.pieceMs = 20;
        script.reasoningPrompt = false;
        chat::ChatEngine engine(std::move(generator));
        chat::ChatStore store;
        QVERIFY(store.open(newDatabase()));
        chat::ChatSession session(store, engine);
        engine.load(u"m.gguf"_s, 4096);
        QTRY_COMPARE(engine.state(), chat::ChatEngine::State::Ready);

        QSignalSpy changed(&session, &chat::ChatSession::messageChanged);
        QVERIFY(session.send(u"Count"_s));
        QTRY_VERIFY(changed.size() >= 5);
        const int seen = int(changed.size());
        session.stop();
        QTRY_VERIFY(!session.busy());
        // Pieces already on their way when Stop was pressed, and at most one more.
        QVERIFY2(script.piecesSent <= seen + 2, qPrintable(u"%1 sent, %2 seen"_s.arg(script.piecesSent.load()).arg(seen)));
        Message stopped = session.messages().last();
        QCOMPARE(stopped.state, Message::State::Stopped);
        QCOMPARE(stopped.tokens, script.piecesSent.load());
        QCOMPARE(store.message(stopped.id)->state, Message::State::Stopped);
        QVERIFY(stopped.content.startsWith(u"tok0 tok1 tok2 "_s));

        // Regenerate: the stopped answer goes, a new one takes its place.
        script.pieces = {u"Again."_s};
        QVERIFY(session.regenerate());
        QTRY_VERIFY(!session.busy());
        QCOMPARE(session.messages().size(), 2);
        QCOMPARE(session.messages().last().content, u"Again."_s);
        QVERIFY(!store.message(stopped.id)); // gone from the history too
        QCOMPARE(script.requests().last().turns.size(), 1);

        // Edit the question: the old answer goes, the new question is answered.
        script.pieces = {u"Edited answer."_s};
        const qint64 question = session.messages().first().id;
        QVERIFY(session.editAndResend(question, u"Count to three"_s));
        QTRY_VERIFY(!session.busy());
        QCOMPARE(session.messages().size(), 2);
        QCOMPARE(session.messages().first().content, u"Count to three"_s);
        QCOMPARE(session.messages().last().content, u"Edited answer."_s);
        QCOMPARE(store.messages(session.conversationId()).size(), 2);
        QCOMPARE(script.requests().last().turns.last().text, u"Count to three"_s);
        QVERIFY(!session.editAndResend(session.messages().last().id, u"not a question"_s)); // only the user's
    }

    // A chat from before web search (schema 1) opens migrated, with everything it had.
    void storeMigratesFromSchema1()
    {
        const QString path = newDatabase();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"v1"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"CREATE TABLE conversations (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, system_prompt TEXT "
                           "NOT NULL DEFAULT '', temperature REAL NOT NULL DEFAULT 0.6, top_p REAL NOT NULL DEFAULT 0.95, max_tokens "
                           "INTEGER NOT NULL DEFAULT 4096, context_length INTEGER NOT NULL DEFAULT 8192, created INTEGER NOT NULL, "
                           "updated INTEGER NOT NULL)"_s));
            QVERIFY(q.exec(u"CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, conversation_id INTEGER NOT NULL "
                           "REFERENCES conversations(id) ON DELETE CASCADE, role TEXT NOT NULL, content TEXT NOT NULL DEFAULT '', "
                           "reasoning TEXT NOT NULL DEFAULT '', thinking_seconds REAL NOT NULL DEFAULT 0, tokens INTEGER NOT NULL "
                           "DEFAULT 0, tokens_per_second REAL NOT NULL DEFAULT 0, state INTEGER NOT NULL DEFAULT 0, error TEXT NOT "
                           "NULL DEFAULT '', created INTEGER NOT NULL)"_s));
            QVERIFY(q.exec(u"INSERT INTO conversations (title, created, updated) VALUES ('Old chat', 1, 2)"_s));
            QVERIFY(q.exec(u"INSERT INTO messages (conversation_id, role, content, created) VALUES (1, 'assistant', 'Old answer', 3)"_s));
            QVERIFY(q.exec(u"PRAGMA user_version = 1"_s));
            db.close();
        }
        QSqlDatabase::removeDatabase(u"v1"_s);
        chat::ChatStore store;
        QString error;
        QVERIFY2(store.open(path, &error), qPrintable(error));
        QCOMPARE(store.schemaVersion(), 2);
        QCOMPARE(store.conversations().size(), 1);
        QCOMPARE(store.conversations().first().title, u"Old chat"_s);
        QCOMPARE(store.conversations().first().settings.webSearch, false);
        const auto messages = store.messages(1);
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.first().content, u"Old answer"_s);
        QVERIFY(messages.first().sources.isEmpty());
        // The new columns are written and read back.
        Message answer = messages.first();
        answer.sources = {{1, u"T"_s, QUrl(u"https://t.example/"_s), u"S"_s, {}, u"snip"_s, u"text"_s, {}}};
        answer.searchNote = u"Searched with Bing."_s;
        QVERIFY(store.updateMessage(answer));
        QCOMPARE(store.message(answer.id)->sources, answer.sources);
        QCOMPARE(store.message(answer.id)->searchNote, answer.searchNote);
        chat::ChatSettings settings;
        settings.webSearch = true;
        QVERIFY(store.updateSettings(1, settings));
        QCOMPARE(store.conversation(1)->settings.webSearch, true);
    }

    // Web search in the chat: the steps show in the answer, the model gets DeepSeek-R1's search
    // prompt with the pages' text, the sources are saved with the answer and exported, Regenerate
    // reuses them, Edit and resend searches again, Esc cancels the search, and with no provider
    // the answer is written without search and says so.
    void sessionSearch()
    {
        tests::FakeWeb web;
        const QList<tests::FakeWeb::Page> pages{{u"Cooling network"_s, u"/cooling"_s, u"news_cooling.html"_s},
                                                {u"Night trains"_s, u"/trains"_s, u"news_trains.html"_s}};
        web.serveSearch(pages);
        auto generator = std::make_unique<tests::ScriptedGenerator>();
        tests::ScriptedGenerator &script = *generator;
        script.reasoningPrompt = false;
        chat::ChatEngine engine(std::move(generator));
        chat::ChatStore store;
        QVERIFY(store.open(newDatabase()));
        chat::ChatSession session(store, engine);
        tools::WebSearchConfig config;
        config.providers = {u"searxng"_s};
        config.endpoints.insert(u"searxng"_s, web.url(QString()));
        session.setSearchConfig([&config] { return config; });
        engine.load(u"m.gguf"_s, 8192);
        QTRY_COMPARE(engine.state(), chat::ChatEngine::State::Ready);
        chat::ChatSettings settings;
        settings.webSearch = true;
        session.startNew(settings);

        QStringList steps;
        connect(&session, &chat::ChatSession::messageChanged, this, [&steps](const Message &m) {
            if (!m.searchStatus.isEmpty() && (steps.isEmpty() || steps.last() != m.searchStatus))
                steps << m.searchStatus;
        });
        script.pieces = {u"The council approved a cooling network"_s, u" [citation:1]."_s};
        const QString question = u"What did the council approve?"_s;
        QVERIFY(session.send(question));
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 15000);
        QVERIFY2(steps == (QStringList{u"Searching with SearXNG…"_s, u"Reading 2 page(s)…"_s}), qPrintable(steps.join(u" / "_s) + u" :: "_s + session.messages().last().searchNote));
        Message answer = session.messages().last();
        QCOMPARE(answer.state, Message::State::Complete);
        QCOMPARE(answer.sources.size(), 2);
        QCOMPARE(answer.sources.first().title, u"Cooling network"_s);
        QVERIFY(answer.sources.first().text.contains(u"harbour quarter"_s));
        QCOMPARE(answer.searchNote, u"Searched with SearXNG."_s);
        QVERIFY(answer.searchStatus.isEmpty());
        const QString prompt = script.requests().last().turns.last().text;
        QVERIFY2(prompt.startsWith(u"# The following contents are the search results related to the user's message:\n[webpage 1 begin]\n"
                                   "Title: Cooling network\n"_s),
                 qPrintable(prompt.left(300)));
        QVERIFY(prompt.contains(u"[webpage 2 begin]"_s) && prompt.contains(u"ending a gap of eleven years"_s));
        QVERIFY(prompt.contains(u"- Today is "_s + QLocale(QLocale::English).toString(QDate::currentDate(), u"dddd, MMMM d, yyyy"_s)));
        QVERIFY(prompt.endsWith(u"# The user's message is:\n"_s + question));
        QCOMPARE(web.hits(u"/search"_s), 1);
        // Saved with the answer, and in the export with the citation linked.
        QCOMPARE(store.message(answer.id)->sources, answer.sources);
        const QString markdown = store.exportMarkdown(session.conversationId());
        QVERIFY2(markdown.contains(u"a cooling network [[1]](%1)."_s.arg(web.url(u"/cooling"_s).toString())), qPrintable(markdown));
        QVERIFY(markdown.contains(u"**Sources**\n\n1. [Cooling network](%1)"_s.arg(web.url(u"/cooling"_s).toString())));
        QVERIFY(markdown.contains(u"*Searched with SearXNG.*"_s));

        // Regenerate: the same sources, no new search.
        script.pieces = {u"Again [citation:2]."_s};
        QVERIFY(session.regenerate());
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 15000);
        QCOMPARE(web.hits(u"/search"_s), 1);
        QCOMPARE(session.messages().last().sources, answer.sources);
        QCOMPARE(session.messages().last().searchNote, u"Searched with SearXNG."_s);
        QCOMPARE(script.requests().last().turns.last().text, prompt);
        // Edit and resend: a new search.
        script.pieces = {u"Edited."_s};
        QVERIFY(session.editAndResend(session.messages().first().id, u"Which trains return?"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 15000);
        QCOMPARE(web.hits(u"/search"_s), 2);
        QVERIFY(web.lastQuery(u"/search"_s).contains("q=Which trains return?"));
        QVERIFY(script.requests().last().turns.last().text.endsWith(u"Which trains return?"_s));

        // Esc while searching: the search ends at once, no answer is generated.
        web.serveSearch(pages, 3000);
        const int generations = script.generations;
        steps.clear();
        QVERIFY(session.send(u"Something slow"_s));
        QTRY_VERIFY(!steps.isEmpty());
        QElapsedTimer clock;
        clock.start();
        session.stop();
        QTRY_VERIFY(!session.busy());
        QVERIFY(clock.elapsed() < 1000);
        QCOMPARE(session.messages().last().state, Message::State::Stopped);
        QCOMPARE(session.messages().last().searchNote, u"The search was cancelled."_s);
        QCOMPARE(script.generations.load(), generations);

        // No provider answers: the answer comes without search, and says so.
        config.endpoints.insert(u"searxng"_s, web.resetUrl());
        script.pieces = {u"From memory."_s};
        QVERIFY(session.send(u"Offline question"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 15000);
        const Message offline = session.messages().last();
        QCOMPARE(offline.content, u"From memory."_s);
        QVERIFY(offline.sources.isEmpty());
        QVERIFY2(offline.searchNote.startsWith(u"No search provider answered: SearXNG: Cannot reach"_s)
                     && offline.searchNote.endsWith(u"The answer is written without search."_s),
                 qPrintable(offline.searchNote));
        QCOMPARE(script.requests().last().turns.last().text, u"Offline question"_s);
        QCOMPARE(store.conversation(session.conversationId())->settings.webSearch, true);
    }

    // Per-chat settings reach the model and are kept with the conversation.
    void sessionSettings()
    {
        auto generator = std::make_unique<tests::ScriptedGenerator>();
        tests::ScriptedGenerator &script = *generator;
        script.pieces = {u"ok"_s};
        chat::ChatEngine engine(std::move(generator));
        chat::ChatStore store;
        QVERIFY(store.open(newDatabase()));
        chat::ChatSession session(store, engine);
        engine.load(u"m.gguf"_s, 4096);
        QTRY_COMPARE(engine.state(), chat::ChatEngine::State::Ready);
        chat::ChatSettings settings;
        settings.systemPrompt = u"Answer in French."_s;
        settings.temperature = 0.0;
        settings.topP = 0.5;
        settings.maxTokens = 64;
        settings.contextLength = 2048;
        session.startNew(settings);
        QVERIFY(session.send(u"Hi"_s));
        QTRY_VERIFY(!session.busy());
        const auto request = script.requests().last();
        QCOMPARE(request.settings.systemPrompt, u"Answer in French."_s);
        QCOMPARE(request.settings.temperature, 0.0);
        QCOMPARE(request.settings.maxTokens, 64);
        QCOMPARE(store.conversation(session.conversationId())->settings.contextLength, 2048);
        settings.temperature = 1.2;
        session.setSettings(settings);
        QCOMPARE(store.conversation(session.conversationId())->settings.temperature, 1.2);
    }
};

QTEST_GUILESS_MAIN(TestChat)
#include "tst_chat.moc"
