#pragma once

#include "catalog/recommender.h"

#include <QWizardPage>

class QLabel;
class QTreeWidget;

namespace deskseek::ui {

class ModelWizard;

// Step 2: the recommended model and quantization, and the alternatives with how each would fit
// (entirely on the GPU, split between GPU and CPU, on the CPU, too large), its expected speed and
// download size, and whether the disk has room.
class RecommendationPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit RecommendationPage(ModelWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fill();
    void selectionChanged();
    QString fitText(const catalog::Candidate &candidate) const;

    ModelWizard *m_wizard;
    QLabel *m_recommended = nullptr;
    QTreeWidget *m_table = nullptr;
    QLabel *m_disk = nullptr;
    QList<catalog::Candidate> m_candidates;
};

} // namespace deskseek::ui
