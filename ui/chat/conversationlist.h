#pragma once

#include <QWidget>

class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace deskseek::chat {
class ChatStore;
}

namespace deskseek::ui {

// The sidebar: the stored conversations (newest first), a search over their titles and text,
// New chat, and per conversation Rename (F2), Delete (Del, after a question) and Export to
// Markdown from its context menu.
class ConversationList : public QWidget
{
    Q_OBJECT

public:
    explicit ConversationList(chat::ChatStore &store, QWidget *parent = nullptr);

    void reload();
    void setCurrent(qint64 id);
    qint64 current() const;
    int count() const;

    // The actions of the context menu (they ask first, with dialogs).
    void rename(qint64 id);
    void remove(qint64 id);
    void exportMarkdown(qint64 id);

Q_SIGNALS:
    void conversationChosen(qint64 id);
    void newChatRequested();
    void removed(qint64 id);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void showMenu(const QPoint &position);

    chat::ChatStore &m_store;
    QLineEdit *m_search = nullptr;
    QPushButton *m_new = nullptr;
    QListWidget *m_list = nullptr;
    qint64 m_current = 0;
};

} // namespace deskseek::ui
