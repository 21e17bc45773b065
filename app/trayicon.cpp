#include "trayicon.h"

#include <QAction>
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
    m_showAction = m_menu->addAction(QString());
    m_showAction->setObjectName(u"trayShowAction"_s);
    m_menu->addSeparator();
    m_quitAction = m_menu->addAction(QString());
    m_quitAction->setObjectName(u"trayQuitAction"_s);
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

bool TrayIcon::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_menu && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void TrayIcon::retranslate()
{
    m_showAction->setText(tr("&Show DeskSeek"));
    m_quitAction->setText(tr("&Quit"));
    m_icon->setToolTip(tr("DeskSeek"));
}

} // namespace deskseek::app
