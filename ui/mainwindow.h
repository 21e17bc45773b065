#pragma once

#include <QMainWindow>

class QAction;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace deskseek::settings {
class AppSettings;
}

namespace deskseek::hardware {
class TelemetrySampler;
}

namespace deskseek::store {
class InstallService;
}

namespace deskseek::server {
class LocalServer;
}

namespace deskseek::ui {

class AboutDialog;
class ChatPage;
class WelcomePage;
struct ChatServices;

// The main window: a navigation sidebar (Chat, Models, Monitor, Settings) beside the pages. While
// no model is installed, the Chat page is the first-start screen (WelcomePage); once the first
// model is installed the chat opens with it.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class Page { Chat, Models, Monitor, Settings };
    Q_ENUM(Page)

    // chat: the chats and the engine for the Chat page; sampler: the live hardware readings for
    // the Monitor page; installs: where model installs run; server: the local API server (its
    // settings and the generation speed); any of the last three may be null.
    MainWindow(settings::AppSettings &settings, const ChatServices &chat, hardware::TelemetrySampler *sampler = nullptr,
               store::InstallService *installs = nullptr, server::LocalServer *server = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;

    // Whether closing the window hides it (DeskSeek stays in the tray) instead of quitting.
    void setCloseToTray(bool enabled) { m_closeToTray = enabled; }
    bool closeToTray() const { return m_closeToTray; }
    // Where the desktop has no tray: closing minimizes the window (the server keeps running) and
    // says so, instead of quitting.
    void setMinimizeOnClose(bool enabled) { m_minimizeOnClose = enabled; }
    bool minimizeOnClose() const { return m_minimizeOnClose; }

    // Shows the window, restores it from minimized and brings it in front of other windows.
    void bringToFront();
    void showAbout();
    // Detects the hardware and opens the model wizard (modal); its choice is installed.
    void openModelWizard();
    // Whether the Chat page shows the first-start screen (no model installed yet).
    bool showsWelcome() const;

Q_SIGNALS:
    // The user asked to quit DeskSeek (menu, shortcut, or closing the window without the tray).
    void quitRequested();
    // The window was closed and DeskSeek keeps running in the tray.
    void hiddenToTray();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void retranslate();
    void updateWelcome();

    settings::AppSettings &m_settings;
    store::InstallService *m_installs = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    QStackedWidget *m_chatArea = nullptr; // the first-start screen, then the chat
    WelcomePage *m_welcome = nullptr;
    ChatPage *m_chat = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QList<QAction *> m_pageActions;
    AboutDialog *m_about = nullptr;
    bool m_closeToTray = false;
    bool m_minimizeOnClose = false;
};

} // namespace deskseek::ui
