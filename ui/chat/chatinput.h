#pragma once

#include <QPlainTextEdit>

namespace deskseek::ui {

// Where the user types: Enter sends, Shift+Enter starts a new line; it grows with its text up
// to a few lines.
class ChatInput : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit ChatInput(QWidget *parent = nullptr);
    QSize sizeHint() const override;

Q_SIGNALS:
    void submitted();

protected:
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace deskseek::ui
