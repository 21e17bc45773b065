#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace deskseek::settings {
class AppSettings;
}
namespace deskseek::chat {
class ChatEngine;
}

namespace deskseek::ui {

// The top of the chat: which model answers (the installed ones, or a GGUF file opened by
// path), Load / Cancel / Unload, the loading progress, and what the engine is doing.
class ModelBar : public QWidget
{
    Q_OBJECT

public:
    ModelBar(settings::AppSettings &settings, chat::ChatEngine &engine, QWidget *parent = nullptr);

    // Reads the model folder again.
    void refresh();
    int modelCount() const;
    QString selectedPath() const;
    // Adds a model file by path (also "Open a model file…") and selects it.
    void addPath(const QString &path);
    // The context length the next load uses.
    void setContextLength(int tokens) { m_contextLength = tokens; }
    // Loads the selected model (nothing when it is loaded already).
    void loadSelected();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateState();
    void onActivated(int index);

    settings::AppSettings &m_settings;
    chat::ChatEngine &m_engine;
    QComboBox *m_models = nullptr;
    QPushButton *m_load = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QString m_error;
    int m_contextLength = 8192;
};

} // namespace deskseek::ui
