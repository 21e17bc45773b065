#pragma once

#include "chat/conversation.h"

#include <QHash>
#include <QList>
#include <QScrollArea>
#include <QTimer>

class QVBoxLayout;

namespace deskseek::ui {

class MessageWidget;

// The conversation's messages, top to bottom. While an answer grows the view follows it, until
// the user scrolls up; scrolling back to the end follows again. Updates of a streaming answer are
// drawn at most every 50 ms, however fast the tokens come.
class MessageView : public QScrollArea
{
    Q_OBJECT

public:
    explicit MessageView(QWidget *parent = nullptr);

    void setMessages(const QList<chat::Message> &messages);
    void addMessage(const chat::Message &message);
    void updateMessage(const chat::Message &message);
    void setBusy(bool busy);
    // A widget shown instead of the messages while there are none (the view owns it).
    void setPlaceholder(QWidget *placeholder);

    MessageWidget *widgetFor(qint64 id) const;
    QList<MessageWidget *> messageWidgets() const { return m_widgets; }
    bool following() const { return m_follow; }

Q_SIGNALS:
    void regenerateRequested();
    void resendRequested(qint64 id, const QString &text);

private:
    void flush();
    void updateActions();
    void updatePlaceholder();

    QWidget *m_content = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QWidget *m_placeholder = nullptr;
    QList<MessageWidget *> m_widgets;
    QHash<qint64, chat::Message> m_pending; // updates not drawn yet
    QTimer m_redraw;
    bool m_follow = true;
    bool m_busy = false;
};

} // namespace deskseek::ui
