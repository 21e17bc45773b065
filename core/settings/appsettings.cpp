#include "settings/appsettings.h"

#include "i18n/translations.h"
#include "tools/searchproviders.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::settings {

namespace {
const QString kLanguage = u"ui/language"_s;
const QString kCloseToTray = u"ui/closeToTray"_s;
const QString kQualityCheck = u"models/qualityCheckAfterQuantizing"_s;
const QString kTrayHintShown = u"ui/trayHintShown"_s;
const QString kWindowGeometry = u"ui/windowGeometry"_s;
const QString kCpuBandwidth = u"hardware/cpuBandwidthGBs"_s;
const QString kCpuBandwidthFingerprint = u"hardware/cpuBandwidthFingerprint"_s;
const QString kSpeeds = u"speeds"_s;
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
// Writes a secret to a file that only the user can read (from the moment it exists); an empty
// one removes the file.
void writeSecret(const QString &path, const QByteArray &bytes)
{
    if (bytes.isEmpty()) {
        QFile::remove(path);
        return;
    }
    QDir().mkpath(QFileInfo(path).absolutePath());
    const auto ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate, ownerOnly))
        return;
    file.setPermissions(ownerOnly);
    file.write(bytes + '\n');
}

const QString kModelDirectory = u"models/directory"_s;
const QString kSearchProviders = u"search/providers"_s;
const QString kSearchCustomOrder = u"search/customOrder"_s;
const QString kSearchSearxng = u"search/searxngUrl"_s;
const QString kSearchResults = u"search/results"_s;
const QString kSearchPages = u"search/pages"_s;
const QString kServerEnabled = u"server/enabled"_s;
const QString kServerPort = u"server/port"_s;
const QString kServerOllamaPort = u"server/ollamaPort"_s;
const QString kServerLocalNetwork = u"server/localNetwork"_s;
const QString kServerCorsOrigins = u"server/corsOrigins"_s;
const QString kServerParallel = u"server/parallel"_s;
const QString kServerIdleUnload = u"server/idleUnloadMinutes"_s;
const QString kServerMaxModels = u"server/maxLoadedModels"_s;
const QString kServerContext = u"server/contextLength"_s;
const QString kServerContextPerAnswer = u"server/contextPerAnswer"_s;
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

bool AppSettings::qualityCheckAfterQuantizing() const
{
    return m_settings->value(kQualityCheck, true).toBool();
}

void AppSettings::setQualityCheckAfterQuantizing(bool enabled)
{
    m_settings->setValue(kQualityCheck, enabled);
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

QString AppSettings::secretFileName(const QString &name) const
{
#ifdef Q_OS_WIN
    // The native settings live in the registry: secrets go to the user's own config folder.
    if (m_settings->format() != QSettings::IniFormat)
        return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + u'/' + name;
#endif
    return QFileInfo(m_settings->fileName()).absolutePath() + u'/' + name;
}

QString AppSettings::tokenFileName() const
{
    return secretFileName(u"huggingface-token"_s);
}

QString AppSettings::huggingFaceToken() const
{
    return readToken(tokenFileName());
}

void AppSettings::setHuggingFaceToken(const QString &token)
{
    writeSecret(tokenFileName(), token.trimmed().toUtf8());
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

QString AppSettings::cpuBandwidthFingerprint() const
{
    return m_settings->value(kCpuBandwidthFingerprint).toString();
}

void AppSettings::setCpuBandwidthGBs(double gbs, const QString &fingerprint)
{
    m_settings->setValue(kCpuBandwidth, gbs);
    m_settings->setValue(kCpuBandwidthFingerprint, fingerprint);
}

QHash<QString, double> AppSettings::measuredSpeeds() const
{
    QHash<QString, double> speeds;
    m_settings->beginGroup(kSpeeds);
    for (const QString &key : m_settings->childKeys()) {
        bool ok = false;
        const double value = m_settings->value(key).toDouble(&ok);
        if (ok && value > 0 && value < 1e6)
            speeds.insert(QUrl::fromPercentEncoding(key.toLatin1()), value);
    }
    m_settings->endGroup();
    return speeds;
}

void AppSettings::recordSpeed(const QString &key, double tokensPerSecond)
{
    if (key.isEmpty() || !(tokensPerSecond > 0) || tokensPerSecond > 1e6)
        return;
    // Keys are percent-encoded: QSettings treats '/' as a group separator.
    const QString name = kSpeeds + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(key));
    const double before = m_settings->value(name, 0.0).toDouble();
    m_settings->setValue(name, before > 0 ? (before + tokensPerSecond) / 2 : tokensPerSecond);
}

ServerSettings AppSettings::server() const
{
    const auto number = [&](const QString &key, int fallback, int low, int high) {
        bool ok = false;
        const int value = m_settings->value(key, fallback).toInt(&ok);
        return ok && value >= low && value <= high ? value : fallback;
    };
    ServerSettings server;
    server.enabled = m_settings->value(kServerEnabled, true).toBool();
    server.port = number(kServerPort, ServerSettings::kDefaultPort, 1, 65535);
    server.ollamaPort = m_settings->value(kServerOllamaPort, false).toBool();
    server.localNetwork = m_settings->value(kServerLocalNetwork, false).toBool();
    server.corsOrigins = m_settings->value(kServerCorsOrigins).toStringList();
    server.parallel = number(kServerParallel, 4, 1, 16);
    server.idleUnloadMinutes = number(kServerIdleUnload, 30, 0, 7 * 24 * 60);
    server.maxLoadedModels = number(kServerMaxModels, 1, 1, 8);
    server.contextLength = number(kServerContext, 8192, 512, 1 << 20);
    server.contextPerAnswer = m_settings->value(kServerContextPerAnswer, false).toBool();
    return server;
}

void AppSettings::setServer(const ServerSettings &server)
{
    if (server == this->server())
        return;
    m_settings->setValue(kServerEnabled, server.enabled);
    m_settings->setValue(kServerPort, std::clamp(server.port, 1, 65535));
    m_settings->setValue(kServerOllamaPort, server.ollamaPort);
    m_settings->setValue(kServerLocalNetwork, server.localNetwork);
    m_settings->setValue(kServerCorsOrigins, server.corsOrigins);
    m_settings->setValue(kServerParallel, std::clamp(server.parallel, 1, 16));
    m_settings->setValue(kServerIdleUnload, std::clamp(server.idleUnloadMinutes, 0, 7 * 24 * 60));
    m_settings->setValue(kServerMaxModels, std::clamp(server.maxLoadedModels, 1, 8));
    m_settings->setValue(kServerContext, std::clamp(server.contextLength, 512, 1 << 20));
    m_settings->setValue(kServerContextPerAnswer, server.contextPerAnswer);
    Q_EMIT serverChanged(this->server());
}

QString AppSettings::serverKeyFileName() const
{
    return secretFileName(u"server-api-key"_s);
}

QString AppSettings::serverApiKey(bool create)
{
    const QString key = readToken(serverKeyFileName());
    return key.isEmpty() && create ? regenerateServerApiKey() : key;
}

QString AppSettings::regenerateServerApiKey()
{
    // 32 random bytes from the system's generator, as "sk-deskseek-" and 43 base64url characters.
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(random.data()),
                                         reinterpret_cast<quint32 *>(random.data() + random.size()));
    const QString key = u"sk-deskseek-"_s
                        + QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    writeSecret(serverKeyFileName(), key.toUtf8());
    return readToken(serverKeyFileName());
}

