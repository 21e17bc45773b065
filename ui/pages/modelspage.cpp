#include "pages/modelspage.h"

#include "settings/appsettings.h"
#include "widgets/emptystate.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

ModelsPage::ModelsPage(settings::AppSettings &settings, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_empty(new EmptyState(QIcon(u":/icons/models.svg"_s), this))
    , m_choose(new QPushButton(this))
{
    setObjectName(u"modelsPage"_s);
    m_choose->setObjectName(u"chooseModelButton"_s);
    m_choose->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_empty);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_choose);
    row->addStretch(1);
    layout->addLayout(row);
    layout->addSpacing(24);
    connect(m_choose, &QPushButton::clicked, this, &ModelsPage::wizardRequested);
    connect(m_empty, &EmptyState::actionTriggered, this, &ModelsPage::settingsRequested);
    connect(&m_settings, &settings::AppSettings::modelDirectoryChanged, this,
            &ModelsPage::retranslate);
    retranslate();
}

void ModelsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ModelsPage::retranslate()
{
    m_empty->setTexts(
        tr("No model installed yet"),
        tr("Models will be stored in %1. Downloading DeepSeek models from Hugging Face, "
           "hf-mirror or ModelScope is not available in this build yet.")
            .arg(QDir::toNativeSeparators(m_settings.modelDirectory())),
        tr("Change storage folder…"));
    m_choose->setText(tr("Choose a model…"));
}

} // namespace deskseek::ui
