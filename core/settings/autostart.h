#pragma once

#include <QCoreApplication>
#include <QString>

namespace deskseek::settings {

// "Start DeskSeek when I log in": an XDG autostart entry (~/.config/autostart/deskseek.desktop)
// on Linux, the HKCU Run key on Windows. Either starts DeskSeek in the tray (--background), so
// that its API server is there for other programs without a window.
class Autostart
{
    Q_DECLARE_TR_FUNCTIONS(Autostart)

public:
    static bool isEnabled();
    // executable: the program to start (the running deskseek). False with a message for people
    // when the entry cannot be written or removed.
    static bool setEnabled(bool enabled, const QString &executable, QString *error = nullptr);
    // Where the Linux entry lives ($XDG_CONFIG_HOME/autostart/deskseek.desktop).
    static QString desktopEntryPath();
};

} // namespace deskseek::settings
