#include "chat/modelbar.h"

#include "chat/chatengine.h"
#include "settings/appsettings.h"
#include "store/modelstore.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

using chat::ChatEngine;

namespace {
const QString kOpenFile = u"open-file"_s; // the combo entry that asks for a file
}

ModelBar::ModelBar(settings::AppSettings &settings, ChatEngine &engine, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_engine(engine)
    , m_models(new QComboBox(this))
    , m_load(new QPushButton(this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"modelBar"_s);
    m_models->setObjectName(u"modelCombo"_s);
    m_models->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_models->setMinimumContentsLength(24);
    m_load->setObjectName(u"loadButton"_s);
    m_progress->setObjectName(u"loadProgress"_s);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(160);
    m_status->setObjectName(u"modelStatus"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_models);
    layout->addWidget(m_load);
    layout->addWidget(m_progress);
    layout->addWidget(m_status, 1);

    connect(m_models, &QComboBox::activated, this, &ModelBar::onActivated);
    connect(m_load, &QPushButton::clicked, this, [this] {
        switch (m_engine.state()) {
        case ChatEngine::State::Empty:
            loadSelected();
            break;
        case ChatEngine::State::Loading:
            m_engine.cancelLoad();
            break;
        case ChatEngine::State::Ready:
            m_engine.unload();
            break;
        case ChatEngine::State::Generating:
            break;
        }
    });
    connect(&m_engine, &ChatEngine::stateChanged, this, &ModelBar::updateState);
    connect(&m_engine, &ChatEngine::loadProgress, this, [this](double fraction) { m_progress->setValue(int(fraction * 1000)); });
    connect(&m_engine, &ChatEngine::loadFinished, this, [this](bool ok, const QString &error) {
        m_error = ok ? QString() : error;
        updateState();
    });
    connect(&m_settings, &settings::AppSettings::modelDirectoryChanged, this, &ModelBar::refresh);
    refresh();
    retranslate();
}

void ModelBar::refresh()
{
    const QString selected = selectedPath();
    QStringList opened; // files opened by path stay in the list
    for (int i = 0; i < m_models->count(); ++i)
        if (m_models->itemData(i, Qt::UserRole + 1).toBool())
            opened << m_models->itemData(i).toString();
    m_models->clear();
    for (const store::InstalledModel &model : store::ModelStore(m_settings.modelDirectory()).scan())
        m_models->addItem(u"%1 (%2)"_s.arg(model.name, model.quantization), model.ggufPath);
    for (const QString &path : opened) {
        m_models->addItem(QFileInfo(path).fileName(), path);
        m_models->setItemData(m_models->count() - 1, true, Qt::UserRole + 1);
    }
    m_models->addItem(tr("Open a model file…"), kOpenFile);
    const int index = m_models->findData(selected);
    m_models->setCurrentIndex(index >= 0 ? index : 0);
    updateState();
}

int ModelBar::modelCount() const
{
    return m_models->count() - 1;
}

QString ModelBar::selectedPath() const
{
    const QString path = m_models->currentData().toString();
    return path == kOpenFile ? QString() : path;
}

void ModelBar::addPath(const QString &path)
{
    int index = m_models->findData(path);
    if (index < 0) {
        index = m_models->count() - 1; // before "Open a model file…"
        m_models->insertItem(index, QFileInfo(path).fileName(), path);
        m_models->setItemData(index, true, Qt::UserRole + 1);
    }
    m_models->setCurrentIndex(index);
    updateState();
}

void ModelBar::loadSelected()
{
    const QString path = selectedPath();
    if (path.isEmpty() || m_engine.state() == ChatEngine::State::Generating || m_engine.state() == ChatEngine::State::Loading)
        return;
    if (m_engine.state() == ChatEngine::State::Ready && m_engine.modelPath() == path)
        return;
    m_error.clear();
    m_progress->setValue(0);
    m_engine.load(path, m_contextLength);
}

void ModelBar::onActivated(int index)
{
    if (m_models->itemData(index).toString() == kOpenFile) {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open a model file"), QDir::homePath(),
                                                          tr("GGUF models (*.gguf)"));
        if (path.isEmpty()) {
            const int loaded = m_models->findData(m_engine.modelPath());
            m_models->setCurrentIndex(loaded >= 0 ? loaded : 0);
            return;
        }
        addPath(path);
    }
    // Choosing another model switches to it when one is loaded already.
    if (m_engine.state() == ChatEngine::State::Ready && m_engine.modelPath() != selectedPath())
        loadSelected();
    updateState();
}

void ModelBar::updateState()
{
    const ChatEngine::State state = m_engine.state();
    m_progress->setVisible(state == ChatEngine::State::Loading);
    m_models->setEnabled(state != ChatEngine::State::Loading && state != ChatEngine::State::Generating);
    switch (state) {
    case ChatEngine::State::Empty:
        m_load->setText(tr("Load"));
        m_load->setEnabled(!selectedPath().isEmpty());
        m_status->setText(m_error.isEmpty() ? (modelCount() > 0 ? tr("No model loaded") : QString()) : m_error);
        break;
    case ChatEngine::State::Loading:
        m_load->setText(tr("Cancel"));
        m_load->setEnabled(true);
        m_status->setText(tr("Loading…"));
        break;
    case ChatEngine::State::Ready:
        m_load->setText(tr("Unload"));
        m_load->setEnabled(true);
        m_status->setText(tr("Ready"));
        break;
    case ChatEngine::State::Generating:
        m_load->setText(tr("Unload"));
        m_load->setEnabled(false);
        m_status->setText(tr("Writing…"));
        break;
    }
    m_status->setToolTip(m_status->text());
}

void ModelBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ModelBar::retranslate()
{
    m_models->setToolTip(tr("The model that answers"));
    const int last = m_models->count() - 1;
    if (last >= 0)
        m_models->setItemText(last, tr("Open a model file…"));
    updateState();
}

} // namespace deskseek::ui
