#include "pages/modelspage.h"

#include "pages/importdialog.h"

#include "i18n/datasize.h"
#include "settings/appsettings.h"
#include "store/installservice.h"
#include "store/modelimporter.h"
#include "store/modelstore.h"
#include "widgets/emptystate.h"
#include "widgets/installstatustext.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QCheckBox>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {


ModelsPage::ModelsPage(settings::AppSettings &settings, store::InstallService *installs, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_installs(installs)
    , m_empty(new EmptyState(QIcon(u":/icons/models.svg"_s), this))
    , m_title(new QLabel(this))
    , m_choose(new QPushButton(this))
    , m_import(new QPushButton(this))
    , m_installPanel(new QWidget(this))
    , m_installTitle(new QLabel(m_installPanel))
    , m_installBar(new QProgressBar(m_installPanel))
    , m_installStatus(new QLabel(m_installPanel))
    , m_pause(new QPushButton(m_installPanel))
    , m_cancel(new QPushButton(m_installPanel))
    , m_list(new QTreeWidget(this))
    , m_delete(new QPushButton(this))
    , m_usage(new QLabel(this))
    , m_detail(new QLabel(this))
{
    setObjectName(u"modelsPage"_s);
    m_choose->setObjectName(u"chooseModelButton"_s);
    m_choose->setDefault(true);
    m_import->setObjectName(u"importModelsButton"_s);
    m_installPanel->setObjectName(u"installPanel"_s);
    m_installTitle->setObjectName(u"installTitle"_s);
    m_installBar->setObjectName(u"installProgress"_s);
    m_installBar->setRange(0, 1000);
    m_installBar->setTextVisible(true);
    m_installStatus->setObjectName(u"installStatus"_s);
    m_installStatus->setWordWrap(true);
    m_pause->setObjectName(u"installPauseButton"_s);
    m_cancel->setObjectName(u"installCancelButton"_s);
    m_list->setObjectName(u"installedModels"_s);
    m_list->setColumnCount(4);
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_delete->setObjectName(u"deleteModelButton"_s);
    m_delete->setEnabled(false);
    m_usage->setObjectName(u"modelsUsage"_s);
    m_detail->setObjectName(u"modelDetail"_s);
    m_detail->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_installTitle->setFont(QFont(m_installTitle->font().family(), -1, QFont::Bold));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_import);
    header->addWidget(m_choose);
    layout->addLayout(header);

    auto *panel = new QVBoxLayout(m_installPanel);
    panel->setContentsMargins(0, 8, 0, 8);
    panel->addWidget(m_installTitle);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_installBar, 1);
    bar->addWidget(m_pause);
    bar->addWidget(m_cancel);
    panel->addLayout(bar);
    panel->addWidget(m_installStatus);
    layout->addWidget(m_installPanel);

    layout->addWidget(m_empty, 1);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_detail);
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_usage, 1);
    footer->addWidget(m_delete);
    layout->addLayout(footer);

    connect(m_choose, &QPushButton::clicked, this, &ModelsPage::wizardRequested);
    connect(m_import, &QPushButton::clicked, this, &ModelsPage::openImportDialog);
    connect(m_empty, &EmptyState::actionTriggered, this, &ModelsPage::settingsRequested);
    connect(m_delete, &QPushButton::clicked, this, &ModelsPage::deleteSelected);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, [this] {
        m_delete->setEnabled(!m_list->selectedItems().isEmpty());
        retranslate();
    });
    connect(m_pause, &QPushButton::clicked, this, &ModelsPage::pauseOrResume);
    connect(m_cancel, &QPushButton::clicked, this, &ModelsPage::cancelInstall);
    connect(&m_settings, &settings::AppSettings::modelDirectoryChanged, this, &ModelsPage::refresh);
    if (m_installs) {
        connect(m_installs, &store::InstallService::progressChanged, this, &ModelsPage::showProgress);
        connect(m_installs, &store::InstallService::finished, this, &ModelsPage::onFinished);
        connect(m_installs, &store::InstallService::stateChanged, this, [this] {
            m_lastError.clear();
            updateInstallPanel();
        });
    }
    refresh();
}

void ModelsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ModelsPage::showEvent(QShowEvent *event)
{
    refresh();
    QWidget::showEvent(event);
}

