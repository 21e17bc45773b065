#pragma once

#include <QWidget>

namespace deskseek::ui {

class EmptyState;

// The conversation page. Until a model is installed it explains how to get one.
class ChatPage : public QWidget
{
    Q_OBJECT

public:
    explicit ChatPage(QWidget *parent = nullptr);

Q_SIGNALS:
    // The user wants to install a model (the Models page takes over).
    void modelsRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    EmptyState *m_empty = nullptr;
};

} // namespace deskseek::ui
