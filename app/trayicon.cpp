#include "trayicon.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace deskseek::app {

TrayIcon::TrayIcon(QObject *parent)
    : QObject(parent)
    , m_menu(new QMenu)
    , m_icon(new QSystemTrayIcon(QIcon(u":/icons/deskseek.svg"_s), this))
{
    m_menu->setObjectName(u"trayMenu"_s);
    m_addressAction = m_menu->addAction(QString());
    m_addressAction->setObjectName(u"trayAddressAction"_s);
    m_modelAction = m_menu->addAction(QString());
    m_modelAction->setObjectName(u"trayModelAction"_s);
    m_modelAction->setEnabled(false);
    m_requestsAction = m_menu->addAction(QString());
    m_requestsAction->setObjectName(u"trayRequestsAction"_s);
    m_requestsAction->setEnabled(false);
    m_pauseAction = m_menu->addAction(QString());
    m_pauseAction->setObjectName(u"trayPauseAction"_s);
    m_menu->addSeparator();
    m_showAction = m_menu->addAction(QString());
    m_showAction->setObjectName(u"trayShowAction"_s);
    m_menu->addSeparator();
    m_quitAction = m_menu->addAction(QString());
    m_quitAction->setObjectName(u"trayQuitAction"_s);
    connect(m_addressAction, &QAction::triggered, this, [this] {
        if (!m_status.address.isEmpty())
            QApplication::clipboard()->setText(m_status.address);
    });
    connect(m_pauseAction, &QAction::triggered, this, [this] { Q_EMIT pauseRequested(!m_status.paused); });
    connect(m_showAction, &QAction::triggered, this, &TrayIcon::showRequested);
    connect(m_quitAction, &QAction::triggered, this, &TrayIcon::quitRequested);

    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    Q_EMIT showRequested();
            });
    // The menu is a widget and receives LanguageChange; the icon's tooltip follows it.
    m_menu->installEventFilter(this);
    retranslate();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::show()
{
    if (isAvailable())
        m_icon->show();
}

void TrayIcon::showMessage(const QString &title, const QString &text)
{
    if (m_icon->isVisible())
        m_icon->showMessage(title, text, QSystemTrayIcon::Information, 6000);
}

void TrayIcon::setStatus(const Status &status)
{
    if (status == m_status)
        return;
    m_status = status;
    retranslate();
}

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_menu && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void TrayIcon::retranslate()
{
    QString server;
    if (!m_status.address.isEmpty())
        server = tr("Server: %1 (click to copy)").arg(m_status.address);
    else if (m_status.paused)
        server = tr("Server: paused");
    else if (!m_status.error.isEmpty())
        server = tr("Server: not running (see Settings → Server)");
    else
        server = tr("Server: off");
    m_addressAction->setText(server);
    m_addressAction->setEnabled(!m_status.address.isEmpty());
    m_addressAction->setToolTip(m_status.error);
    if (!m_status.loading.isEmpty())
        m_modelAction->setText(tr("Loading %1…").arg(m_status.loading));
    else if (!m_status.models.isEmpty())
        m_modelAction->setText(tr("Model: %1").arg(m_status.models.join(u", "_s)));
    else
        m_modelAction->setText(tr("No model loaded"));
    m_requestsAction->setText(tr("Requests: %1 running, %2 waiting").arg(m_status.running).arg(m_status.queued));
    m_pauseAction->setText(m_status.paused ? tr("&Resume server") : tr("&Pause server"));
    m_pauseAction->setEnabled(m_status.enabled);
    m_showAction->setText(tr("&Open DeskSeek"));
    m_quitAction->setText(tr("&Quit"));
    m_icon->setToolTip(m_status.address.isEmpty() ? tr("DeskSeek") : tr("DeskSeek: serving at %1").arg(m_status.address));
}

} // namespace deskseek::app
