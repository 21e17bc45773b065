#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QSplitter;
class QToolButton;

namespace deskseek::settings {
class AppSettings;
}
namespace deskseek::chat {
class ChatEngine;
class ChatSession;
class ChatStore;
}

namespace deskseek::ui {

class ChatInput;
class ConversationList;
class EmptyState;
class MessageView;
class ModelBar;

// What the chat page works with (Application owns them).
struct ChatServices
{
    chat::ChatStore &store;
    chat::ChatEngine &engine;
    chat::ChatSession &session;
};

// The conversation page: the chats on the left; on the right the model in use, the messages,
// and the box to write in. Enter sends, Shift+Enter starts a new line, Esc stops an answer (or
// its web search), Ctrl+N starts a chat, Ctrl+Shift+S turns "Search the web" on or off for
// this chat. Until a model is installed it explains how to get one.
class ChatPage : public QWidget
{
    Q_OBJECT

public:
    ChatPage(settings::AppSettings &settings, const ChatServices &services, QWidget *parent = nullptr);

    // Sends what is in the box (loading the chosen model first when none is loaded).
    void send();
    void newChat();
    void openSettings();
    // Chooses a model file and loads it, with the input focused (after the first install).
    void openModel(const QString &path);
    ModelBar *modelBar() const { return m_modelBar; }

Q_SIGNALS:
    // The user wants to install a model (the Models page takes over).
    void modelsRequested();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslate();
    void updateEmptyState();
    void updateSendButton();
    void setWebSearch(bool on);
    void showError(const QString &message);

    settings::AppSettings &m_settings;
    chat::ChatStore &m_store;
    chat::ChatEngine &m_engine;
    chat::ChatSession &m_session;
    QSplitter *m_splitter = nullptr;
    ConversationList *m_list = nullptr;
    ModelBar *m_modelBar = nullptr;
    QToolButton *m_settingsButton = nullptr;
    MessageView *m_view = nullptr;
    EmptyState *m_empty = nullptr;
    QLabel *m_error = nullptr;
    ChatInput *m_input = nullptr;
    QPushButton *m_send = nullptr;
    QToolButton *m_searchToggle = nullptr;
    QString m_pendingSend; // sent once the model being loaded for it is ready
};

} // namespace deskseek::ui
