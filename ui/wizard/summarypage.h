#pragma once

#include <QWizardPage>

class QLabel;

namespace deskseek::ui {

class ModelWizard;

// Step 4: what will be downloaded, from where, to where, and how it will run.
class SummaryPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit SummaryPage(ModelWizard *wizard);

    void initializePage() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    ModelWizard *m_wizard;
    QLabel *m_summary = nullptr;
    QLabel *m_next = nullptr;
};

} // namespace deskseek::ui
