#include "settings/appsettings.h"

#include "i18n/translations.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace deskseek::settings {

namespace {
const QString kLanguage = u"ui/language"_s;
const QString kCloseToTray = u"ui/closeToTray"_s;
const QString kTrayHintShown = u"ui/trayHintShown"_s;
const QString kWindowGeometry = u"ui/windowGeometry"_s;
const QString kCpuBandwidth = u"hardware/cpuBandwidthGBs"_s;
const QString kDownloadProxy = u"downloads/proxy"_s;
const QString kHuggingFaceToken = u"downloads/huggingFaceToken"_s;
const QString kModelDirectory = u"models/directory"_s;
const QString kSystemLanguage = u"system"_s;
} // namespace

AppSettings::AppSettings(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{
}

AppSettings::AppSettings(const QString &iniFile, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
}

AppSettings::~AppSettings() = default;

QString AppSettings::language() const
{
    const QString value = m_settings->value(kLanguage, kSystemLanguage).toString();
    return i18n::Translations::isAvailable(value) ? value : kSystemLanguage;
}

void AppSettings::setLanguage(const QString &language)
{
    const QString value = i18n::Translations::isAvailable(language) ? language : kSystemLanguage;
    if (value == this->language())
        return;
    m_settings->setValue(kLanguage, value);
    Q_EMIT languageChanged(value);
}

bool AppSettings::closeToTray() const
{
    return m_settings->value(kCloseToTray, true).toBool();
}

void AppSettings::setCloseToTray(bool enabled)
{
    if (enabled == closeToTray())
        return;
    m_settings->setValue(kCloseToTray, enabled);
    Q_EMIT closeToTrayChanged(enabled);
}

bool AppSettings::trayHintShown() const
{
    return m_settings->value(kTrayHintShown, false).toBool();
}

void AppSettings::setTrayHintShown(bool shown)
{
    m_settings->setValue(kTrayHintShown, shown);
}

QString AppSettings::modelDirectory() const
{
    const QString value = m_settings->value(kModelDirectory).toString();
    return value.isEmpty() ? defaultModelDirectory() : QDir::cleanPath(value);
}

void AppSettings::setModelDirectory(const QString &directory)
{
    const QString value = directory.isEmpty() ? QString() : QDir::cleanPath(directory);
    if (value == m_settings->value(kModelDirectory).toString())
        return;
    const QString before = modelDirectory();
    m_settings->setValue(kModelDirectory, value);
    if (modelDirectory() != before)
        Q_EMIT modelDirectoryChanged(modelDirectory());
}

QString AppSettings::defaultModelDirectory()
{
    // ~/.local/share/DeskSeek/models, %LOCALAPPDATA%\DeskSeek\models: the user's data folder.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + u"/DeskSeek/models"_s;
}

QString AppSettings::downloadProxy() const
{
    return m_settings->value(kDownloadProxy).toString().trimmed();
}

void AppSettings::setDownloadProxy(const QString &proxy)
{
    m_settings->setValue(kDownloadProxy, proxy.trimmed());
}

QString AppSettings::huggingFaceToken() const
{
    return m_settings->value(kHuggingFaceToken).toString().trimmed();
}

void AppSettings::setHuggingFaceToken(const QString &token)
{
    m_settings->setValue(kHuggingFaceToken, token.trimmed());
}

double AppSettings::cpuBandwidthGBs() const
{
    const double value = m_settings->value(kCpuBandwidth, 0.0).toDouble();
    return value > 0 && value < 10000 ? value : 0.0;
}

void AppSettings::setCpuBandwidthGBs(double gbs)
{
    m_settings->setValue(kCpuBandwidth, gbs);
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings->value(kWindowGeometry).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings->setValue(kWindowGeometry, geometry);
}

void AppSettings::sync()
{
    m_settings->sync();
}

QString AppSettings::fileName() const
{
    return m_settings->fileName();
}

} // namespace deskseek::settings
