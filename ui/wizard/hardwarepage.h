#pragma once

#include <QWizardPage>

class QListWidget;
class QLabel;

namespace deskseek::ui {

class ModelWizard;

// Step 1: what DeskSeek found on this computer.
class HardwarePage : public QWizardPage
{
    Q_OBJECT

public:
    explicit HardwarePage(ModelWizard *wizard);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    ModelWizard *m_wizard;
    QListWidget *m_list = nullptr;
    QLabel *m_note = nullptr;
};

} // namespace deskseek::ui
