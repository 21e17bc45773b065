#include "chat/messageview.h"

#include "chat/messagewidget.h"

#include <QScrollBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

namespace {
constexpr int kRedrawMs = 50;
constexpr int kAtEnd = 8; // pixels from the end that still count as "at the end"
} // namespace

MessageView::MessageView(QWidget *parent)
    : QScrollArea(parent)
    , m_content(new QWidget)
    , m_layout(new QVBoxLayout(m_content))
{
    setObjectName(u"messageView"_s);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_content->setObjectName(u"messageList"_s);
    m_layout->setContentsMargins(16, 12, 16, 12);
    m_layout->setSpacing(10);
    m_layout->addStretch(1);
    setWidget(m_content);
    m_redraw.setSingleShot(true);
    m_redraw.setInterval(kRedrawMs);
    connect(&m_redraw, &QTimer::timeout, this, &MessageView::flush);
    // The user scrolled: follow only while at the end.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_follow = value >= verticalScrollBar()->maximum() - kAtEnd;
    });
    // The content grew: stay at the end when following.
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, [this](int, int maximum) {
        if (m_follow)
            verticalScrollBar()->setValue(maximum);
    });
}

void MessageView::setPlaceholder(QWidget *placeholder)
{
    m_placeholder = placeholder;
    m_layout->insertWidget(0, placeholder, 1);
    updatePlaceholder();
}

void MessageView::updatePlaceholder()
{
    if (m_placeholder)
        m_placeholder->setVisible(m_widgets.isEmpty());
}

void MessageView::setMessages(const QList<chat::Message> &messages)
{
    m_pending.clear();
    for (MessageWidget *widget : std::as_const(m_widgets))
        delete widget;
    m_widgets.clear();
    for (const chat::Message &message : messages)
        addMessage(message);
    m_follow = true;
    updatePlaceholder();
}

void MessageView::addMessage(const chat::Message &message)
{
    auto *widget = new MessageWidget(message, m_content);
    connect(widget, &MessageWidget::regenerateRequested, this, &MessageView::regenerateRequested);
    connect(widget, &MessageWidget::resendRequested, this, &MessageView::resendRequested);
    m_layout->insertWidget(m_layout->count() - 1, widget);
    m_widgets.append(widget);
    widget->setMessage(message);
    updateActions();
    updatePlaceholder();
}

void MessageView::updateMessage(const chat::Message &message)
{
    m_pending.insert(message.id, message);
    // A finished message is drawn at once; a growing one with the next redraw.
    if (message.state != chat::Message::State::Streaming)
        flush();
    else if (!m_redraw.isActive())
        m_redraw.start();
}

void MessageView::flush()
{
    m_redraw.stop();
    for (const chat::Message &message : std::as_const(m_pending))
        if (MessageWidget *widget = widgetFor(message.id))
            widget->setMessage(message);
    m_pending.clear();
}

void MessageView::setBusy(bool busy)
{
    m_busy = busy;
    updateActions();
}

void MessageView::updateActions()
{
    for (qsizetype i = 0; i < m_widgets.size(); ++i)
        m_widgets[i]->setActions(i == m_widgets.size() - 1, !m_busy);
}

MessageWidget *MessageView::widgetFor(qint64 id) const
{
    for (MessageWidget *widget : m_widgets)
        if (widget->message().id == id)
            return widget;
    return nullptr;
}

} // namespace deskseek::ui
