#pragma once

#include <QIcon>
#include <QWidget>

class QLabel;
class QPushButton;

namespace deskseek::ui {

// The centred "nothing here yet" panel that pages show before they have content: an icon, a
// title, an explanation and an optional action button. The owner sets (and retranslates) the texts.
class EmptyState : public QWidget
{
    Q_OBJECT

public:
    explicit EmptyState(const QIcon &icon, QWidget *parent = nullptr);

    void setTexts(const QString &title, const QString &body, const QString &actionText = {});
    QPushButton *actionButton() const { return m_action; }
    QString title() const;

Q_SIGNALS:
    void actionTriggered();

private:
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_body = nullptr;
    QPushButton *m_action = nullptr;
};

} // namespace deskseek::ui
