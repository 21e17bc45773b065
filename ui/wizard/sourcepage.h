#pragma once

#include <QWizardPage>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace deskseek::ui {

class ModelWizard;

// Step 3: where to download from (Hugging Face, hf-mirror, ModelScope, or another Hugging
// Face-compatible hub by URL; a mirror by default in China) and where to keep the model (the
// folder must be writable and have room).
class SourcePage : public QWizardPage
{
    Q_OBJECT

public:
    explicit SourcePage(ModelWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void checkFolder();
    void updateSource();

    ModelWizard *m_wizard;
    QButtonGroup *m_sources = nullptr;
    QRadioButton *m_huggingFace = nullptr;
    QRadioButton *m_hfMirror = nullptr;
    QRadioButton *m_modelScope = nullptr;
    QRadioButton *m_custom = nullptr;   // another Hugging Face-compatible hub, by URL
    QLineEdit *m_customUrl = nullptr;
    QLabel *m_folderLabel = nullptr;
    QLineEdit *m_folder = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_folderStatus = nullptr;
    bool m_folderOk = false;
};

} // namespace deskseek::ui
