#include "wizard/hardwarepage.h"

#include "i18n/datasize.h"
#include "wizard/modelwizard.h"

#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

HardwarePage::HardwarePage(ModelWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_list(new QListWidget(this))
    , m_note(new QLabel(this))
{
    setObjectName(u"hardwarePage"_s);
    m_list->setObjectName(u"hardwareList"_s);
    m_list->setIconSize(QSize(16, 16)); // the style's icons share this size
    m_list->setSpacing(3);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_note->setObjectName(u"hardwareNote"_s);
    m_note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_note);
    retranslate();
}

void HardwarePage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

void HardwarePage::retranslate()
{
    setTitle(tr("Your computer"));
    setSubTitle(tr("DeskSeek looked at this computer to find the model that runs best on it."));
    const hardware::HardwareReport &h = m_wizard->hardware();
    m_list->clear();
    const auto add = [this](QStyle::StandardPixmap icon, const QString &text) {
        new QListWidgetItem(style()->standardIcon(icon), text, m_list);
    };
    for (const hardware::GpuInfo &gpu : h.gpus) {
        QString text = tr("%1 — %2 video memory (%3 free)").arg(gpu.name, i18n::formatBytes(gpu.vramTotalBytes), i18n::formatBytes(gpu.vramFreeBytes));
        if (gpu.temperatureC)
            text += u", "_s + tr("%1 °C").arg(*gpu.temperatureC);
        add(QStyle::SP_DesktopIcon, text);
    }
    if (h.gpus.isEmpty())
        add(QStyle::SP_MessageBoxInformation, tr("No graphics card that DeskSeek can use: models run on the processor."));
    add(QStyle::SP_ComputerIcon, tr("%1 — %2 cores, %3 threads%4")
                                     .arg(h.cpu.model)
                                     .arg(h.cpu.cores)
                                     .arg(h.cpu.threads)
                                     .arg(h.cpu.avx2 ? tr(", AVX2") : QString()));
    add(QStyle::SP_DriveHDIcon, tr("%1 memory (%2 available)").arg(i18n::formatBytes(h.memory.totalBytes), i18n::formatBytes(h.memory.availableBytes)));
    add(QStyle::SP_DirIcon, tr("%1 free for models in %2").arg(i18n::formatBytes(h.diskFreeBytes), h.modelFolder));
    m_note->setText(h.nvmlStatus == hardware::NvmlLibrary::Status::Failed ? h.nvmlMessage : QString());
}

} // namespace deskseek::ui
