#include "wizard/modelwizard.h"

#include "engine/gguf/quantscheme.h"
#include "i18n/translations.h"
#include "settings/appsettings.h"
#include "store/installsources.h"
#include "wizard/hardwarepage.h"
#include "wizard/recommendationpage.h"
#include "wizard/sourcepage.h"
#include "wizard/downloadpage.h"
#include "wizard/summarypage.h"

#include <QEvent>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

ModelWizard::ModelWizard(settings::AppSettings &settings, catalog::Catalog catalog,
                         hardware::HardwareReport hardware, store::InstallService *installs, QWidget *parent)
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
    m_options.cpuBandwidthGBs = settings.cpuBandwidthGBs(); // measured when idle; 0: estimated
    m_options.measuredSpeeds = settings.measuredSpeeds(); // what installed models decoded at here
    m_recommendation = catalog::Recommender(m_catalog).recommend(m_hardware, m_options);
    if (m_recommendation.best)
        m_chosen = *m_recommendation.best;
    m_source = defaultSource(m_options.language);
    m_folder = settings.modelDirectory();
    setPage(HardwarePageId, new HardwarePage(this));
    setPage(RecommendationPageId, new RecommendationPage(this));
    setPage(SourcePageId, new SourcePage(this));
    setPage(SummaryPageId, new SummaryPage(this));
    if (installs) {
        setPage(DownloadPageId, new DownloadPage(this, installs));
        page(SummaryPageId)->setCommitPage(true);
    }
    resize(760, 560);
    retranslate();
}

std::optional<store::InstallRequest> ModelWizard::installRequest() const
{
    return installRequest(m_catalog, m_chosen, m_source, m_folder, m_settings);
}

std::optional<store::InstallRequest> ModelWizard::installRequest(const catalog::Catalog &catalog, const catalog::Candidate &chosen,
                                                                 const QString &source, const QString &folder,
                                                                 const settings::AppSettings &settings)
{
    const catalog::ModelVariant *variant = catalog.find(chosen.variantId);
    if (!variant || !variant->runnable || !engine::gguf::quantSchemeFromName(chosen.quantization.toStdString()))
        return std::nullopt;
    store::InstallRequest request;
    request.modelDirectory = folder;
    request.name = variant->name;
    request.quantization = chosen.quantization.toLower();
    request.proxy = settings.downloadProxy().toUtf8();
    request.token = settings.effectiveHuggingFaceToken();
    request.connectionsPerFile = settings.downloadConnections();
    request.qualityCheck = settings.qualityCheckAfterQuantizing();
    QStringList order{source};
    for (const QString &other : {u"huggingface"_s, u"hf-mirror"_s, u"modelscope"_s})
        if (!order.contains(other))
            order.append(other);
    QList<download::HubSource> hubs;
    for (const QString &key : order)
        if (const auto hub = download::HubSource::fromName(key))
            hubs.append(*hub);
    store::addCatalogSources(request, *variant, hubs);
    if (request.sources.isEmpty() && request.readyMade.isEmpty())
        return std::nullopt;
    return request;
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
    // The summary's button starts the install; there is no way back from the download.
    if (page(DownloadPageId))
        page(SummaryPageId)->setButtonText(QWizard::CommitButton, tr("Install"));
}

} // namespace deskseek::ui
