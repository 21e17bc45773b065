#pragma once

#include <QWidget>

namespace deskseek::ui {

class EmptyState;

// Live hardware and generation graphs.
class MonitorPage : public QWidget
{
    Q_OBJECT

public:
    explicit MonitorPage(QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    EmptyState *m_empty = nullptr;
};

} // namespace deskseek::ui
