#include "settings/appsettings.h"

#include "i18n/translations.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::settings {

namespace {
const QString kLanguage = u"ui/language"_s;
const QString kCloseToTray = u"ui/closeToTray"_s;
const QString kTrayHintShown = u"ui/trayHintShown"_s;
const QString kWindowGeometry = u"ui/windowGeometry"_s;
const QString kCpuBandwidth = u"hardware/cpuBandwidthGBs"_s;
const QString kDownloadProxy = u"downloads/proxy"_s;
const QString kHuggingFaceToken = u"downloads/huggingFaceToken"_s; // before the token had a file of its own
const QString kDownloadConnections = u"downloads/connectionsPerFile"_s;
constexpr int kDefaultConnections = 4;

QString readToken(const QString &path)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.read(4096)).trimmed(); // a token is short; nothing else is read
}
const QString kModelDirectory = u"models/directory"_s;
const QString kSystemLanguage = u"system"_s;
} // namespace

AppSettings::AppSettings(QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>())
{
    migrate();
}

AppSettings::AppSettings(const QString &iniFile, QObject *parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
    migrate();
}

void AppSettings::migrate()
{
    // A token saved in the settings file by an earlier version moves to its own file.
    if (m_settings->contains(kHuggingFaceToken)) {
        const QString token = m_settings->value(kHuggingFaceToken).toString();
        setHuggingFaceToken(token);
        if (huggingFaceToken() == token.trimmed())
            m_settings->remove(kHuggingFaceToken);
    }
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

int AppSettings::downloadConnections() const
{
    bool ok = false;
    const int value = m_settings->value(kDownloadConnections, kDefaultConnections).toInt(&ok);
    return ok && value >= 1 && value <= 16 ? value : kDefaultConnections;
}

void AppSettings::setDownloadConnections(int connections)
{
    m_settings->setValue(kDownloadConnections, std::clamp(connections, 1, 16));
}

QString AppSettings::tokenFileName() const
{
#ifdef Q_OS_WIN
    // The native settings live in the registry: the token goes to the user's own config folder.
    if (m_settings->format() != QSettings::IniFormat)
        return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u"/huggingface-token"_s;
#endif
    return QFileInfo(m_settings->fileName()).absolutePath() + u"/huggingface-token"_s;
}

QString AppSettings::huggingFaceToken() const
{
    return readToken(tokenFileName());
}

void AppSettings::setHuggingFaceToken(const QString &token)
{
    const QString path = tokenFileName();
    const QByteArray bytes = token.trimmed().toUtf8();
    if (bytes.isEmpty()) {
        QFile::remove(path);
        return;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    // Readable by the user only, from the moment the file exists.
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly))
        return;
    file.setPermissions(ownerOnly);
    file.write(bytes + '\n');
}

QByteArray AppSettings::effectiveHuggingFaceToken() const
{
    if (const QByteArray environment = qgetenv("HF_TOKEN").trimmed(); !environment.isEmpty())
        return environment;
    if (const QString own = huggingFaceToken(); !own.isEmpty())
        return own.toUtf8();
    QString path = qEnvironmentVariable("HF_TOKEN_PATH");
    if (path.isEmpty() && qEnvironmentVariableIsSet("HF_HOME"))
        path = qEnvironmentVariable("HF_HOME") + u"/token"_s;
    if (path.isEmpty())
        path = QDir::homePath() + u"/.cache/huggingface/token"_s;
    return readToken(path).toUtf8();
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
