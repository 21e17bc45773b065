#include "wizard/sourcepage.h"

#include "download/hubsource.h"
#include "i18n/datasize.h"
#include "settings/folderstatus.h"
#include "wizard/modelwizard.h"

#include <QButtonGroup>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

SourcePage::SourcePage(ModelWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_sources(new QButtonGroup(this))
    , m_huggingFace(new QRadioButton(this))
    , m_hfMirror(new QRadioButton(this))
    , m_modelScope(new QRadioButton(this))
    , m_custom(new QRadioButton(this))
    , m_customUrl(new QLineEdit(this))
    , m_folderLabel(new QLabel(this))
    , m_folder(new QLineEdit(this))
    , m_browse(new QPushButton(this))
    , m_folderStatus(new QLabel(this))
{
    setObjectName(u"sourcePage"_s);
    m_huggingFace->setObjectName(u"sourceHuggingFace"_s);
    m_hfMirror->setObjectName(u"sourceHfMirror"_s);
    m_modelScope->setObjectName(u"sourceModelScope"_s);
    m_custom->setObjectName(u"sourceCustom"_s);
    m_customUrl->setObjectName(u"customHubEdit"_s);
    m_customUrl->setEnabled(false);
    m_folder->setObjectName(u"folderEdit"_s);
    m_browse->setObjectName(u"browseButton"_s);
    m_folderStatus->setObjectName(u"folderStatus"_s);
    m_folderStatus->setWordWrap(true);
    m_sources->addButton(m_huggingFace);
    m_sources->addButton(m_hfMirror);
    m_sources->addButton(m_modelScope);
    m_sources->addButton(m_custom);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_huggingFace);
    layout->addWidget(m_hfMirror);
    layout->addWidget(m_modelScope);
    auto *custom = new QHBoxLayout;
    custom->addWidget(m_custom);
    custom->addWidget(m_customUrl, 1);
    layout->addLayout(custom);
    layout->addSpacing(16);
    layout->addWidget(m_folderLabel);
    auto *row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(m_browse);
    layout->addLayout(row);
    layout->addWidget(m_folderStatus);
    layout->addStretch(1);
    connect(m_sources, &QButtonGroup::buttonToggled, this, [this](QAbstractButton *, bool on) {
        if (on)
            updateSource();
    });
    connect(m_customUrl, &QLineEdit::textChanged, this, &SourcePage::updateSource);
    connect(m_folder, &QLineEdit::editingFinished, this, &SourcePage::checkFolder);
    connect(m_folder, &QLineEdit::textEdited, this, [this] {
        m_folderOk = false;
        Q_EMIT completeChanged();
    });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder for models"), m_folder->text());
        if (!folder.isEmpty()) {
            m_folder->setText(QDir::toNativeSeparators(folder));
            checkFolder();
        }
    });
    retranslate();
}

void SourcePage::updateSource()
{
    m_customUrl->setEnabled(m_custom->isChecked());
    QAbstractButton *button = m_sources->checkedButton();
    m_wizard->setSource(button == m_hfMirror     ? u"hf-mirror"_s
                        : button == m_modelScope ? u"modelscope"_s
                        : button == m_custom     ? m_customUrl->text().trimmed()
                                                 : u"huggingface"_s);
    Q_EMIT completeChanged();
}

void SourcePage::initializePage()
{
    const QString source = m_wizard->source();
    if (source.startsWith(u"http"_s)) {
        m_customUrl->setText(source);
        m_custom->setChecked(true);
    } else {
        (source == u"hf-mirror"_s ? m_hfMirror : source == u"modelscope"_s ? m_modelScope : m_huggingFace)->setChecked(true);
    }
    m_folder->setText(QDir::toNativeSeparators(m_wizard->folder()));
    checkFolder();
}

void SourcePage::checkFolder()
{
    const QString path = QDir::fromNativeSeparators(m_folder->text().trimmed());
    const settings::FolderStatus status = settings::FolderStatus::inspect(path);
    m_folderOk = status.usable();
    QString text = status.usable() ? QString() : status.message;
    if (status.usable() && status.bytesAvailable >= 0) {
        const qint64 needed = m_wizard->chosen().diskNeededBytes;
        const QString free = i18n::formatBytes(status.bytesAvailable);
        if (status.bytesAvailable < needed) {
            m_folderOk = false;
            text = tr("Only %1 free here, and the model needs %2. Choose a folder on a drive with more space.")
                       .arg(free, i18n::formatBytes(needed));
        } else {
            text = tr("%1 free here: enough.").arg(free);
        }
    }
    m_folderStatus->setText(text);
    if (m_folderOk)
        m_wizard->setFolder(path);
    Q_EMIT completeChanged();
}

bool SourcePage::isComplete() const
{
    // Another hub must be given as an http(s) address.
    return m_folderOk && (!m_custom->isChecked() || download::HubSource::fromName(m_customUrl->text().trimmed()));
}

bool SourcePage::validatePage()
{
    checkFolder();
    return m_folderOk;
}

void SourcePage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizardPage::changeEvent(event);
}

void SourcePage::retranslate()
{
    setTitle(tr("Download source and folder"));
    setSubTitle(tr("All three sources serve the same files; choose the one that is fast where you are."));
    m_huggingFace->setText(tr("Hugging Face (huggingface.co), the original"));
    m_hfMirror->setText(tr("hf-mirror.com, a mirror of Hugging Face that is fast in China"));
    m_modelScope->setText(tr("ModelScope (modelscope.cn), Alibaba's model hub, fast in China"));
    m_custom->setText(tr("Another Hugging Face-compatible hub:"));
    m_customUrl->setPlaceholderText(tr("https://hub.example.com"));
    m_folderLabel->setText(tr("Keep models in:"));
    m_browse->setText(tr("Browse…"));
}

} // namespace deskseek::ui
