#include "widgets/emptystate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

EmptyState::EmptyState(const QIcon &icon, QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
    , m_action(new QPushButton(this))
{
    m_icon->setPixmap(icon.pixmap(QSize(96, 96)));
    m_icon->setAlignment(Qt::AlignCenter);

    m_title->setObjectName(u"emptyStateTitle"_s);
    m_title->setAlignment(Qt::AlignCenter);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_body->setObjectName(u"emptyStateBody"_s);
    m_body->setAlignment(Qt::AlignCenter);
    m_body->setWordWrap(true);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_action->setObjectName(u"emptyStateAction"_s);
    connect(m_action, &QPushButton::clicked, this, &EmptyState::actionTriggered);

    // The texts take the width of a readable column (at most 560 px), centred on the page.
    auto *column = new QWidget(this);
    column->setMaximumWidth(560);
    auto *content = new QVBoxLayout(column);
    content->addWidget(m_icon);
    content->addSpacing(12);
    content->addWidget(m_title);
    content->addWidget(m_body);
    content->addSpacing(12);
    content->addWidget(m_action, 0, Qt::AlignHCenter);

    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 4);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addLayout(row);
    layout->addStretch(3);
}

void EmptyState::setTexts(const QString &title, const QString &body, const QString &actionText)
{
    m_title->setText(title);
    m_body->setText(body);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
}

QString EmptyState::title() const
{
    return m_title->text();
}

} // namespace deskseek::ui
