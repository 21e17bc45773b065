#include "chat/chatinput.h"

#include <QKeyEvent>
#include <QTextBlock>

namespace deskseek::ui {

ChatInput::ChatInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    connect(this, &QPlainTextEdit::textChanged, this, &QWidget::updateGeometry);
}

QSize ChatInput::sizeHint() const
{
    const int lines = std::clamp(int(document()->size().height()), 2, 8);
    const int height = fontMetrics().lineSpacing() * lines + int(document()->documentMargin() * 2) + frameWidth() * 2 + 4;
    return {QPlainTextEdit::sizeHint().width(), height};
}

void ChatInput::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        event->accept();
        Q_EMIT submitted();
        return;
    }
    if (enter) { // Shift+Enter: a new line
        insertPlainText(QStringLiteral("\n"));
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace deskseek::ui
