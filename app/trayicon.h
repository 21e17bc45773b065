#pragma once

#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace deskseek::app {

// The tray icon with its menu (Show, Quit). It is shown only where the desktop has a tray.
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    explicit TrayIcon(QObject *parent = nullptr);
    ~TrayIcon() override;

    // Whether the desktop shows tray icons (false on some Wayland desktops and off screen).
    static bool isAvailable();

    void show();
    QMenu *menu() const { return m_menu; }
    void showMessage(const QString &title, const QString &text);

Q_SIGNALS:
    void showRequested();
    void quitRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();

    QMenu *m_menu = nullptr;
    QAction *m_showAction = nullptr;
    QAction *m_quitAction = nullptr;
    QSystemTrayIcon *m_icon = nullptr;
};

} // namespace deskseek::app