void ModelsPage::refresh()
{
    const store::ModelStore store(m_settings.modelDirectory());
    const QList<store::InstalledModel> models = store.scan();
    m_list->clear();
    qint64 total = 0;
    for (const store::InstalledModel &model : models) {
        auto *item = new QTreeWidgetItem(m_list, {model.name, model.quantization, i18n::formatBytes(model.bytes), QString()});
        item->setData(0, Qt::UserRole, model.name);
        item->setData(3, Qt::UserRole, model.imported ? model.importedFrom : QString());
        item->setData(3, Qt::UserRole + 1, QDir::toNativeSeparators(model.ggufPath));
        item->setData(1, Qt::UserRole, model.top1Agreement);
        item->setData(1, Qt::UserRole + 1, model.publisher);
        item->setToolTip(3, QDir::toNativeSeparators(model.imported ? model.ggufPath : model.folder));
        total += model.bytes;
    }
    m_interrupted.clear();
    const bool busy = m_installs && m_installs->state() != store::InstallService::State::Idle;
    if (m_installs && !busy) {
        const auto pending = store.interruptedInstalls();
        if (!pending.isEmpty())
            m_interrupted = pending.first().name;
    }
    m_list->setVisible(!models.isEmpty());
    m_detail->setVisible(!models.isEmpty());
    m_delete->setVisible(!models.isEmpty());
    m_usage->setProperty("models", int(models.size()));
    m_usage->setProperty("bytes", total);
    updateInstallPanel();
    retranslate();
}

void ModelsPage::updateInstallPanel()
{
    const auto state = m_installs ? m_installs->state() : store::InstallService::State::Idle;
    const bool show = state != store::InstallService::State::Idle || !m_interrupted.isEmpty() || !m_lastError.isEmpty();
    m_installPanel->setVisible(show);
    // The empty state only while there is neither a model nor an install to show.
    m_empty->setVisible(m_list->topLevelItemCount() == 0 && !show);
    m_pause->setVisible(state != store::InstallService::State::Idle || !m_interrupted.isEmpty());
    m_cancel->setVisible(m_pause->isVisible());
    m_installBar->setVisible(m_pause->isVisible());
    retranslate();
}

void ModelsPage::showProgress(const store::InstallProgress &progress)
{
    m_installBar->setValue(int(progress.fraction * 1000));
    updateInstallPanel();
}

void ModelsPage::onFinished(const store::InstallResult &result)
{
    m_lastError = result.ok() || result.error == store::InstallResult::Error::Cancelled ? QString() : result.message;
    refresh();
}

void ModelsPage::pauseOrResume()
{
    if (!m_installs)
        return;
    if (m_installs->state() != store::InstallService::State::Idle) {
        m_installs->togglePause();
    } else if (auto request = store::ModelInstaller::readJournal(m_settings.modelDirectory(), m_interrupted)) {
        m_interrupted.clear(); // an interrupted install starts again from its journal
        // The journal keeps no secrets: the token, proxy and connections come from the settings.
        request->token = m_settings.effectiveHuggingFaceToken();
        request->proxy = m_settings.downloadProxy().toUtf8();
        request->connectionsPerFile = m_settings.downloadConnections();
        request->qualityCheck = m_settings.qualityCheckAfterQuantizing();
        m_installs->start(*request);
    }
}

void ModelsPage::cancelInstall()
{
    if (!m_installs)
        return;
    if (m_installs->state() != store::InstallService::State::Idle) {
        m_installs->cancel();
    } else if (!m_interrupted.isEmpty()) {
        store::ModelInstaller::discard(m_settings.modelDirectory() + u'/' + m_interrupted);
        refresh();
    }
}

