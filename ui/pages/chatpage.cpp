#include "pages/chatpage.h"

#include "chat/chatengine.h"
#include "chat/chatinput.h"
#include "chat/chatsession.h"
#include "chat/chatsettingsdialog.h"
#include "chat/chatstore.h"
#include "chat/conversationlist.h"
#include "chat/messageview.h"
#include "chat/modelbar.h"
#include "settings/appsettings.h"
#include "widgets/emptystate.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

using chat::ChatEngine;

ChatPage::ChatPage(settings::AppSettings &settings, const ChatServices &services, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_store(services.store)
    , m_engine(services.engine)
    , m_session(services.session)
    , m_splitter(new QSplitter(this))
    , m_list(new ConversationList(services.store, m_splitter))
    , m_modelBar(new ModelBar(settings, services.engine, this))
    , m_settingsButton(new QToolButton(this))
    , m_view(new MessageView(this))
    , m_empty(new EmptyState(QIcon(u":/icons/chat.svg"_s)))
    , m_error(new QLabel(this))
    , m_input(new ChatInput(this))
    , m_send(new QPushButton(this))
    , m_searchToggle(new QToolButton(this))
{
    setObjectName(u"chatPage"_s);
    m_settingsButton->setObjectName(u"chatSettingsButton"_s);
    m_error->setObjectName(u"chatError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #b42318;"_s);
    m_error->hide();
    m_input->setObjectName(u"chatInput"_s);
    m_send->setObjectName(u"sendButton"_s);
    m_searchToggle->setObjectName(u"searchToggle"_s);
    m_searchToggle->setCheckable(true);
    m_searchToggle->setIcon(QIcon(u":/icons/search.svg"_s));
    m_searchToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_view->setPlaceholder(m_empty);

    auto *chatArea = new QWidget(m_splitter);
    auto *top = new QHBoxLayout;
    top->addWidget(m_modelBar, 1);
    top->addWidget(m_settingsButton);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_input, 1);
    auto *buttons = new QVBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_searchToggle);
    buttons->addWidget(m_send);
    bottom->addLayout(buttons);
    auto *chatLayout = new QVBoxLayout(chatArea);
    chatLayout->setContentsMargins(0, 0, 0, 0);
    chatLayout->addLayout(top);
    chatLayout->addWidget(m_view, 1);
    chatLayout->addWidget(m_error);
    chatLayout->addLayout(bottom);
    m_splitter->addWidget(m_list);
    m_splitter->addWidget(chatArea);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({220, 700});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter);

    connect(m_empty, &EmptyState::actionTriggered, this, &ChatPage::modelsRequested);
    connect(m_input, &ChatInput::submitted, this, &ChatPage::send);
    connect(m_send, &QPushButton::clicked, this, [this] {
        if (m_session.busy())
            m_session.stop();
        else
            send();
    });
    connect(m_settingsButton, &QToolButton::clicked, this, &ChatPage::openSettings);
    auto *stop = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    stop->setContext(Qt::WindowShortcut); // anywhere in the window while this page shows
    connect(stop, &QShortcut::activated, &m_session, &chat::ChatSession::stop);
    connect(m_searchToggle, &QToolButton::toggled, this, &ChatPage::setWebSearch);
    auto *searchShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), this);
    searchShortcut->setContext(Qt::WindowShortcut);
    connect(searchShortcut, &QShortcut::activated, m_searchToggle, &QToolButton::toggle);
    auto *newChatShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_N), this);
    newChatShortcut->setContext(Qt::WindowShortcut);
    connect(newChatShortcut, &QShortcut::activated, this, &ChatPage::newChat);

    connect(m_list, &ConversationList::conversationChosen, this, [this](qint64 id) {
        m_session.open(id);
        m_modelBar->setContextLength(m_session.settings().contextLength);
    });
    connect(m_list, &ConversationList::newChatRequested, this, &ChatPage::newChat);
    connect(m_list, &ConversationList::removed, this, [this](qint64 id) {
        if (m_session.conversationId() == id)
            newChat();
    });
    connect(m_view, &MessageView::regenerateRequested, &m_session, &chat::ChatSession::regenerate);
    connect(m_view, &MessageView::resendRequested, &m_session, &chat::ChatSession::editAndResend);

    connect(&m_session, &chat::ChatSession::messagesReset, this, [this] {
        m_view->setMessages(m_session.messages());
        const QSignalBlocker quiet(m_searchToggle); // the chat's own setting, shown
        m_searchToggle->setChecked(m_session.settings().webSearch);
    });
    connect(&m_session, &chat::ChatSession::messageAdded, m_view, &MessageView::addMessage);
    connect(&m_session, &chat::ChatSession::messageChanged, m_view, &MessageView::updateMessage);
    connect(&m_session, &chat::ChatSession::busyChanged, this, [this](bool busy) {
        m_view->setBusy(busy);
        updateSendButton();
    });
    connect(&m_session, &chat::ChatSession::conversationsChanged, this, [this] {
        m_list->reload();
        m_list->setCurrent(m_session.conversationId());
    });
    connect(&m_session, &chat::ChatSession::errorOccurred, this, &ChatPage::showError);
    connect(&m_engine, &ChatEngine::stateChanged, this, [this] {
        updateSendButton();
        updateEmptyState();
    });
    connect(&m_engine, &ChatEngine::loadFinished, this, [this](bool ok, const QString &error) {
        const QString pending = std::exchange(m_pendingSend, QString());
        if (!ok) {
            if (!error.isEmpty())
                showError(error);
            return;
        }
        if (!pending.isEmpty() && m_session.send(pending) && m_input->toPlainText() == pending)
            m_input->clear();
    });

    m_view->setMessages(m_session.messages());
    retranslate();
}