SearchSettings AppSettings::search() const
{
    SearchSettings search;
    search.customOrder = m_settings->value(kSearchCustomOrder, false).toBool();
    const QStringList known = tools::providerIds();
    for (const QString &id : m_settings->value(kSearchProviders).toStringList())
        if (known.contains(id) && !search.providers.contains(id))
            search.providers.append(id);
    search.searxngUrl = m_settings->value(kSearchSearxng).toString();
    bool ok = false;
    const int results = m_settings->value(kSearchResults, 5).toInt(&ok);
    search.results = ok ? std::clamp(results, 1, 10) : 5;
    const int pages = m_settings->value(kSearchPages, 3).toInt(&ok);
    search.pages = ok ? std::clamp(pages, 0, search.results) : std::min(3, search.results);
    return search;
}

void AppSettings::setSearch(const SearchSettings &search)
{
    if (search == this->search())
        return;
    m_settings->setValue(kSearchCustomOrder, search.customOrder);
    m_settings->setValue(kSearchProviders, search.providers);
    m_settings->setValue(kSearchSearxng, search.searxngUrl.trimmed());
    m_settings->setValue(kSearchResults, std::clamp(search.results, 1, 10));
    m_settings->setValue(kSearchPages, std::clamp(search.pages, 0, 10));
    Q_EMIT searchChanged();
}

QString AppSettings::searchKey(const QString &providerId) const
{
    if (!tools::providerIds().contains(providerId))
        return {};
    return readToken(secretFileName(u"search-key-"_s + providerId));
}

void AppSettings::setSearchKey(const QString &providerId, const QString &key)
{
    if (!tools::providerIds().contains(providerId) || key.trimmed() == searchKey(providerId))
        return;
    writeSecret(secretFileName(u"search-key-"_s + providerId), key.trimmed().toUtf8());
    Q_EMIT searchChanged();
}

QStringList AppSettings::effectiveSearchProviders() const
{
    const SearchSettings search = this->search();
    if (search.customOrder)
        return search.providers;
    QSet<QString> configured;
    for (const QString &id : tools::providerIds()) {
        const auto provider = tools::makeProvider(id);
        if ((provider->needsKey() && !searchKey(id).isEmpty()) || (id == u"searxng"_s && !search.searxngUrl.isEmpty()))
            configured.insert(id);
    }
    return tools::defaultProviderOrder(i18n::Translations::resolve(language()), configured);
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
