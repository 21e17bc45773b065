#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace deskseek::settings {
class AppSettings;
struct FolderStatus;
}

namespace deskseek::server {
class LocalServer;
}

namespace deskseek::ui {

// Preferences. Every change is saved at once (no Apply button) through AppSettings.
class SettingsPage : public QWidget
{
    Q_OBJECT

public:
    // server: the local API server whose status Settings → Server shows (may be null).
    explicit SettingsPage(settings::AppSettings &settings, server::LocalServer *server = nullptr, QWidget *parent = nullptr);

    // Checks the folder and stores it as the model folder when it is usable; otherwise shows why
    // not and keeps the current one. Returns whether it was stored.
    bool chooseModelDirectory(const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void browseModelDirectory();
    // Shows the folder in use and its status (checks it: creates it when missing).
    void showModelDirectory();
    void showFolderStatus(const settings::FolderStatus &status);
    void populateLanguages();

    settings::AppSettings &m_settings;
    QGroupBox *m_generalGroup = nullptr;
    QLabel *m_languageLabel = nullptr;
    QComboBox *m_language = nullptr;
    QCheckBox *m_closeToTray = nullptr;
    QGroupBox *m_modelsGroup = nullptr;
    QLabel *m_modelDirLabel = nullptr;
    QLineEdit *m_modelDir = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_resetDir = nullptr;
    QLabel *m_modelDirStatus = nullptr;
    QCheckBox *m_qualityCheck = nullptr;
    QGroupBox *m_downloadsGroup = nullptr;
    QLabel *m_proxyLabel = nullptr;
    QLineEdit *m_proxy = nullptr;
    QLabel *m_tokenLabel = nullptr;
    QLineEdit *m_token = nullptr;
    QLabel *m_connectionsLabel = nullptr;
    QSpinBox *m_connections = nullptr;
    QLabel *m_downloadsNote = nullptr;
};

} // namespace deskseek::ui
