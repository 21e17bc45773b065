#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <memory>

class QSettings;

namespace deskseek::settings {

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

    // Where models are downloaded and stored.
    QString modelDirectory() const;
    void setModelDirectory(const QString &directory);
    static QString defaultModelDirectory();

    // The CPU's measured memory bandwidth in GB/s (0: not measured yet); speed estimates use it.
    double cpuBandwidthGBs() const;
    void setCpuBandwidthGBs(double gbs);

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

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);

    // Writes pending changes to permanent storage now.
    void sync();
    QString fileName() const;

Q_SIGNALS:
    void languageChanged(const QString &language);
    void closeToTrayChanged(bool enabled);
    void modelDirectoryChanged(const QString &directory);

private:
    void migrate();

    std::unique_ptr<QSettings> m_settings;
};

} // namespace deskseek::settings
