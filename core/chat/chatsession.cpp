#include "chat/chatsession.h"

#include "chat/chatengine.h"
#include "chat/chatstore.h"
#include "tools/searchprompt.h"

using namespace Qt::StringLiterals;

namespace deskseek::chat {

namespace {
constexpr int kSaveEveryMs = 250;

QString titleFor(const QString &text)
{
    QString line = text.trimmed().section(u'\n', 0, 0).simplified();
    if (line.size() > 48)
        line = line.left(47) + u'…';
    return line;
}
} // namespace

ChatSession::ChatSession(ChatStore &store, ChatEngine &engine, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_engine(engine)
{
    m_saveTimer.setInterval(kSaveEveryMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &ChatSession::save);
    connect(&m_engine, &ChatEngine::textArrived, this, &ChatSession::onText);
    connect(&m_engine, &ChatEngine::generationFinished, this, &ChatSession::onFinished);
    connect(&m_search, &ChatSearch::step, this, &ChatSession::onSearchStep);
    connect(&m_search, &ChatSearch::finished, this, &ChatSession::onSearchFinished);
}

void ChatSession::open(qint64 conversationId)
{
    m_conversation = conversationId > 0 ? m_store.conversation(conversationId) : std::nullopt;
    m_messages = m_conversation ? m_store.messages(m_conversation->id) : QList<Message>();
    if (m_answer) // an answer still being written here shows as it is now
        for (Message &m : m_messages)
            if (m.id == m_answer->id)
                m = *m_answer;
    Q_EMIT messagesReset();
}

void ChatSession::startNew(const ChatSettings &settings)
{
    m_conversation.reset();
    m_pendingSettings = settings;
    m_messages.clear();
    Q_EMIT messagesReset();
}

void ChatSession::setSettings(const ChatSettings &settings)
{
    if (m_conversation) {
        m_store.updateSettings(m_conversation->id, settings);
        m_conversation->settings = settings;
    } else {
        m_pendingSettings = settings;
    }
}

ChatSettings ChatSession::settings() const
{
    return m_conversation ? m_conversation->settings : m_pendingSettings;
}

bool ChatSession::send(const QString &text)
{
    if (text.trimmed().isEmpty())
        return false;
    if (busy()) {
        Q_EMIT errorOccurred(tr("An answer is still being written. Stop it first (Esc)."));
        return false;
    }
    if (m_engine.state() != ChatEngine::State::Ready) {
        Q_EMIT errorOccurred(m_engine.state() == ChatEngine::State::Loading
                                 ? tr("The model is still loading. Send again when it is ready.")
                                 : tr("No model is loaded. Choose one at the top of the chat."));
        return false;
    }
    if (!m_conversation) {
        m_conversation = m_store.createConversation(titleFor(text), m_pendingSettings);
        if (!m_conversation) {
            Q_EMIT errorOccurred(tr("The chat cannot be saved (%1).").arg(m_store.path()));
            return false;
        }
    }
    Message question;
    question.conversationId = m_conversation->id;
    question.role = Message::Role::User;
    question.content = text;
    if (!m_store.addMessage(question)) {
        Q_EMIT errorOccurred(tr("The message cannot be saved (%1).").arg(m_store.path()));
        return false;
    }
    m_messages.append(question);
    Q_EMIT messageAdded(question);
    return answer();
}

bool ChatSession::answer(const Message *previous)
{
    Message reply;
    reply.conversationId = m_conversation->id;
    reply.role = Message::Role::Assistant;
    reply.state = Message::State::Streaming;
    if (previous && !previous->sources.isEmpty()) { // regenerated from the same sources
        reply.sources = previous->sources;
        reply.searchNote = previous->searchNote;
    }
    const bool search = reply.sources.isEmpty() && m_conversation->settings.webSearch;
    if (search)
        reply.searchStatus = tr("Searching the web…");
    if (!m_store.addMessage(reply))
        return false;
    m_messages.append(reply);
    m_answer = reply;
    m_parser = ThinkParser(m_engine.opensReasoning());
    m_reasoningTimed = false;
    Q_EMIT messageAdded(reply);
    Q_EMIT conversationsChanged();
    Q_EMIT busyChanged(true);
    if (search) {
        const QString question = m_messages.at(m_messages.size() - 2).content.simplified().left(256);
        m_search.start(m_searchConfig ? m_searchConfig() : tools::WebSearchConfig{}, question);
        return true;
    }
    generateAnswer();
    return true;
}

void ChatSession::onSearchStep(const QString &text)
{
    if (!m_answer || !m_search.running())
        return;
    m_answer->searchStatus = text;
    publish();
}

void ChatSession::onSearchFinished(const tools::WebSearchReport &report)
{
    if (!m_answer)
        return;
    m_answer->searchStatus.clear();
    if (report.cancelled) {
        m_answer->searchNote = report.outcome.explanation();
        GenerateOutcome stopped;
        stopped.finish = GenerateOutcome::Finish::Stopped;
        onFinished(stopped);
        return;
    }
    m_answer->sources = report.sources;
    m_answer->searchNote = report.outcome.explanation();
    if (!report.outcome.found())
        m_answer->searchNote += u' ' + tr("The answer is written without search.");
    m_dirty = true;
    save();
    publish();
    generateAnswer();
}

void ChatSession::generateAnswer()
{
    GenerateRequest request;
    request.settings = m_conversation->settings;
    for (const Message &m : std::as_const(m_messages))
        if (m.id != m_answer->id && (m.state != Message::State::Failed || m.role == Message::Role::User))
            request.turns.append({m.role, m.content});
    if (!m_answer->sources.isEmpty() && !request.turns.isEmpty()) {
        // DeepSeek-R1's search prompt in place of the question, its sources cut to what the
        // context leaves after the conversation and the answer's room.
        using tools::SearchPrompt;
        const ChatSettings &settings = request.settings;
        int others = SearchPrompt::estimateTokens(settings.systemPrompt);
        for (qsizetype i = 0; i + 1 < request.turns.size(); ++i)
            others += SearchPrompt::estimateTokens(request.turns.at(i).text) + 8;
        const QString question = request.turns.last().text;
        const int budget = SearchPrompt::sourceBudget(settings.contextLength, others, settings.maxTokens, question,
                                                      SearchPrompt::estimateTokens);
        const auto built = SearchPrompt::build(question, m_answer->sources, QDate::currentDate(), budget, SearchPrompt::estimateTokens);
        request.turns.last().text = built.text;
        if (built.shortenedSources + built.droppedSources > 0) {
            QString note = tr("%n source(s) shortened to fit the context.", nullptr, built.shortenedSources + built.droppedSources);
            if (!m_answer->searchNote.contains(note))
                m_answer->searchNote += (m_answer->searchNote.isEmpty() ? QString() : u" "_s) + note;
            m_dirty = true;
        }
    }
    m_clock.start();
    if (!m_engine.generate(request)) {
        GenerateOutcome failed;
        failed.finish = GenerateOutcome::Finish::Failed;
        failed.error = tr("The model is not ready.");
        onFinished(failed);
        return;
    }
    m_saveTimer.start();
    publish();
}

void ChatSession::publish()
{
    for (Message &m : m_messages)
        if (m.id == m_answer->id)
            m = *m_answer;
    Q_EMIT messageChanged(*m_answer);
}

void ChatSession::onText(const QString &text)
{
    if (!m_answer)
        return;
    const ThinkParser::Split split = m_parser.feed(text);
    m_answer->reasoning += split.reasoning;
    m_answer->content += split.answer;
    if (!m_reasoningTimed && !m_answer->reasoning.isEmpty()) {
        m_answer->thinkingSeconds = m_clock.elapsed() / 1000.0;
        m_reasoningTimed = !m_parser.inReasoning();
    }
    m_dirty = true;
    publish();
}

void ChatSession::onFinished(const GenerateOutcome &outcome)
{
    if (!m_answer)
        return;
    const ThinkParser::Split rest = m_parser.finish();
    m_answer->reasoning += rest.reasoning;
    m_answer->content += rest.answer;
    if (!m_reasoningTimed && !m_answer->reasoning.isEmpty())
        m_answer->thinkingSeconds = m_clock.elapsed() / 1000.0;
    m_answer->tokens = outcome.tokens;
    m_answer->tokensPerSecond = outcome.tokensPerSecond;
    switch (outcome.finish) {
    case GenerateOutcome::Finish::Stopped:
        m_answer->state = Message::State::Stopped;
        break;
    case GenerateOutcome::Finish::Failed:
        m_answer->state = Message::State::Failed;
        m_answer->error = outcome.error;
        break;
    case GenerateOutcome::Finish::ContextFull:
        m_answer->state = Message::State::Complete;
        m_answer->error = tr("The context is full; start a new chat or raise the context length.");
        break;
    case GenerateOutcome::Finish::MaxTokens:
        m_answer->state = Message::State::Complete;
        m_answer->error = tr("The answer reached the token limit of this chat.");
        break;
    case GenerateOutcome::Finish::Done:
        m_answer->state = Message::State::Complete;
        break;
    }
    m_dirty = true;
    save();
    m_saveTimer.stop();
    publish();
    m_answer.reset();
    Q_EMIT busyChanged(false);
    if (outcome.finish == GenerateOutcome::Finish::Failed)
        Q_EMIT errorOccurred(outcome.error);
}

void ChatSession::save()
{
    if (!m_answer || !m_dirty)
        return;
    m_dirty = false;
    m_store.updateMessage(*m_answer);
}

void ChatSession::stop()
{
    if (!busy())
        return;
    if (m_search.running())
        m_search.cancel();
    else
        m_engine.stop();
}

bool ChatSession::regenerate()
{
    if (busy() || !m_conversation || m_messages.isEmpty())
        return false;
    std::optional<Message> previous; // its sources serve the new answer
    if (m_messages.last().role == Message::Role::Assistant) {
        previous = m_messages.last();
        m_store.removeMessagesFrom(m_messages.last().id);
        m_messages.removeLast();
        Q_EMIT messagesReset();
    }
    if (m_messages.isEmpty() || m_messages.last().role != Message::Role::User)
        return false;
    if (m_engine.state() != ChatEngine::State::Ready) {
        Q_EMIT errorOccurred(tr("No model is loaded. Choose one at the top of the chat."));
        return false;
    }
    return answer(previous ? &*previous : nullptr);
}

bool ChatSession::editAndResend(qint64 id, const QString &text)
{
    if (busy() || !m_conversation || text.trimmed().isEmpty())
        return false;
    qsizetype index = -1;
    for (qsizetype i = 0; i < m_messages.size(); ++i)
        if (m_messages[i].id == id && m_messages[i].role == Message::Role::User)
            index = i;
    if (index < 0)
        return false;
    if (m_engine.state() != ChatEngine::State::Ready) {
        Q_EMIT errorOccurred(tr("No model is loaded. Choose one at the top of the chat."));
        return false;
    }
    m_store.removeMessagesFrom(id);
    m_messages.resize(index);
    Q_EMIT messagesReset();
    return send(text);
}

} // namespace deskseek::chat
