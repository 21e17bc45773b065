#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QSettings;

namespace deskseek::settings {

// Settings → Server: the local API server and the models it serves.
struct ServerSettings
{
    static constexpr int kDefaultPort = 11435;
    static constexpr int kOllamaPort = 11434;

    bool enabled = true;
    int port = kDefaultPort;
    bool ollamaPort = false;     // also answer on Ollama's port 11434
    bool localNetwork = false;   // listen on every address (then the API key is required)
    QStringList corsOrigins;     // browser origins allowed besides localhost, app://, file://, tauri://
    int parallel = 4;            // answers generated at the same time (1 to 16)
    int idleUnloadMinutes = 30;  // unload a model unused this long; 0: never
    int maxLoadedModels = 1;     // 1 to 8
    int contextLength = 8192;    // tokens of each answer's context (fixed when a model loads)
    bool contextPerAnswer = false; // each answer its whole context; otherwise they share one (less memory)

    bool operator==(const ServerSettings &) const = default;
};

// Settings → Search: web search in the chat (and for API requests that ask for it).
struct SearchSettings
{
    // The providers to try, in order (ids of tools::providerIds()) when the user chose them
    // (customOrder); otherwise the default order for the UI language and the providers that
    // have keys (tools::defaultProviderOrder()).
    bool customOrder = false;
    QStringList providers;
    QString searxngUrl; // a SearXNG instance with its JSON format enabled
    int results = 5;    // asked of the provider (1 to 10)
    int pages = 3;      // of them read in full (0 to results)

    bool operator==(const SearchSettings &) const = default;
};

// The user's preferences, persisted with QSettings. Application owns one instance and passes it
// to whoever needs it; setters save at once and announce the change.
class AppSettings : public QObject
{
    Q_OBJECT

public:
    // The user's settings in the platform's native store (registry, ~/.config/DeskSeek/...).
    explicit AppSettings(QObject *parent = nullptr);
    // Settings kept in the given INI file (tests, portable installs).
    explicit AppSettings(const QString &iniFile, QObject *parent = nullptr);
    ~AppSettings() override;

    // "system" (follow the system locale) or a language code from i18n::Translations.
    QString language() const;
    void setLanguage(const QString &language);

    // Closing the main window leaves DeskSeek running in the tray (when the desktop has one).
    bool closeToTray() const;
    void setCloseToTray(bool enabled);

    // Whether the user was already told that DeskSeek keeps running in the tray.
    bool trayHintShown() const;
    void setTrayHintShown(bool shown);

    // After DeskSeek quantizes a model of up to 8B parameters itself, compare it with the
    // original over a short text (on by default).
    bool qualityCheckAfterQuantizing() const;
    void setQualityCheckAfterQuantizing(bool enabled);

    // Where models are downloaded and stored.
    QString modelDirectory() const;
    void setModelDirectory(const QString &directory);
    static QString defaultModelDirectory();

    // The CPU's measured memory bandwidth in GB/s (0: not measured yet); speed estimates use it
    // for models not seen running. The fingerprint says which hardware it was measured on
    // (hardware::bandwidthFingerprint).
    double cpuBandwidthGBs() const;
    QString cpuBandwidthFingerprint() const;
    void setCpuBandwidthGBs(double gbs, const QString &fingerprint = {});

    // Decode speeds measured while models answered, in tokens/s, by catalog::speedKey(); each new
    // answer moves its model's figure halfway towards what it measured.
    QHash<QString, double> measuredSpeeds() const;
    void recordSpeed(const QString &key, double tokensPerSecond);

    // Downloads: a proxy URL ("http://127.0.0.1:7890", "socks5h://..."); empty: the system's
    // (the environment's http_proxy/https_proxy/no_proxy).
    QString downloadProxy() const;
    void setDownloadProxy(const QString &proxy);
    // Connections one large file is downloaded over at the same time (1 to 16).
    int downloadConnections() const;
    void setDownloadConnections(int connections);
    // A Hugging Face access token for gated repositories (empty: none). It is kept out of the
    // settings file, in a file of its own that only the user can read (tokenFileName()).
    QString huggingFaceToken() const;
    void setHuggingFaceToken(const QString &token);
    QString tokenFileName() const;
    // The token downloads use: HF_TOKEN, else this setting's, else the one `huggingface-cli
    // login` saved (HF_TOKEN_PATH, $HF_HOME/token, ~/.cache/huggingface/token).
    QByteArray effectiveHuggingFaceToken() const;

    ServerSettings server() const;
    void setServer(const ServerSettings &server);
    // The local server's API key (empty: none yet), kept out of the settings file in a file of its
    // own that only the user can read (serverKeyFileName()). serverApiKey(true) makes one first
    // when there is none.
    QString serverApiKey(bool create = false);
    QString regenerateServerApiKey();
    QString serverKeyFileName() const;

    SearchSettings search() const;
    void setSearch(const SearchSettings &search);
    // A search provider's API key (Brave, Tavily, Bocha), kept like the server's key in an
    // owner-only file of its own ("search-key-<id>"); empty removes it.
    QString searchKey(const QString &providerId) const;
    void setSearchKey(const QString &providerId, const QString &key);
    // The providers a search tries, in order: the chosen ones, or the default order.
    QStringList effectiveSearchProviders() const;

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);

    // Writes pending changes to permanent storage now.
    void sync();
    QString fileName() const;

Q_SIGNALS:
    void languageChanged(const QString &language);
    void closeToTrayChanged(bool enabled);
    void modelDirectoryChanged(const QString &directory);
    void serverChanged(const deskseek::settings::ServerSettings &server);
    void searchChanged();

private:
    void migrate();
    QString secretFileName(const QString &name) const;

    std::unique_ptr<QSettings> m_settings;
};

} // namespace deskseek::settings
