#pragma once

#include <QGroupBox>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace deskseek::settings {
class AppSettings;
struct ServerSettings;
}
namespace deskseek::server {
class LocalServer;
}

namespace deskseek::ui {

// Settings → Server: the local API server (on/off, port, Ollama's port, the local network with
// its API key, browser origins), the models it serves (answers at once, context, idle unload,
// loaded models) and starting DeskSeek at login. Changes are saved at once; the server restarts
// when its address changes.
class ServerSettingsGroup : public QGroupBox
{
    Q_OBJECT

public:
    ServerSettingsGroup(settings::AppSettings &settings, server::LocalServer *server, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void load();
    void save();
    void showStatus();
    void showKey();
    void setLocalNetwork(bool on);

    settings::AppSettings &m_settings;
    server::LocalServer *m_server;
    QLabel *m_status;
    QCheckBox *m_enabled;
    QLabel *m_portLabel;
    QSpinBox *m_port;
    QCheckBox *m_ollamaPort;
    QLabel *m_ollamaNote;
    QCheckBox *m_localNetwork;
    QLabel *m_keyLabel;
    QLineEdit *m_key;
    QPushButton *m_showKey;
    QPushButton *m_copyKey;
    QPushButton *m_regenerateKey;
    QLabel *m_corsLabel;
    QLineEdit *m_cors;
    QLabel *m_parallelLabel;
    QSpinBox *m_parallel;
    QLabel *m_contextLabel;
    QSpinBox *m_context;
    QCheckBox *m_contextPerAnswer;
    QLabel *m_idleLabel;
    QSpinBox *m_idle;
    QLabel *m_modelsLabel;
    QSpinBox *m_models;
    QCheckBox *m_autostart;
    QLabel *m_autostartError;
    bool m_loading = false;
};

} // namespace deskseek::ui
