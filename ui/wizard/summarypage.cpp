#include "wizard/summarypage.h"

#include "store/modelinstaller.h"

#include "i18n/datasize.h"
#include "wizard/modelwizard.h"

#include <QDir>
#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

SummaryPage::SummaryPage(ModelWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_summary(new QLabel(this))
    , m_next(new QLabel(this))
{
    setObjectName(u"summaryPage"_s);
    setFinalPage(true);
    m_summary->setObjectName(u"summaryLabel"_s);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_next->setObjectName(u"summaryNext"_s);
    m_next->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addSpacing(12);
    layout->addWidget(m_next);
    layout->addStretch(1);
    retranslate();
}

void SummaryPage::initializePage()
{
    retranslate();
}

void SummaryPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

void SummaryPage::retranslate()
{
    setTitle(tr("Summary"));
    setSubTitle(tr("Check your choice."));
    const catalog::Candidate &c = m_wizard->chosen();
    const auto request = m_wizard->installRequest();
    const bool readyMade = request && !request->readyMade.isEmpty();
    const store::ModelSource *first = !request ? nullptr
                                      : readyMade ? &request->readyMade.first()
                                      : request->sources.isEmpty() ? nullptr : &request->sources.first();
    const auto hubName = [](const QString &name) {
        return name == u"hf-mirror"_s ? u"hf-mirror.com"_s : name == u"modelscope"_s ? u"ModelScope"_s : u"Hugging Face"_s;
    };
    const QString sourceName = first ? hubName(first->hub.name()) : hubName(m_wizard->source());
    const auto row = [](const QString &label, const QString &value) {
        return u"<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>"_s.arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = u"<table>"_s;
    html += row(tr("Model"), u"%1 %2"_s.arg(c.variantName, c.quantization.toUpper()));
    html += row(tr("Source"), u"%1: %2"_s.arg(sourceName, first ? first->repo : QString()));
    html += row(tr("Folder"), QDir::toNativeSeparators(m_wizard->folder()));
    if (readyMade)
        html += row(tr("Download"), tr("Ready-made file from %1: %2").arg(first->publisher, i18n::formatBytes(c.weightsBytes)));
    else
        html += row(tr("Download"), tr("Download %1, then DeskSeek makes a %2 file")
                                        .arg(i18n::formatBytes(c.downloadBytes), i18n::formatBytes(c.weightsBytes)));
    html += row(tr("Expected speed"), tr("about %1 tok/s").arg(std::max(1.0, std::round(c.tokensPerSecond)), 0, 'f', 0));
    html += u"</table>"_s;
    m_summary->setText(html);
    if (readyMade)
        m_next->setText(tr("Install downloads the ready-made %1 file from %2 and checks it. If no source has it, DeskSeek "
                           "downloads the original model and makes the file itself. You can close this window: the install "
                           "goes on, and the Models page shows it, with Pause and Cancel.")
                            .arg(c.quantization.toUpper(), sourceName));
    else
        m_next->setText(tr("Install downloads the model from %1, checks every file and converts it for DeskSeek. You can close "
                           "this window: the install goes on, and the Models page shows it, with Pause and Cancel.")
                            .arg(sourceName));
}

} // namespace deskseek::ui
