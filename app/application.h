#pragma once

#include <QObject>

#include <memory>

namespace deskseek::settings {
class AppSettings;
}
namespace deskseek::i18n {
class Translations;
}
namespace deskseek::ui {
class MainWindow;
}
namespace deskseek::hardware {
class TelemetrySampler;
}

namespace deskseek::store {
class InstallService;
}
namespace deskseek::chat {
class ChatEngine;
class ChatSession;
class SpeedRecorder;
class ChatStore;
}
namespace deskseek::serving {
class ModelHost;
}
namespace deskseek::server {
class LocalServer;
}

namespace deskseek::app {

class TrayIcon;

// The composition root of the GUI: builds every service, the main window and the tray icon, and
// wires them together. It owns them all; nothing is global.
class Application : public QObject
{
    Q_OBJECT

public:
    explicit Application(std::unique_ptr<settings::AppSettings> settings, QObject *parent = nullptr);
    ~Application() override;

    // Starts the server and shows the tray icon, and the window unless `background` (DeskSeek
    // started at login: in the tray only).
    void start(bool background = false);
    // Brings the main window in front (a second launch, the tray's Show).
    void activate();

    settings::AppSettings &settings() const { return *m_settings; }
    i18n::Translations &translations() const { return *m_translations; }
    ui::MainWindow &mainWindow() const { return *m_window; }
    TrayIcon &trayIcon() const { return *m_tray; }
    chat::ChatStore &chatStore() const { return *m_chatStore; }
    chat::ChatEngine &chatEngine() const { return *m_chatEngine; }
    chat::ChatSession &chatSession() const { return *m_chatSession; }
    store::InstallService &installs() const { return *m_installs; }
    serving::ModelHost &modelHost() const { return *m_host; }
    server::LocalServer &localServer() const { return *m_server; }

Q_SIGNALS:
    // DeskSeek should end (Quit from the menu, the tray, or closing without the tray).
    void quitRequested();

private:
    void updateCloseBehaviour();
    void onHiddenToTray();
    void updateTray();

    std::unique_ptr<settings::AppSettings> m_settings;
    std::unique_ptr<i18n::Translations> m_translations;
    std::unique_ptr<hardware::TelemetrySampler> m_telemetry; // before the window, which shows it
    std::unique_ptr<store::InstallService> m_installs;        // before the window, which drives it
    std::unique_ptr<chat::ChatStore> m_chatStore;             // the chats, before the window too
    std::unique_ptr<serving::ModelHost> m_host;               // the loaded models: before the chat and the server
    std::unique_ptr<server::LocalServer> m_server;
    std::unique_ptr<chat::ChatEngine> m_chatEngine;
    std::unique_ptr<chat::ChatSession> m_chatSession;
    std::unique_ptr<chat::SpeedRecorder> m_speedRecorder; // the chat's answers' speeds, for the estimates
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<TrayIcon> m_tray;
};

} // namespace deskseek::app
