#pragma once

#include "chat/conversation.h"

#include <QDialog>

class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

namespace deskseek::ui {

// A chat's own settings: the system prompt and how answers are sampled (temperature, top-p,
// max tokens, context length), with DeepSeek's recommended defaults one click away.
class ChatSettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ChatSettingsDialog(const chat::ChatSettings &settings, QWidget *parent = nullptr);

    chat::ChatSettings settings() const;
    void setSettings(const chat::ChatSettings &settings);

private:
    QPlainTextEdit *m_system = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QDoubleSpinBox *m_topP = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QSpinBox *m_context = nullptr;
};

} // namespace deskseek::ui
