#include "pages/monitorpage.h"

#include "widgets/emptystate.h"

#include <QEvent>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

MonitorPage::MonitorPage(QWidget *parent)
    : QWidget(parent)
    , m_empty(new EmptyState(QIcon(u":/icons/monitor.svg"_s), this))
{
    setObjectName(u"monitorPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_empty);
    retranslate();
}

void MonitorPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MonitorPage::retranslate()
{
    m_empty->setTexts(tr("Hardware monitoring is not available yet"),
                      tr("Live graphs of GPU memory, GPU temperature and utilisation, CPU and "
                         "RAM use, and tokens per second are not available in this build yet."));
}

} // namespace deskseek::ui
