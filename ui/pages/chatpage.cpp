#include "pages/chatpage.h"

#include "widgets/emptystate.h"

#include <QEvent>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

ChatPage::ChatPage(QWidget *parent)
    : QWidget(parent)
    , m_empty(new EmptyState(QIcon(u":/icons/chat.svg"_s), this))
{
    setObjectName(u"chatPage"_s);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_empty);
    connect(m_empty, &EmptyState::actionTriggered, this, &ChatPage::modelsRequested);
    retranslate();
}

void ChatPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChatPage::retranslate()
{
    m_empty->setTexts(tr("No model installed yet"),
                      tr("Install a DeepSeek model to start chatting. Everything runs on this "
                         "computer: your conversations never leave it."),
                      tr("Get a model"));
}

} // namespace deskseek::ui
