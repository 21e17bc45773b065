#include "settings/autostart.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace deskseek::settings {

namespace {

#ifdef Q_OS_WIN
const QString kRunKey = u"HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"_s;
const QString kValueName = u"DeskSeek"_s;
#endif

} // namespace

QString Autostart::desktopEntryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + u"/autostart/deskseek.desktop"_s;
}

bool Autostart::isEnabled()
{
#ifdef Q_OS_WIN
    return QSettings(kRunKey, QSettings::NativeFormat).contains(kValueName);
#else
    return QFileInfo::exists(desktopEntryPath());
#endif
}

bool Autostart::setEnabled(bool enabled, const QString &executable, QString *error)
{
    const QString command = u"\"%1\" --background"_s.arg(QDir::toNativeSeparators(executable));
#ifdef Q_OS_WIN
    QSettings run(kRunKey, QSettings::NativeFormat);
    if (enabled)
        run.setValue(kValueName, command);
    else
        run.remove(kValueName);
    run.sync();
    if (run.status() != QSettings::NoError) {
        if (error)
            *error = tr("Windows did not let DeskSeek change its start-up entry.");
        return false;
    }
    return true;
#else
    const QString path = desktopEntryPath();
    if (!enabled) {
        if (QFileInfo::exists(path) && !QFile::remove(path)) {
            if (error)
                *error = tr("Cannot remove %1. Check its permissions.").arg(path);
            return false;
        }
        return true;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = tr("Cannot write %1. Check that you may write to that folder.").arg(path);
        return false;
    }
    file.write("[Desktop Entry]\n"
               "Type=Application\n"
               "Name=DeskSeek\n"
               "Comment=DeepSeek on your own computer: the local API server in the tray\n"
               "Icon=deskseek\n"
               "Terminal=false\n"
               "X-GNOME-Autostart-enabled=true\n");
    file.write("Exec=" + command.toUtf8() + "\n");
    if (!file.commit()) {
        if (error)
            *error = tr("Cannot write %1. Check that you may write to that folder.").arg(path);
        return false;
    }
    return true;
#endif
}

} // namespace deskseek::settings
