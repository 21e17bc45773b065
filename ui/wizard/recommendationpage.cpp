#include "wizard/recommendationpage.h"

#include "i18n/translations.h"
#include "i18n/datasize.h"
#include "settings/appsettings.h"
#include "wizard/modelwizard.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

RecommendationPage::RecommendationPage(ModelWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_recommended(new QLabel(this))
    , m_table(new QTreeWidget(this))
    , m_disk(new QLabel(this))
{
    setObjectName(u"recommendationPage"_s);
    m_recommended->setObjectName(u"recommendedLabel"_s);
    m_recommended->setWordWrap(true);
    m_recommended->setTextFormat(Qt::RichText);
    m_table->setObjectName(u"candidateTable"_s);
    m_table->setRootIsDecorated(false);
    m_table->setAlternatingRowColors(true);
    m_table->setColumnCount(5);
    m_table->header()->setStretchLastSection(false);
    m_table->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_disk->setObjectName(u"diskLabel"_s);
    m_disk->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_recommended);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_disk);
    connect(m_table, &QTreeWidget::itemSelectionChanged, this, &RecommendationPage::selectionChanged);

    // Every runnable model at every quantization, best first; what does not fit comes last.
    const catalog::Recommender recommender(m_wizard->modelCatalog());
    for (const catalog::ModelVariant &variant : m_wizard->modelCatalog().variants()) {
        if (!variant.runnable)
            continue;
        for (const QString &quantization : variant.quantizations)
            m_candidates << recommender.evaluate(variant, quantization, m_wizard->hardware(), m_wizard->options());
    }
    const auto &alternatives = m_wizard->recommendation().alternatives;
    const auto rank = [&](const catalog::Candidate &c) {
        for (qsizetype i = 0; i < alternatives.size(); ++i) {
            if (alternatives[i].variantId == c.variantId && alternatives[i].quantization == c.quantization)
                return i;
        }
        return qsizetype(10000) - qsizetype(c.score);
    };
    std::stable_sort(m_candidates.begin(), m_candidates.end(),
                     [&](const catalog::Candidate &a, const catalog::Candidate &b) { return rank(a) < rank(b); });
    retranslate();
}

void RecommendationPage::initializePage()
{
    // Select the current choice (the recommendation, or what the user picked before going back).
    for (int i = 0; i < m_table->topLevelItemCount(); ++i) {
        const catalog::Candidate &c = m_candidates[i];
        if (c.variantId == m_wizard->chosen().variantId && c.quantization == m_wizard->chosen().quantization) {
            m_table->setCurrentItem(m_table->topLevelItem(i));
            break;
        }
    }
}

bool RecommendationPage::isComplete() const
{
    QTreeWidgetItem *item = m_table->currentItem();
    if (!item)
        return false;
    const catalog::Candidate &c = m_candidates[m_table->indexOfTopLevelItem(item)];
    return c.placement != catalog::Candidate::Placement::TooLarge;
}

QString RecommendationPage::fitText(const catalog::Candidate &c) const
{
    switch (c.placement) {
    case catalog::Candidate::Placement::Gpu: return tr("Fits in VRAM");
    case catalog::Candidate::Placement::Split: return tr("Partial offload (%1/%2 layers on GPU)").arg(c.gpuLayers).arg(c.layers);
    case catalog::Candidate::Placement::Cpu: return tr("Runs on CPU");
    case catalog::Candidate::Placement::TooLarge: break;
    }
    return tr("Too large");
}

void RecommendationPage::fill()
{
    const QSignalBlocker blocker(m_table);
    const int current = m_table->currentItem() ? m_table->indexOfTopLevelItem(m_table->currentItem()) : -1;
    m_table->clear();
    for (const catalog::Candidate &c : std::as_const(m_candidates)) {
        auto *item = new QTreeWidgetItem(m_table);
        item->setText(0, c.variantName);
        item->setText(1, c.quantization.toUpper());
        item->setText(2, fitText(c));
        item->setText(3, c.placement == catalog::Candidate::Placement::TooLarge
                             ? QString()
                             : tr("%1 tok/s").arg(std::max(1.0, std::round(c.tokensPerSecond)), 0, 'f', 0));
        item->setText(4, i18n::formatBytes(c.downloadBytes));
        const QStyle::StandardPixmap icon = c.placement == catalog::Candidate::Placement::Gpu ? QStyle::SP_DialogApplyButton
                                            : c.placement == catalog::Candidate::Placement::TooLarge ? QStyle::SP_MessageBoxCritical
                                            : c.placement == catalog::Candidate::Placement::Split ? QStyle::SP_MessageBoxWarning
                                                                                                    : QStyle::SP_ComputerIcon;
        item->setIcon(2, style()->standardIcon(icon));
        item->setData(2, Qt::UserRole, catalog::placementName(c.placement));
        if (c.placement == catalog::Candidate::Placement::TooLarge)
            item->setFlags(item->flags() & ~Qt::ItemIsSelectable);
    }
    for (int column = 1; column < 5; ++column)
        m_table->resizeColumnToContents(column);
    if (current >= 0)
        m_table->setCurrentItem(m_table->topLevelItem(current));
}

void RecommendationPage::selectionChanged()
{
    QTreeWidgetItem *item = m_table->currentItem();
    if (item) {
        const catalog::Candidate &c = m_candidates[m_table->indexOfTopLevelItem(item)];
        if (c.placement != catalog::Candidate::Placement::TooLarge)
            m_wizard->choose(c);
        const qint64 free = m_wizard->hardware().diskFreeBytes;
        QString text = c.readyMadeFrom.isEmpty()
                           ? tr("Needs %1 of disk space: the download (%2) and the model file DeskSeek makes from it (%3).")
                                 .arg(i18n::formatBytes(c.diskNeededBytes), i18n::formatBytes(c.downloadBytes),
                                      i18n::formatBytes(c.weightsBytes))
                           : tr("Needs %1 of disk space: the ready-made file from %2.")
                                 .arg(i18n::formatBytes(c.diskNeededBytes), c.readyMadeFrom);
        if (free >= 0)
            text += u" "_s + (c.diskOk ? tr("%1 free: enough.").arg(i18n::formatBytes(free))
                                       : tr("Only %1 free: free some space or choose another folder in the next step.").arg(i18n::formatBytes(free)));
        m_disk->setText(text);
    }
    Q_EMIT completeChanged();
}

void RecommendationPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

void RecommendationPage::retranslate()
{
    setTitle(tr("The model for this computer"));
    setSubTitle(tr("The recommendation comes first. Distilled models are smaller models trained on DeepSeek-R1's answers."));
    m_table->setHeaderLabels({tr("Model"), tr("Format"), tr("Fit"), tr("Speed"), tr("Download")});
    const catalog::Recommendation &r = m_wizard->recommendation();
    if (r.best) {
        const catalog::ModelVariant *variant = m_wizard->modelCatalog().find(r.best->variantId);
        m_recommended->setText(u"<b>%1</b><br>%2<br><small>%3</small>"_s.arg(
            tr("Recommended: %1 %2").arg(r.best->variantName, r.best->quantization.toUpper()).toHtmlEscaped(),
            r.explanation.toHtmlEscaped(),
            variant ? variant->description(i18n::Translations::resolve(m_wizard->appSettings().language())).toHtmlEscaped() : QString()));
    } else {
        m_recommended->setText(r.explanation.toHtmlEscaped());
    }
    fill();
}

} // namespace deskseek::ui
