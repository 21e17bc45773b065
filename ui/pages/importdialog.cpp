#include "pages/importdialog.h"

#include "i18n/datasize.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QThread>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

namespace {

enum Column { Title, From, Architecture, Quantization, Size, Status, Columns };

} // namespace

ImportDialog::ImportDialog(QString modelFolder, QString ollamaFolder, QStringList lmStudioFolders, QWidget *parent)
    : QDialog(parent)
    , m_modelFolder(std::move(modelFolder))
    , m_intro(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_busy(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_chooseFolder(new QPushButton(this))
    , m_add(new QPushButton(this))
    , m_close(new QPushButton(this))
{
    setObjectName(u"importDialog"_s);
    resize(820, 440);
    m_intro->setWordWrap(true);
    m_list->setObjectName(u"importCandidates"_s);
    m_list->setColumnCount(Columns);
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setSectionResizeMode(Title, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_busy->setObjectName(u"importSearching"_s);
    m_busy->setRange(0, 0); // searching: no fraction to show
    m_status->setObjectName(u"importStatus"_s);
    m_status->setWordWrap(true);
    m_chooseFolder->setObjectName(u"importChooseFolder"_s);
    m_add->setObjectName(u"importAddButton"_s);
    m_add->setDefault(true);
    m_close->setObjectName(u"importCloseButton"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_busy);
    layout->addWidget(m_status);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_chooseFolder);
    buttons->addStretch(1);
    buttons->addWidget(m_add);
    buttons->addWidget(m_close);
    layout->addLayout(buttons);

    connect(m_chooseFolder, &QPushButton::clicked, this, &ImportDialog::chooseFolder);
    connect(m_add, &QPushButton::clicked, this, &ImportDialog::importChecked);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_list, &QTreeWidget::itemChanged, this, &ImportDialog::updateState);
    auto *add = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(add, &QShortcut::activated, this, &ImportDialog::importChecked);

    QList<Search> searches;
    if (!ollamaFolder.isEmpty())
        searches.append({ollamaFolder, u"ollama"_s});
    for (const QString &folder : lmStudioFolders)
        searches.append({folder, u"lmstudio"_s});
    retranslate();
    start(searches);
}

void ImportDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void ImportDialog::searchFolder(const QString &folder)
{
    start({{folder, u"folder"_s}});
}

void ImportDialog::start(const QList<Search> &searches)
{
    if (searches.isEmpty()) {
        updateState();
        return;
    }
    ++m_searches;
    // Shared with the worker, which outlives this dialog if it is closed meanwhile.
    auto found = std::make_shared<QList<store::ImportCandidate>>();
    const QString modelFolder = m_modelFolder;
    QThread *worker = QThread::create([found, searches, modelFolder] {
        const store::ModelImporter importer(modelFolder);
        for (const Search &search : searches) {
            if (search.from == u"ollama"_s)
                *found += importer.findInOllama(search.folder);
            else
                *found += importer.findInFolder(search.folder, search.from);
        }
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, found] {
        --m_searches;
        addCandidates(*found);
        if (m_searches == 0)
            Q_EMIT searchFinished();
    });
    updateState();
    worker->start();
}

void ImportDialog::addCandidates(const QList<store::ImportCandidate> &candidates)
{
    const QSignalBlocker blocker(m_list);
    for (const store::ImportCandidate &candidate : candidates) {
        bool known = false;
        for (const store::ImportCandidate &existing : m_candidates)
            known = known || existing.file == candidate.file;
        if (known)
            continue;
        m_candidates.append(candidate);
        auto *item = new QTreeWidgetItem(m_list);
        item->setData(Title, Qt::UserRole, int(m_candidates.size() - 1));
        item->setText(Title, candidate.title);
        item->setToolTip(Title, QDir::toNativeSeparators(candidate.file));
        item->setText(Architecture, candidate.architecture);
        item->setText(Quantization, candidate.quantization);
        item->setText(Size, i18n::formatBytes(candidate.bytes));
        if (candidate.runnable && !candidate.alreadyImported) {
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Title, Qt::Checked);
        } else {
            item->setFlags(item->flags() & ~Qt::ItemIsUserCheckable & ~Qt::ItemIsEnabled);
            item->setToolTip(Status, candidate.reason);
        }
    }
    retranslate();
    updateState();
}

void ImportDialog::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a folder with GGUF models"), QDir::homePath());
    if (!folder.isEmpty())
        searchFolder(folder);
}

void ImportDialog::importChecked()
{
    const store::ModelImporter importer(m_modelFolder);
    QStringList failures;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (!(item->flags() & Qt::ItemIsUserCheckable) || item->checkState(Title) != Qt::Checked)
            continue;
        const store::ImportCandidate &candidate = m_candidates.at(item->data(Title, Qt::UserRole).toInt());
        QString name;
        QString error;
        if (importer.import(candidate, &name, &error))
            m_imported << name;
        else
            failures << candidate.title + u": "_s + error;
    }
    if (!failures.isEmpty())
        QMessageBox::warning(this, tr("Add models"), failures.join(u'\n'));
    if (!m_imported.isEmpty())
        accept();
}

void ImportDialog::updateState()
{
    int checked = 0;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_list->topLevelItem(i);
        checked += (item->flags() & Qt::ItemIsUserCheckable) && item->checkState(Title) == Qt::Checked;
    }
    m_add->setEnabled(checked > 0);
    m_add->setProperty("selectedCount", checked);
    m_busy->setVisible(m_searches > 0);
    retranslate();
}

void ImportDialog::retranslate()
{
    setWindowTitle(tr("Add models from this computer"));
    m_intro->setText(tr("DeskSeek looked for GGUF models in Ollama's and LM Studio's folders. Checked models are added "
                        "where they are: nothing is copied, and deleting one in DeskSeek keeps its file unless you ask."));
    m_list->setHeaderLabels({tr("Model"), tr("From"), tr("Architecture"), tr("Quantization"), tr("Size"), tr("Status")});
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        const store::ImportCandidate &candidate = m_candidates.at(item->data(Title, Qt::UserRole).toInt());
        item->setText(From, candidate.from == u"ollama"_s     ? tr("Ollama")
                            : candidate.from == u"lmstudio"_s ? tr("LM Studio")
                                                              : tr("Folder"));
        item->setText(Status, candidate.alreadyImported ? tr("Already added")
                              : candidate.runnable      ? tr("Can run")
                                                        : tr("Cannot run: %1").arg(candidate.reason));
    }
    m_chooseFolder->setText(tr("Choose folder…"));
    const int checked = m_add->property("selectedCount").toInt();
    m_add->setText(checked > 0 ? tr("Add selected (%1)").arg(checked) : tr("Add"));
    m_close->setText(tr("Close"));
    if (m_searches > 0)
        m_status->setText(tr("Looking for models…"));
    else if (m_candidates.isEmpty())
        m_status->setText(tr("No GGUF models found in Ollama's or LM Studio's folders. Choose a folder that holds some."));
    else
        m_status->setText(tr("Models found: %1.").arg(m_candidates.size()));
}

} // namespace deskseek::ui
