#include "mainwindow.h"

#include "aboutdialog.h"
#include "pages/chatpage.h"
#include "pages/modelspage.h"
#include "pages/monitorpage.h"
#include "pages/settingspage.h"
#include "pages/welcomepage.h"
#include "server/localserver.h"
#include "serving/modelhost.h"
#include "settings/appsettings.h"
#include "settings/cpubandwidth.h"
#include "store/installservice.h"
#include "store/modelstore.h"
#include "wizard/modelwizard.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QEventLoop>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QThread>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

namespace {
constexpr int kPageCount = 4;
const char *const kPageIcons[kPageCount] = {":/icons/chat.svg", ":/icons/models.svg",
                                            ":/icons/monitor.svg", ":/icons/settings.svg"};
} // namespace

MainWindow::MainWindow(settings::AppSettings &settings, const ChatServices &chatServices, hardware::TelemetrySampler *sampler,
                       store::InstallService *installs, server::LocalServer *server, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_installs(installs)
    , m_navigation(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowIcon(QIcon(u":/icons/deskseek.svg"_s));
    m_navigation->setObjectName(u"navigation"_s);
    m_pages->setObjectName(u"pages"_s);

    // The Chat page: the first-start screen while no model is installed, then the chat.
    m_chatArea = new QStackedWidget(m_pages);
    m_chatArea->setObjectName(u"chatArea"_s);
    m_welcome = new WelcomePage(m_settings, m_installs, m_chatArea);
    m_chat = new ChatPage(m_settings, chatServices, m_chatArea);
    m_chatArea->addWidget(m_welcome);
    m_chatArea->addWidget(m_chat);
    ChatPage *chat = m_chat;
    auto *models = new ModelsPage(m_settings, m_installs, m_pages);
    m_pages->addWidget(m_chatArea);
    m_pages->addWidget(models);
    m_pages->addWidget(new MonitorPage(sampler, server ? &server->host().metrics() : nullptr, m_pages));
    m_pages->addWidget(new SettingsPage(m_settings, server, m_pages));
    connect(chat, &ChatPage::modelsRequested, this, [this] { showPage(Page::Models); });
    connect(models, &ModelsPage::settingsRequested, this, [this] { showPage(Page::Settings); });
    connect(models, &ModelsPage::wizardRequested, this, &MainWindow::openModelWizard);
    connect(m_welcome, &WelcomePage::otherChoicesRequested, this, &MainWindow::openModelWizard);
    connect(&m_settings, &settings::AppSettings::modelDirectoryChanged, this, &MainWindow::updateWelcome);
    if (m_installs)
        connect(m_installs, &store::InstallService::finished, this, [this](const store::InstallResult &result) {
            // The first model is in: the chat opens with it loading and the input focused.
            if (!result.ok() || m_chatArea->currentWidget() != m_welcome)
                return;
            m_chatArea->setCurrentWidget(m_chat);
            showPage(Page::Chat);
            m_chat->openModel(result.ggufPath);
        });
    updateWelcome();

    for (int i = 0; i < kPageCount; ++i)
        new QListWidgetItem(QIcon(QString::fromLatin1(kPageIcons[i])), QString(), m_navigation);
    m_navigation->setIconSize(QSize(22, 22));
    m_navigation->setFixedWidth(180);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setSpacing(2);
    m_navigation->setStyleSheet(
        u"QListWidget#navigation { padding: 8px; outline: 0; }"
        "QListWidget#navigation::item { padding: 8px; border-radius: 6px; color: palette(text); }"
        "QListWidget#navigation::item:hover { background: rgba(77, 107, 254, 0.08); }"
        "QListWidget#navigation::item:selected { background: rgba(77, 107, 254, 0.18);"
        " color: palette(text); font-weight: bold; }"_s);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages,
            &QStackedWidget::setCurrentIndex);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    createActions();
    retranslate();
    showPage(Page::Chat);

    if (!restoreGeometry(m_settings.windowGeometry()))
        resize(1100, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::openModelWizard()
{
    QString error;
    catalog::Catalog models = catalog::Catalog::load(u":/catalog/catalog.json"_s, &error);
    if (models.variants().isEmpty()) {
        QMessageBox::critical(this, tr("Model catalog"), error);
        return;
    }
    // Detecting the hardware (starting NVML) and, the first time, measuring how fast the CPU
    // reads memory take up to a second: a worker thread does it while the window stays live.
    const QString folder = m_settings.modelDirectory();
    const hardware::SystemPaths paths = hardware::SystemPaths::fromEnvironment();
    const bool measure = settings::cpuBandwidthNeedsMeasuring(m_settings, paths);
    settings::MachineReading reading;
    QThread *worker = QThread::create([&] { reading = settings::readMachine(folder, paths, measure); });
    QEventLoop wait; // repaints go on; user input waits (so no second wizard meanwhile)
    connect(worker, &QThread::finished, &wait, &QEventLoop::quit);
    QApplication::setOverrideCursor(Qt::BusyCursor);
    worker->start();
    wait.exec(QEventLoop::ExcludeUserInputEvents);
    worker->wait();
    delete worker;
    QApplication::restoreOverrideCursor();
    if (reading.measured)
        settings::keepCpuBandwidth(m_settings, reading.bandwidth, paths); // not when the machine was busy
    hardware::HardwareReport report = std::move(reading.report);
    ModelWizard wizard(m_settings, std::move(models), std::move(report), m_installs, this);
    wizard.exec();
    // The folder chosen in the wizard becomes the model folder once an install used it (the
    // install goes on in the background when the wizard is closed early).
    const bool installing = m_installs && m_installs->state() != store::InstallService::State::Idle;
    if ((wizard.result() == QDialog::Accepted || installing) && wizard.folder() != m_settings.modelDirectory())
        m_settings.setModelDirectory(wizard.folder());
    if (wizard.result() == QDialog::Accepted || installing)
        showPage(Page::Models);
}

bool MainWindow::showsWelcome() const
{
    return m_chatArea->currentWidget() == m_welcome;
}

void MainWindow::updateWelcome()
{
    // While its install runs the first-start screen stays; it gives way once a model is there.
    const store::ModelStore store(m_settings.modelDirectory());
    const bool none = store.scan().isEmpty() && store.interruptedInstalls().isEmpty();
    const bool installing = m_installs && m_installs->state() != store::InstallService::State::Idle;
    if (none || (installing && showsWelcome()))
        m_chatArea->setCurrentWidget(m_welcome);
    else
        m_chatArea->setCurrentWidget(m_chat);
}

void MainWindow::createActions()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_quitAction = m_fileMenu->addAction(QString());
    m_quitAction->setObjectName(u"quitAction"_s);
    // Ctrl+Q everywhere (Windows has no standard Quit key).
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quitRequested);

    m_viewMenu = menuBar()->addMenu(QString());
    for (int i = 0; i < kPageCount; ++i) {
        QAction *action = m_viewMenu->addAction(QIcon(QString::fromLatin1(kPageIcons[i])), QString());
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { showPage(static_cast<Page>(i)); });
        m_pageActions.append(action);
    }
    m_pageActions.last()->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_4),
                                        QKeySequence(Qt::CTRL | Qt::Key_Comma)});

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString());
    m_aboutAction->setObjectName(u"aboutAction"_s);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::showPage(Page page)
{
    m_navigation->setCurrentRow(static_cast<int>(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return static_cast<Page>(m_pages->currentIndex());
}

void MainWindow::bringToFront()
{
    if (isMinimized())
        setWindowState(windowState() & ~Qt::WindowMinimized);
    show();
    raise();
    activateWindow();
}

void MainWindow::showAbout()
{
    if (!m_about)
        m_about = new AboutDialog(this);
    m_about->show();
    m_about->raise();
    m_about->activateWindow();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_settings.setWindowGeometry(saveGeometry());
    if (m_closeToTray) {
        hide();
        event->ignore();
        Q_EMIT hiddenToTray();
        return;
    }
    if (m_minimizeOnClose) {
        event->ignore();
        showMinimized();
        statusBar()->showMessage(tr("DeskSeek's API server is still running for other programs. Quit DeskSeek "
                                    "(Ctrl+Q) to stop it."));
        return;
    }
    event->accept();
    Q_EMIT quitRequested();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("DeskSeek"));
    const QString names[kPageCount] = {tr("Chat"), tr("Models"), tr("Monitor"), tr("Settings")};
    for (int i = 0; i < kPageCount; ++i) {
        m_navigation->item(i)->setText(names[i]);
        m_pageActions[i]->setText(names[i]);
    }
    m_fileMenu->setTitle(tr("&File"));
    m_quitAction->setText(tr("&Quit DeskSeek"));
    m_viewMenu->setTitle(tr("&View"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About DeskSeek"));
}

} // namespace deskseek::ui
