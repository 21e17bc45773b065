#include "pages/welcomepage.h"

#include "i18n/datasize.h"
#include "i18n/translations.h"
#include "settings/appsettings.h"
#include "settings/cpubandwidth.h"
#include "store/installservice.h"
#include "widgets/installstatustext.h"
#include "wizard/modelwizard.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

WelcomePage::WelcomePage(settings::AppSettings &settings, store::InstallService *installs, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_installs(installs)
    , m_title(new QLabel(this))
    , m_hardwareLine(new QLabel(this))
    , m_model(new QLabel(this))
    , m_reason(new QLabel(this))
    , m_install(new QPushButton(this))
    , m_other(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_pause(new QPushButton(this))
    , m_cancel(new QPushButton(this))
{
    setObjectName(u"welcomePage"_s);
    m_hardwareLine->setObjectName(u"welcomeHardware"_s);
    m_model->setObjectName(u"welcomeModel"_s);
    m_reason->setObjectName(u"welcomeReason"_s);
    m_install->setObjectName(u"welcomeInstallButton"_s);
    m_other->setObjectName(u"welcomeOtherButton"_s);
    m_progress->setObjectName(u"welcomeProgress"_s);
    m_status->setObjectName(u"welcomeStatus"_s);
    m_pause->setObjectName(u"welcomePauseButton"_s);
    m_cancel->setObjectName(u"welcomeCancelButton"_s);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_title->setFont(big);
    for (QLabel *label : {m_title, m_hardwareLine, m_model, m_reason, m_status}) {
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignHCenter);
    }
    m_model->setTextFormat(Qt::RichText);
    QFont bigButton = m_install->font();
    bigButton.setPointSizeF(bigButton.pointSizeF() * 1.3);
    bigButton.setBold(true);
    m_install->setFont(bigButton);
    m_install->setMinimumHeight(m_install->fontMetrics().height() * 3);
    m_install->setMinimumWidth(m_install->fontMetrics().averageCharWidth() * 36);
    m_install->setDefault(true);
    m_progress->setRange(0, 1000);
    m_progress->hide();
    m_pause->hide();
    m_cancel->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    auto *column = new QVBoxLayout;
    column->addStretch(2);
    column->addWidget(m_title);
    column->addSpacing(12);
    column->addWidget(m_hardwareLine);
    column->addSpacing(24);
    column->addWidget(m_model);
    column->addWidget(m_reason);
    column->addSpacing(24);
    column->addWidget(m_install, 0, Qt::AlignHCenter);
    column->addWidget(m_other, 0, Qt::AlignHCenter);
    column->addSpacing(16);
    column->addWidget(m_progress);
    column->addWidget(m_status);
    column->addLayout(buttons);
    column->addStretch(3);
    auto *layout = new QHBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(column, 4);
    layout->addStretch(1);

    QString error;
    m_catalog = catalog::Catalog::load(u":/catalog/catalog.json"_s, &error);
    connect(m_install, &QPushButton::clicked, this, &WelcomePage::install);
    connect(m_other, &QPushButton::clicked, this, &WelcomePage::otherChoicesRequested);
    if (m_installs) {
        connect(m_pause, &QPushButton::clicked, m_installs, &store::InstallService::togglePause);
        connect(m_cancel, &QPushButton::clicked, m_installs, &store::InstallService::cancel);
        connect(m_installs, &store::InstallService::progressChanged, this, &WelcomePage::showProgress);
        connect(m_installs, &store::InstallService::finished, this, &WelcomePage::showResult);
        connect(m_installs, &store::InstallService::stateChanged, this, &WelcomePage::updateButtons);
    }
    retranslate();
}

WelcomePage::~WelcomePage() = default;

QString WelcomePage::source() const
{
    return m_source.isEmpty() ? ModelWizard::defaultSource(i18n::Translations::resolve(m_settings.language())) : m_source;
}

void WelcomePage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_looked && !m_looking)
        refresh();
}