void ModelsPage::openImportDialog()
{
    auto *dialog = new ImportDialog(m_settings.modelDirectory(), store::ModelImporter::defaultOllamaFolder(),
                                    store::ModelImporter::defaultLmStudioFolders(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, &ModelsPage::refresh);
    dialog->open();
}

void ModelsPage::deleteSelected()
{
    const QList<QTreeWidgetItem *> selected = m_list->selectedItems();
    if (selected.isEmpty())
        return;
    const QString name = selected.first()->data(0, Qt::UserRole).toString();
    const QString importedFrom = selected.first()->data(3, Qt::UserRole).toString();
    if (!importedFrom.isEmpty()) {
        // An imported model: forget it; its file stays unless the user asks (never Ollama's).
        const QString file = selected.first()->data(3, Qt::UserRole + 1).toString();
        QMessageBox question(QMessageBox::Question, tr("Remove model"),
                             tr("Remove %1 from DeskSeek? Its file stays where it is:\n%2").arg(name, file),
                             QMessageBox::Yes | QMessageBox::Cancel, this);
        question.setObjectName(u"removeImportedQuestion"_s);
        question.setDefaultButton(QMessageBox::Cancel);
        auto *alsoFile = new QCheckBox(tr("Also delete the file (%1)").arg(selected.first()->text(2)), &question);
        alsoFile->setObjectName(u"deleteImportedFile"_s);
        if (importedFrom != u"ollama"_s)
            question.setCheckBox(alsoFile);
        else
            question.setInformativeText(tr("It is in Ollama's store: remove it there with 'ollama rm'."));
        if (question.exec() != QMessageBox::Yes)
            return;
        QString error;
        if (!store::ModelStore(m_settings.modelDirectory()).remove(name, &error, importedFrom != u"ollama"_s && alsoFile->isChecked()))
            QMessageBox::warning(this, tr("Remove model"), error);
        refresh();
        return;
    }
    QMessageBox question(QMessageBox::Question, tr("Delete model"),
                         tr("Delete %1 and its files (%2)? This cannot be undone.").arg(name, selected.first()->text(2)),
                         QMessageBox::Yes | QMessageBox::Cancel, this);
    question.setObjectName(u"deleteModelQuestion"_s);
    question.setDefaultButton(QMessageBox::Cancel);
    if (question.exec() != QMessageBox::Yes)
        return;
    QString error;
    if (!store::ModelStore(m_settings.modelDirectory()).remove(name, &error))
        QMessageBox::warning(this, tr("Delete model"), error);
    refresh();
}

void ModelsPage::retranslate()
{
    m_empty->setTexts(tr("No model installed yet"),
                      tr("Models will be stored in %1. Choose a model: DeskSeek recommends one that fits this "
                         "computer, downloads it from Hugging Face, hf-mirror or ModelScope and prepares it.")
                          .arg(QDir::toNativeSeparators(m_settings.modelDirectory())),
                      tr("Change storage folder…"));
    m_title->setText(tr("Models"));
    m_choose->setText(tr("Choose a model…"));
    m_import->setText(tr("Add models from this computer…"));
    QStringList about;
    if (const QList<QTreeWidgetItem *> selected = m_list->selectedItems(); !selected.isEmpty()) {
        const double agreement = selected.first()->data(1, Qt::UserRole).toDouble();
        const QString publisher = selected.first()->data(1, Qt::UserRole + 1).toString();
        if (!publisher.isEmpty())
            about << tr("Ready-made file from %1.").arg(publisher);
        if (agreement >= 0)
            about << tr("Quality check: %1 % of next-token choices match the original.").arg(100.0 * agreement, 0, 'f', 1);
    }
    m_detail->setText(about.join(u' '));
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        const QString from = item->data(3, Qt::UserRole).toString();
        const QString path = item->data(3, Qt::UserRole + 1).toString();
        if (from.isEmpty())
            item->setText(3, path);
        else
            item->setText(3, tr("%1 (added from %2; stays in place)")
                                 .arg(path, from == u"ollama"_s ? tr("Ollama") : from == u"lmstudio"_s ? tr("LM Studio") : tr("a folder")));
    }
    m_list->setHeaderLabels({tr("Name"), tr("Quantization"), tr("Size"), tr("Location")});
    m_delete->setText(tr("Delete…"));
    m_usage->setText(tr("Installed: %1 · %2 in %3")
                         .arg(m_usage->property("models").toInt())
                         .arg(i18n::formatBytes(m_usage->property("bytes").toLongLong()),
                              QDir::toNativeSeparators(m_settings.modelDirectory())));

    const auto state = m_installs ? m_installs->state() : store::InstallService::State::Idle;
    const store::InstallProgress progress = m_installs ? m_installs->lastProgress() : store::InstallProgress();
    m_pause->setText(state == store::InstallService::State::Running ? tr("Pause") : tr("Resume"));
    m_cancel->setText(tr("Cancel"));
    if (state == store::InstallService::State::Idle) {
        if (!m_interrupted.isEmpty()) {
            // A failed install keeps its journal too: say why it stopped, and offer to resume.
            m_installTitle->setText(tr("Installing %1 was interrupted").arg(m_interrupted));
            const QString keep = tr("What was downloaded is kept. Resume to continue, or cancel to delete it.");
            m_installStatus->setText(m_lastError.isEmpty() ? keep : m_lastError + u"\n"_s + keep);
        } else if (!m_lastError.isEmpty()) {
            m_installTitle->setText(tr("The install failed"));
            m_installStatus->setText(m_lastError);
        }
        return;
    }
    const QString name = m_installs->currentName();
    if (state == store::InstallService::State::Paused) {
        m_installTitle->setText(tr("Installing %1 (paused)").arg(name));
        m_installStatus->setText(tr("What was downloaded is kept. Resume to continue."));
        return;
    }
    m_installTitle->setText(tr("Installing %1").arg(name));
    const QString detail = InstallStatusText::detail(progress);
    m_installStatus->setText(detail.isEmpty() ? InstallStatusText::step(progress)
                                              : InstallStatusText::step(progress) + u"\n"_s + detail);
}

} // namespace deskseek::ui
