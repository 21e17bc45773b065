#pragma once

#include <QWizardPage>

class QLabel;
class QProgressBar;
class QPushButton;

namespace deskseek::store {
class InstallService;
struct InstallProgress;
struct InstallResult;
}

namespace deskseek::ui {

class ModelWizard;

// Step 5: the download and conversion, with progress, speed and time left, pause/resume and
// cancel. Closing the wizard lets the install go on (the Models page shows it); Finish is
// offered once the model is ready.
class DownloadPage : public QWizardPage
{
    Q_OBJECT

public:
    DownloadPage(ModelWizard *wizard, store::InstallService *installs);

    void initializePage() override;
    bool isComplete() const override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showProgress(const store::InstallProgress &progress);
    void onFinished(const store::InstallResult &result);

    ModelWizard *m_wizard;
    store::InstallService *m_installs;
    QLabel *m_step = nullptr;
    QProgressBar *m_bar = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_cancel = nullptr;
    QLabel *m_note = nullptr;
    bool m_started = false; // this page started the install that the service runs
    bool m_done = false;
    QString m_message;      // the result, for people
};

} // namespace deskseek::ui