void WelcomePage::refresh()
{
    if (m_looking)
        return;
    m_looking = true;
    updateButtons();
    retranslate();
    // The hardware, and the memory's speed when it must be measured, off the GUI thread.
    const QString folder = m_settings.modelDirectory();
    const hardware::SystemPaths paths = hardware::SystemPaths::fromEnvironment();
    const bool measure = settings::cpuBandwidthNeedsMeasuring(m_settings, paths);
    // Shared with the worker, which outlives this page if it is closed meanwhile.
    const auto reading = std::make_shared<settings::MachineReading>();
    QThread *worker = QThread::create([reading, folder, paths, measure] { *reading = settings::readMachine(folder, paths, measure); });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, reading, paths] {
        if (reading->measured)
            settings::keepCpuBandwidth(m_settings, reading->bandwidth, paths);
        m_hardware = reading->report;
        catalog::RecommendationOptions options;
        options.language = i18n::Translations::resolve(m_settings.language());
        options.cpuBandwidthGBs = m_settings.cpuBandwidthGBs();
        options.measuredSpeeds = m_settings.measuredSpeeds();
        m_recommendation = catalog::Recommender(m_catalog).recommend(m_hardware, options);
        m_looking = false;
        m_looked = true;
        retranslate();
        updateButtons();
        Q_EMIT recommendationReady();
    });
    worker->start();
}

void WelcomePage::install()
{
    if (!m_installs || !m_recommendation.best)
        return;
    const auto request = ModelWizard::installRequest(m_catalog, *m_recommendation.best, source(), m_settings.modelDirectory(), m_settings);
    if (!request) {
        m_error = tr("This model cannot be installed from here. Choose another with Other choices….");
        retranslate();
        return;
    }
    m_error.clear();
    m_progress->setValue(0);
    if (!m_installs->start(*request)) {
        m_error = tr("Another install is running. The Models page shows it.");
        retranslate();
    }
    updateButtons();
}

void WelcomePage::showProgress(const store::InstallProgress &progress)
{
    m_progress->setValue(int(std::lround(std::clamp(progress.fraction, 0.0, 1.0) * 1000)));
    m_status->setText(InstallStatusText::step(progress) + u"\n"_s + InstallStatusText::detail(progress));
}

void WelcomePage::showResult(const store::InstallResult &result)
{
    if (result.ok()) {
        m_progress->setValue(1000);
        m_status->setText(tr("Installed. Opening the chat…"));
    } else if (result.error == store::InstallResult::Error::Cancelled) {
        m_status->setText(m_installs && m_installs->state() == store::InstallService::State::Paused
                              ? tr("Paused. Resume continues where it stopped.")
                              : tr("Cancelled. Nothing was kept."));
    } else {
        m_error = result.message;
        retranslate();
    }
    updateButtons();
}

void WelcomePage::updateButtons()
{
    const store::InstallService::State state = m_installs ? m_installs->state() : store::InstallService::State::Idle;
    const bool busy = state != store::InstallService::State::Idle;
    m_install->setEnabled(!busy && !m_looking && m_recommendation.best.has_value() && m_installs);
    m_other->setEnabled(!busy);
    m_progress->setVisible(busy || m_progress->value() > 0);
    m_pause->setVisible(busy);
    m_cancel->setVisible(busy);
    m_pause->setText(state == store::InstallService::State::Paused ? tr("Resume") : tr("Pause"));
}

void WelcomePage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void WelcomePage::retranslate()
{
    m_title->setText(tr("Welcome to DeskSeek"));
    m_install->setText(tr("Install and start chatting"));
    m_other->setText(tr("Other choices…"));
    m_cancel->setText(tr("Cancel"));
    m_pause->setText(m_installs && m_installs->state() == store::InstallService::State::Paused ? tr("Resume") : tr("Pause"));
    if (m_looking || !m_looked) {
        m_hardwareLine->setText(tr("Looking at this computer…"));
        m_model->clear();
        m_reason->clear();
        return;
    }
    m_hardwareLine->setText(m_hardware.summary());
    if (!m_recommendation.best) {
        m_model->setText(tr("No DeepSeek model runs well on this computer."));
        m_reason->setText(m_recommendation.explanation);
        return;
    }
    const catalog::Candidate &best = *m_recommendation.best;
    const QString speed = best.speedMeasured ? tr("%1 tok/s, as measured here").arg(std::lround(best.tokensPerSecond))
                                             : tr("about %1 tok/s").arg(std::max<long>(1, std::lround(best.tokensPerSecond)));
    m_model->setText(u"<b>%1 %2</b><br>%3 · %4"_s.arg(best.variantName.toHtmlEscaped(), best.quantization.toUpper(),
                                                   tr("%1 download").arg(i18n::formatBytes(best.downloadBytes)).toHtmlEscaped(),
                                                   speed.toHtmlEscaped()));
    m_reason->setText(m_error.isEmpty() ? m_recommendation.explanation : m_error);
}

} // namespace deskseek::ui
