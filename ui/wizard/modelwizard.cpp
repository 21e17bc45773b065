#include "wizard/modelwizard.h"

#include "i18n/translations.h"
#include "settings/appsettings.h"
#include "wizard/hardwarepage.h"
#include "wizard/recommendationpage.h"
#include "wizard/sourcepage.h"
#include "wizard/summarypage.h"

#include <QEvent>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

ModelWizard::ModelWizard(settings::AppSettings &settings, catalog::Catalog catalog,
                         hardware::HardwareReport hardware, QWidget *parent)
    : QWizard(parent)
    , m_settings(settings)
    , m_catalog(std::move(catalog))
    , m_hardware(std::move(hardware))
{
    setObjectName(u"modelWizard"_s);
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setWindowIcon(QIcon(u":/icons/deskseek.svg"_s));
    m_options.language = i18n::Translations::resolve(settings.language());
    m_options.cpuBandwidthGBs = settings.cpuBandwidthGBs(); // measured on first use; 0: estimated
    m_recommendation = catalog::Recommender(m_catalog).recommend(m_hardware, m_options);
    if (m_recommendation.best)
        m_chosen = *m_recommendation.best;
    m_source = defaultSource(m_options.language);
    m_folder = settings.modelDirectory();
    setPage(HardwarePageId, new HardwarePage(this));
    setPage(RecommendationPageId, new RecommendationPage(this));
    setPage(SourcePageId, new SourcePage(this));
    setPage(SummaryPageId, new SummaryPage(this));
    resize(760, 560);
    retranslate();
}

QString ModelWizard::defaultSource(const QString &language)
{
    return language.startsWith(u"zh"_s) ? u"hf-mirror"_s : u"huggingface"_s;
}

void ModelWizard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

void ModelWizard::retranslate()
{
    setWindowTitle(tr("Choose a DeepSeek model"));
}

} // namespace deskseek::ui
