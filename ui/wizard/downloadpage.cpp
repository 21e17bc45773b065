#include "wizard/downloadpage.h"

#include "i18n/datasize.h"
#include "store/installservice.h"
#include "widgets/installstatustext.h"
#include "wizard/modelwizard.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

DownloadPage::DownloadPage(ModelWizard *wizard, store::InstallService *installs)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_installs(installs)
    , m_step(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_pause(new QPushButton(this))
    , m_cancel(new QPushButton(this))
    , m_note(new QLabel(this))
{
    setObjectName(u"downloadPage"_s);
    m_step->setObjectName(u"downloadStep"_s);
    m_bar->setObjectName(u"downloadProgress"_s);
    m_bar->setRange(0, 1000);
    m_status->setObjectName(u"downloadStatus"_s);
    m_status->setWordWrap(true);
    m_pause->setObjectName(u"downloadPauseButton"_s);
    m_cancel->setObjectName(u"downloadCancelButton"_s);
    m_note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_step);
    auto *row = new QHBoxLayout;
    row->addWidget(m_bar, 1);
    row->addWidget(m_pause);
    row->addWidget(m_cancel);
    layout->addLayout(row);
    layout->addWidget(m_status);
    layout->addSpacing(16);
    layout->addWidget(m_note);
    layout->addStretch(1);
    connect(m_installs, &store::InstallService::progressChanged, this, &DownloadPage::showProgress);
    connect(m_installs, &store::InstallService::finished, this, &DownloadPage::onFinished);
    connect(m_installs, &store::InstallService::stateChanged, this, &DownloadPage::retranslate);
    connect(m_pause, &QPushButton::clicked, m_installs, &store::InstallService::togglePause);
    connect(m_cancel, &QPushButton::clicked, m_installs, &store::InstallService::cancel);
    retranslate();
}

void DownloadPage::initializePage()
{
    m_done = false;
    m_message.clear();
    m_bar->setValue(0);
    if (m_installs->state() != store::InstallService::State::Idle) {
        m_started = false;
        m_message = tr("Another model is being installed. Wait for it to finish, or cancel it on the Models page.");
    } else if (const auto request = m_wizard->installRequest()) {
        m_started = m_installs->start(*request);
    } else {
        m_message = tr("This model cannot be installed by this version of DeskSeek.");
    }
    retranslate();
    Q_EMIT completeChanged();
}

bool DownloadPage::isComplete() const
{
    return m_done;
}

void DownloadPage::showProgress(const store::InstallProgress &progress)
{
    if (!m_started)
        return;
    m_bar->setValue(int(progress.fraction * 1000));
    retranslate();
}

void DownloadPage::onFinished(const store::InstallResult &result)
{
    if (!m_started)
        return;
    if (result.ok()) {
        m_done = true;
        m_bar->setValue(1000);
        m_message = tr("%1 is installed (%2): %3").arg(m_installs->currentName().isEmpty() ? QDir(result.folder).dirName()
                                                                                         : m_installs->currentName(),
                                                     i18n::formatBytes(result.ggufBytes),
                                                     QDir::toNativeSeparators(result.ggufPath));
    } else if (m_installs->state() == store::InstallService::State::Idle) {
        m_message = result.error == store::InstallResult::Error::Cancelled ? tr("The install was cancelled.") : result.message;
    }
    retranslate();
    Q_EMIT completeChanged();
}

void DownloadPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

void DownloadPage::retranslate()
{
    setTitle(tr("Download and prepare"));
    setSubTitle(tr("DeskSeek downloads the model, checks every file and converts it for this computer."));
    m_pause->setText(m_installs->state() == store::InstallService::State::Paused ? tr("Resume") : tr("Pause"));
    m_cancel->setText(tr("Cancel download"));
    const bool running = m_started && m_installs->state() != store::InstallService::State::Idle;
    m_pause->setVisible(running);
    m_cancel->setVisible(running);
    m_note->setText(tr("You can close this window: the download goes on, and the Models page shows it."));
    m_note->setVisible(running);
    if (!running) {
        m_step->setText(m_done ? tr("Ready") : QString());
        m_status->setText(m_message);
        return;
    }
    const store::InstallProgress &progress = m_installs->lastProgress();
    if (m_installs->state() == store::InstallService::State::Paused) {
        m_step->setText(tr("Paused"));
        m_status->setText(tr("What was downloaded is kept. Resume to continue."));
        return;
    }
    m_step->setText(InstallStatusText::step(progress));
    m_status->setText(InstallStatusText::detail(progress));
}

} // namespace deskseek::ui