void ChatPage::send()
{
    const QString text = m_input->toPlainText();
    if (text.trimmed().isEmpty() || m_session.busy())
        return;
    m_error->hide();
    if (m_engine.state() == ChatEngine::State::Empty && !m_modelBar->selectedPath().isEmpty()) {
        // No model loaded yet: load the chosen one, then send.
        m_pendingSend = text;
        m_modelBar->setContextLength(m_session.settings().contextLength);
        m_modelBar->loadSelected();
        return;
    }
    if (m_engine.state() == ChatEngine::State::Loading) {
        m_pendingSend = text;
        return;
    }
    if (m_session.send(text))
        m_input->clear();
}

void ChatPage::newChat()
{
    if (m_session.busy())
        m_session.stop();
    m_session.startNew(m_session.settings());
    m_list->setCurrent(0);
    m_input->setFocus();
}

void ChatPage::openModel(const QString &path)
{
    m_modelBar->refresh();
    m_modelBar->addPath(path);
    m_modelBar->setContextLength(m_session.settings().contextLength);
    m_modelBar->loadSelected();
    updateEmptyState();
    m_input->setFocus();
}

void ChatPage::openSettings()
{
    auto *dialog = new ChatSettingsDialog(m_session.settings(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_session.setSettings(dialog->settings());
        m_modelBar->setContextLength(dialog->settings().contextLength);
    });
    dialog->open();
}

void ChatPage::setWebSearch(bool on)
{
    chat::ChatSettings settings = m_session.settings();
    if (settings.webSearch == on)
        return;
    settings.webSearch = on;
    m_session.setSettings(settings);
}

void ChatPage::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

void ChatPage::updateSendButton()
{
    const bool busy = m_session.busy();
    m_send->setText(busy ? tr("Stop") : tr("Send"));
    m_send->setToolTip(busy ? tr("Stop the answer (Esc)") : tr("Send (Enter); Shift+Enter starts a new line"));
}

void ChatPage::updateEmptyState()
{
    if (m_modelBar->modelCount() > 0 || m_engine.state() != ChatEngine::State::Empty)
        m_empty->setTexts(tr("Start a conversation"),
                          tr("Ask anything. Enter sends, Shift+Enter starts a new line, Esc stops an answer. "
                             "Everything runs on this computer: your conversations never leave it."));
    else
        m_empty->setTexts(tr("No model installed yet"),
                          tr("Install a DeepSeek model to start chatting. Everything runs on this "
                             "computer: your conversations never leave it."),
                          tr("Get a model"));
}

void ChatPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_engine.state() == ChatEngine::State::Empty)
        m_modelBar->refresh(); // models installed meanwhile
    updateEmptyState();
}

void ChatPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChatPage::retranslate()
{
    m_settingsButton->setText(tr("Chat settings…"));
    m_settingsButton->setToolTip(tr("System prompt, temperature, top-p, answer and context length of this chat"));
    m_input->setPlaceholderText(tr("Message DeepSeek (Enter sends, Shift+Enter for a new line)"));
    m_searchToggle->setText(tr("Search the web"));
    m_searchToggle->setToolTip(tr("Search the web before answering, and cite the sources (Ctrl+Shift+S). The question goes to the "
                                  "search provider of Settings → Search, and the top pages are downloaded."));
    updateSendButton();
    updateEmptyState();
}

} // namespace deskseek::ui
