#pragma once

#include "catalog/catalog.h"
#include "catalog/recommender.h"
#include "hardware/hardwarereport.h"
#include "store/modelinstaller.h"

#include <QWizard>

#include <optional>

namespace deskseek::settings {
class AppSettings;
}

namespace deskseek::store {
class InstallService;
}

namespace deskseek::ui {

// Choosing a model in four steps: what the computer has, which DeepSeek model and quantization
// suit it (with alternatives and how they fit), where to get it and where to keep it, and a
// summary, then the download itself (which goes on, on the Models page, if the wizard is closed).
class ModelWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId { HardwarePageId, RecommendationPageId, SourcePageId, SummaryPageId, DownloadPageId };

    // installs: where the chosen model is installed (the download page); without it the wizard
    // ends at the summary.
    ModelWizard(settings::AppSettings &settings, catalog::Catalog catalog, hardware::HardwareReport hardware,
                store::InstallService *installs = nullptr, QWidget *parent = nullptr);

    const catalog::Catalog &modelCatalog() const { return m_catalog; }
    const hardware::HardwareReport &hardware() const { return m_hardware; }
    const catalog::Recommendation &recommendation() const { return m_recommendation; }
    const catalog::RecommendationOptions &options() const { return m_options; }
    settings::AppSettings &appSettings() const { return m_settings; }

    // The user's choice (the recommendation until they pick another).
    const catalog::Candidate &chosen() const { return m_chosen; }
    void choose(const catalog::Candidate &candidate) { m_chosen = candidate; }
    QString source() const { return m_source; } // "huggingface", "hf-mirror", "modelscope" or a hub URL
    void setSource(const QString &source) { m_source = source; }
    QString folder() const { return m_folder; }
    void setFolder(const QString &folder) { m_folder = folder; }

    // What installing the choice takes: the chosen source first, the other hubs as fallbacks,
    // the chosen quantization, the chosen folder. Nothing when the choice cannot be installed.
    std::optional<store::InstallRequest> installRequest() const;
    // The same for any candidate, source and folder (the first-start screen's one click).
    static std::optional<store::InstallRequest> installRequest(const catalog::Catalog &catalog, const catalog::Candidate &chosen,
                                                               const QString &source, const QString &folder,
                                                               const settings::AppSettings &settings);

    // The default download source for a UI language: mirrors in China, Hugging Face elsewhere.
    static QString defaultSource(const QString &language);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    settings::AppSettings &m_settings;
    catalog::Catalog m_catalog;
    hardware::HardwareReport m_hardware;
    catalog::RecommendationOptions m_options;
    catalog::Recommendation m_recommendation;
    catalog::Candidate m_chosen;
    QString m_source;
    QString m_folder;
};

} // namespace deskseek::ui
