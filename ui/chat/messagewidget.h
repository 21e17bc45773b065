#pragma once

#include "chat/conversation.h"

#include <QFrame>
#include <QStringList>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace deskseek::ui {

// One message of the conversation: the user's text, or the assistant's answer with its
// reasoning in a collapsible "Thought for N s" block (open while the model thinks, closed once
// the answer starts), Markdown shown as rich text with Copy links on code blocks, the token count
// and speed, and actions: copy, edit and resend (the user's), regenerate (the last answer).
// With web search: the search's step while it runs, [citation:X] as small numbered links to
// source X, the sources listed under the answer (title, site, link; a click opens the browser)
// and what to know about the search (which provider answered, or why none did).
class MessageWidget : public QFrame
{
    Q_OBJECT

public:
    explicit MessageWidget(const chat::Message &message, QWidget *parent = nullptr);

    const chat::Message &message() const { return m_message; }
    void setMessage(const chat::Message &message);
    // Only the conversation's last answer offers Regenerate; nothing is offered while busy.
    void setActions(bool regenerate, bool enabled);

    bool reasoningExpanded() const { return m_expanded; }
    void setReasoningExpanded(bool expanded);
    QStringList codeBlocks() const { return m_codeBlocks; }
    // The answer's HTML with its citations as links to their sources.
    static QString linkCitations(const QString &html, const QList<tools::WebSource> &sources);
    // Opens the editor of a user message (Edit).
    void startEditing();

Q_SIGNALS:
    void regenerateRequested();
    void resendRequested(qint64 id, const QString &text);
    void codeCopied(int index);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void retranslate();
    void onLink(const QString &link);

    chat::Message m_message;
    QStringList m_codeBlocks;
    bool m_expanded = false;
    bool m_userToggled = false;
    QLabel *m_role = nullptr;
    QToolButton *m_thinkToggle = nullptr;
    QLabel *m_reasoning = nullptr;
    QLabel *m_searchStatus = nullptr;
    QLabel *m_body = nullptr;
    QLabel *m_sources = nullptr;
    QLabel *m_searchNote = nullptr;
    QLabel *m_meta = nullptr;
    QToolButton *m_copy = nullptr;
    QToolButton *m_edit = nullptr;
    QToolButton *m_regenerate = nullptr;
    QWidget *m_editor = nullptr;
    QPlainTextEdit *m_editText = nullptr;
    QPushButton *m_resend = nullptr;
    QPushButton *m_cancelEdit = nullptr;
};

} // namespace deskseek::ui
