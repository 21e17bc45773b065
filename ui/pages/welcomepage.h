#pragma once

#include "catalog/catalog.h"
#include "catalog/recommender.h"
#include "hardware/hardwarereport.h"

#include <QWidget>

#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace deskseek::settings {
class AppSettings;
}
namespace deskseek::store {
class InstallService;
struct InstallProgress;
struct InstallResult;
}

namespace deskseek::ui {

// The first screen while no model is installed: what the computer has in one line, the model
// DeskSeek recommends for it (download size, expected speed, why), one large "Install and start
// chatting" button (from the default source for the UI language), and "Other choices…" for the
// full wizard. The install's progress shows here, with Pause/Resume and Cancel. Looking at the
// hardware (and measuring the memory's speed when it has to) runs on a worker thread.
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    WelcomePage(settings::AppSettings &settings, store::InstallService *installs, QWidget *parent = nullptr);
    ~WelcomePage() override;

    // Looks at the computer again and recommends (also done once when the page is first shown).
    void refresh();
    bool hasRecommendation() const { return m_recommendation.best.has_value(); }
    const catalog::Recommendation &recommendation() const { return m_recommendation; }
    // Where Install downloads from: "huggingface", "hf-mirror", "modelscope" or a hub's URL
    // (default: the UI language's, as in the wizard).
    void setSource(const QString &source) { m_source = source; }
    QString source() const;

Q_SIGNALS:
    void otherChoicesRequested();
    // The recommendation is on screen (after refresh()).
    void recommendationReady();

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void install();
    void showProgress(const store::InstallProgress &progress);
    void showResult(const store::InstallResult &result);
    void updateButtons();

    settings::AppSettings &m_settings;
    store::InstallService *m_installs;
    catalog::Catalog m_catalog;
    hardware::HardwareReport m_hardware;
    catalog::Recommendation m_recommendation;
    QString m_source;
    bool m_looking = false;
    bool m_looked = false;
    QString m_error;
    QLabel *m_title;
    QLabel *m_hardwareLine;
    QLabel *m_model;
    QLabel *m_reason;
    QPushButton *m_install;
    QPushButton *m_other;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_pause;
    QPushButton *m_cancel;
};

} // namespace deskseek::ui
