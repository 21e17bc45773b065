#include "application.h"

#include "chat/chatengine.h"
#include "chat/chatsession.h"
#include "chat/chatstore.h"
#include "chat/servingchatgenerator.h"
#include "chat/speedrecorder.h"
#include "pages/chatpage.h"

#include "hardware/telemetrysampler.h"
#include "i18n/translations.h"
#include "mainwindow.h"
#include "server/localserver.h"
#include "serving/modelhost.h"
#include "settings/appsettings.h"
#include "settings/websearchconfig.h"
#include "store/installservice.h"
#include "trayicon.h"

#include <QTimer>

namespace deskseek::app {

Application::Application(std::unique_ptr<settings::AppSettings> settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_translations(std::make_unique<i18n::Translations>())
    , m_telemetry(std::make_unique<hardware::TelemetrySampler>())
    , m_installs(std::make_unique<store::InstallService>())
    , m_chatStore(std::make_unique<chat::ChatStore>())
    , m_host(std::make_unique<serving::ModelHost>(m_settings->modelDirectory(), serving::ModelHost::Options{}))
    , m_server(std::make_unique<server::LocalServer>(*m_settings, *m_host))
    , m_chatEngine(std::make_unique<chat::ChatEngine>(std::make_unique<chat::ServingChatGenerator>(*m_host)))
{
    // Translators first, so that every widget is built in the user's language.
    m_translations->apply(m_settings->language());
    QString error;
    if (!m_chatStore->open(chat::ChatStore::defaultPath(), &error))
        qWarning("%s", qPrintable(error)); // the chat still works; it is not saved
    m_chatSession = std::make_unique<chat::ChatSession>(*m_chatStore, *m_chatEngine);
    m_speedRecorder = std::make_unique<chat::SpeedRecorder>(*m_chatEngine, *m_settings);
    m_chatSession->setSearchConfig([settings = m_settings.get()] { return settings::webSearchConfig(*settings); });
    m_window = std::make_unique<ui::MainWindow>(*m_settings, ui::ChatServices{*m_chatStore, *m_chatEngine, *m_chatSession},
                                                m_telemetry.get(), m_installs.get(), m_server.get());
    m_tray = std::make_unique<TrayIcon>();

    connect(m_settings.get(), &settings::AppSettings::languageChanged, m_translations.get(),
            &i18n::Translations::apply);
    connect(m_settings.get(), &settings::AppSettings::closeToTrayChanged, this,
            &Application::updateCloseBehaviour);
    connect(m_window.get(), &ui::MainWindow::quitRequested, this, &Application::quitRequested);
    connect(m_window.get(), &ui::MainWindow::hiddenToTray, this, &Application::onHiddenToTray);
    connect(m_tray.get(), &TrayIcon::showRequested, this, &Application::activate);
    connect(m_tray.get(), &TrayIcon::quitRequested, this, &Application::quitRequested);
    connect(m_tray.get(), &TrayIcon::pauseRequested, m_server.get(), &server::LocalServer::setPaused);
    connect(m_server.get(), &server::LocalServer::statusChanged, this, [this] {
        updateCloseBehaviour();
        updateTray();
    });
    // The tray menu follows the loaded models and the requests.
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &Application::updateTray);
    timer->start(1000);
    updateCloseBehaviour();
}

Application::~Application()
{
    // Quitting from the tray or with Ctrl+Q does not close the window: keep its place anyway.
    m_settings->setWindowGeometry(m_window->saveGeometry());
    m_settings->sync();
}

void Application::start(bool background)
{
    m_telemetry->start(1000);
    m_server->start();
    m_tray->show();
    updateTray();
    // Without a tray a window started in the background could not be found again: show it.
    if (!background || !TrayIcon::isAvailable())
        m_window->show();
}

void Application::updateTray()
{
    TrayIcon::Status status;
    status.address = m_server->address();
    status.error = m_server->error();
    status.paused = m_server->paused();
    status.enabled = m_settings->server().enabled;
    for (const auto &model : m_host->loaded())
        status.models << model.name;
    status.loading = m_host->loadingModel();
    status.running = m_host->runningJobs();
    status.queued = m_host->queuedJobs();
    m_tray->setStatus(status);
}

void Application::activate()
{
    m_window->bringToFront();
}

void Application::updateCloseBehaviour()
{
    const bool toTray = m_settings->closeToTray() && TrayIcon::isAvailable();
    m_window->setCloseToTray(toTray);
    // No tray (GNOME without its extension): the window minimizes while the server runs.
    m_window->setMinimizeOnClose(m_settings->closeToTray() && !TrayIcon::isAvailable() && m_server->running());
}

void Application::onHiddenToTray()
{
    if (m_settings->trayHintShown())
        return;
    m_tray->showMessage(tr("DeskSeek is still running"),
                        m_server->running()
                            ? tr("DeskSeek keeps running in the tray, and its API server at %1 keeps answering. Click "
                                 "the icon to open the window again, or choose Quit from its menu to end it.")
                                  .arg(m_server->address())
                            : tr("DeskSeek keeps running in the tray. Click its icon to open the window "
                                 "again, or choose Quit from its menu to end it."));
    m_settings->setTrayHintShown(true);
}

} // namespace deskseek::app
