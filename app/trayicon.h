#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace deskseek::app {

// The tray icon with its menu: the API server's address (click copies it), the loaded model, the
// requests running and waiting, Pause/Resume server, Open DeskSeek and Quit. It is shown only where
// the desktop has a tray.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    struct Status
    {
        QString address;      // empty: not listening
        QString error;        // why it does not listen
        bool paused = false;
        bool enabled = true;  // Settings → Server
        QStringList models;   // loaded
        QString loading;      // the model loading now
        int running = 0;
        int queued = 0;

        bool operator==(const Status &) const = default;
    };

    explicit TrayIcon(QObject *parent = nullptr);
    ~TrayIcon() override;

    // Whether the desktop shows tray icons (false on some Wayland desktops and off screen).
    static bool isAvailable();

    void show();
    QMenu *menu() const { return m_menu; }
    void showMessage(const QString &title, const QString &text);
    void setStatus(const Status &status);

Q_SIGNALS:
    void showRequested();
    void quitRequested();
    void pauseRequested(bool paused);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();

    QMenu *m_menu = nullptr;
    QAction *m_addressAction = nullptr;
    QAction *m_modelAction = nullptr;
    QAction *m_requestsAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_showAction = nullptr;
    QAction *m_quitAction = nullptr;
    QSystemTrayIcon *m_icon = nullptr;
    Status m_status;
};

} // namespace deskseek::app
