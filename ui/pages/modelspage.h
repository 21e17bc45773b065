#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace deskseek::settings {
class AppSettings;
}

namespace deskseek::store {
class InstallService;
struct InstallProgress;
struct InstallResult;
}

namespace deskseek::ui {

class EmptyState;

// The installed models (name, quantization, size, location; delete) and the install in
// progress (progress bar, speed and time left, pause/resume, cancel), or an interrupted one to
// resume. With no model it says where models will be kept and offers the model wizard.
class ModelsPage : public QWidget
{
    Q_OBJECT

public:
    // installs: where installs run (may be null: then the page only lists models).
    ModelsPage(settings::AppSettings &settings, store::InstallService *installs, QWidget *parent = nullptr);

    // Reads the model folder again.
    void refresh();
    // "Add models from this computer…": the import dialog (window-modal; the list refreshes
    // when it adds models).
    void openImportDialog();

Q_SIGNALS:
    // The user wants to change the storage folder (the Settings page takes over).
    void settingsRequested();
    // The user wants to choose a model (the model wizard).
    void wizardRequested();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslate();
    void updateInstallPanel();
    void showProgress(const store::InstallProgress &progress);
    void onFinished(const store::InstallResult &result);
    void pauseOrResume();
    void cancelInstall();
    void deleteSelected();

    settings::AppSettings &m_settings;
    store::InstallService *m_installs;
    EmptyState *m_empty = nullptr;
    QLabel *m_title = nullptr;
    QPushButton *m_choose = nullptr;
    QPushButton *m_import = nullptr;
    QWidget *m_installPanel = nullptr;
    QLabel *m_installTitle = nullptr;
    QProgressBar *m_installBar = nullptr;
    QLabel *m_installStatus = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_cancel = nullptr;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_delete = nullptr;
    QLabel *m_usage = nullptr;
    QLabel *m_detail = nullptr; // the selected model's origin and quality check
    QString m_interrupted; // an interrupted install's folder name, when no install runs
    QString m_lastError;
};

} // namespace deskseek::ui
