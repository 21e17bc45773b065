#include "pages/settingspage.h"

#include "pages/searchsettingsgroup.h"
#include "pages/serversettingsgroup.h"

#include "i18n/translations.h"
#include "settings/appsettings.h"
#include "settings/folderstatus.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

namespace {
// Below this much free space most DeepSeek models do not fit (the 7B/8B distills need 5-16 GB).
constexpr qint64 kLowSpaceBytes = 20LL * 1000 * 1000 * 1000;
} // namespace

SettingsPage::SettingsPage(settings::AppSettings &settings, server::LocalServer *server, QWidget *parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_generalGroup(new QGroupBox(this))
    , m_languageLabel(new QLabel(this))
    , m_language(new QComboBox(this))
    , m_closeToTray(new QCheckBox(this))
    , m_modelsGroup(new QGroupBox(this))
    , m_modelDirLabel(new QLabel(this))
    , m_modelDir(new QLineEdit(this))
    , m_browse(new QPushButton(this))
    , m_resetDir(new QPushButton(this))
    , m_modelDirStatus(new QLabel(this))
    , m_qualityCheck(new QCheckBox(this))
    , m_downloadsGroup(new QGroupBox(this))
    , m_proxyLabel(new QLabel(this))
    , m_proxy(new QLineEdit(this))
    , m_tokenLabel(new QLabel(this))
    , m_token(new QLineEdit(this))
    , m_connectionsLabel(new QLabel(this))
    , m_connections(new QSpinBox(this))
    , m_downloadsNote(new QLabel(this))
{
    setObjectName(u"settingsPage"_s);
    m_language->setObjectName(u"languageCombo"_s);
    m_closeToTray->setObjectName(u"closeToTrayCheck"_s);
    m_modelDir->setObjectName(u"modelDirEdit"_s);
    m_browse->setObjectName(u"modelDirBrowse"_s);
    m_resetDir->setObjectName(u"modelDirReset"_s);
    m_modelDirStatus->setObjectName(u"modelDirStatus"_s);
    m_modelDirStatus->setWordWrap(true);
    m_qualityCheck->setObjectName(u"qualityCheckCheck"_s);
    m_proxy->setObjectName(u"proxyEdit"_s);
    m_proxy->setClearButtonEnabled(true);
    m_token->setObjectName(u"tokenEdit"_s);
    m_token->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_token->setClearButtonEnabled(true);
    m_connections->setObjectName(u"connectionsSpin"_s);
    m_connections->setRange(1, 16);
    m_downloadsNote->setWordWrap(true);
    m_connectionsLabel->setBuddy(m_connections);
    m_proxyLabel->setBuddy(m_proxy);
    m_tokenLabel->setBuddy(m_token);
    m_languageLabel->setBuddy(m_language);
    m_modelDirLabel->setBuddy(m_modelDir);

    auto *general = new QFormLayout(m_generalGroup);
    general->addRow(m_languageLabel, m_language);
    general->addRow(m_closeToTray);

    auto *dirRow = new QHBoxLayout;
    dirRow->addWidget(m_modelDir, 1);
    dirRow->addWidget(m_browse);
    dirRow->addWidget(m_resetDir);
    auto *models = new QFormLayout(m_modelsGroup);
    models->addRow(m_modelDirLabel, dirRow);
    models->addRow(m_modelDirStatus);
    models->addRow(m_qualityCheck);

    auto *downloads = new QFormLayout(m_downloadsGroup);
    downloads->addRow(m_proxyLabel, m_proxy);
    downloads->addRow(m_tokenLabel, m_token);
    downloads->addRow(m_connectionsLabel, m_connections);
    downloads->addRow(m_downloadsNote);

    // The groups scroll when the window is smaller than they are.
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(m_generalGroup);
    layout->addWidget(m_modelsGroup);
    layout->addWidget(m_downloadsGroup);
    layout->addWidget(new SearchSettingsGroup(m_settings, content));
    layout->addWidget(new ServerSettingsGroup(m_settings, server, content));
    layout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"settingsScroll"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_language, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            m_settings.setLanguage(m_language->itemData(index).toString());
    });
    connect(m_closeToTray, &QCheckBox::toggled, &m_settings,
            &settings::AppSettings::setCloseToTray);
    connect(m_qualityCheck, &QCheckBox::toggled, &m_settings, &settings::AppSettings::setQualityCheckAfterQuantizing);
    connect(m_browse, &QPushButton::clicked, this, &SettingsPage::browseModelDirectory);
    connect(m_resetDir, &QPushButton::clicked, this, [this] {
        chooseModelDirectory(settings::AppSettings::defaultModelDirectory());
    });
    connect(m_modelDir, &QLineEdit::editingFinished, this, [this] {
        const QString typed = QDir::fromNativeSeparators(m_modelDir->text().trimmed());
        if (QDir::cleanPath(typed) != m_settings.modelDirectory())
            chooseModelDirectory(typed);
    });
    connect(&m_settings, &settings::AppSettings::closeToTrayChanged, m_closeToTray,
            &QCheckBox::setChecked);
    connect(&m_settings, &settings::AppSettings::modelDirectoryChanged, this,
            &SettingsPage::showModelDirectory);

    connect(m_proxy, &QLineEdit::editingFinished, this, [this] { m_settings.setDownloadProxy(m_proxy->text()); });
    connect(m_token, &QLineEdit::editingFinished, this, [this] { m_settings.setHuggingFaceToken(m_token->text()); });
    connect(m_connections, &QSpinBox::valueChanged, &m_settings, &settings::AppSettings::setDownloadConnections);

    m_closeToTray->setChecked(m_settings.closeToTray());
    m_qualityCheck->setChecked(m_settings.qualityCheckAfterQuantizing());
    m_proxy->setText(m_settings.downloadProxy());
    m_token->setText(m_settings.huggingFaceToken());
    m_connections->setValue(m_settings.downloadConnections());
    retranslate();
}

bool SettingsPage::chooseModelDirectory(const QString &path)
{
    const settings::FolderStatus status = settings::FolderStatus::inspect(path);
    if (!status.usable()) {
        // Keep showing the folder in use, with the reason the new one was refused.
        m_modelDir->setText(QDir::toNativeSeparators(m_settings.modelDirectory()));
        showFolderStatus(status);
        return false;
    }
    // A new folder is shown (and checked again) through modelDirectoryChanged; the same folder
    // chosen again only needs its fresh status.
    const QString before = m_settings.modelDirectory();
    m_settings.setModelDirectory(path);
    if (m_settings.modelDirectory() == before)
        showFolderStatus(status);
    return true;
}

void SettingsPage::browseModelDirectory()
{
    const QString chosen = QFileDialog::getExistingDirectory(
        this, tr("Choose where to store models"), m_settings.modelDirectory());
    if (!chosen.isEmpty())
        chooseModelDirectory(chosen);
}

void SettingsPage::showModelDirectory()
{
    const QString directory = m_settings.modelDirectory();
    m_modelDir->setText(QDir::toNativeSeparators(directory));
    showFolderStatus(settings::FolderStatus::inspect(directory));
}

void SettingsPage::showFolderStatus(const settings::FolderStatus &status)
{
    if (!status.usable()) {
        m_modelDirStatus->setStyleSheet(u"color: #c0392b;"_s);
        m_modelDirStatus->setText(status.message);
    } else if (status.bytesAvailable >= 0 && status.bytesAvailable < kLowSpaceBytes) {
        m_modelDirStatus->setStyleSheet(u"color: #b9770e;"_s);
        m_modelDirStatus->setText(
            tr("Only %1 free on this drive. Most DeepSeek models need 5 to 40 GB: choose a "
               "folder on a larger drive.")
                .arg(QLocale().formattedDataSize(status.bytesAvailable)));
    } else {
        m_modelDirStatus->setStyleSheet(QString());
        m_modelDirStatus->setText(
            status.bytesAvailable >= 0
                ? tr("%1 free on this drive.").arg(QLocale().formattedDataSize(status.bytesAvailable))
                : QString());
    }
}

void SettingsPage::populateLanguages()
{
    const QSignalBlocker blocker(m_language);
    m_language->clear();
    const QString systemLanguage = i18n::Translations::resolve(u"system"_s);
    QString systemName;
    for (const i18n::Translations::Language &language : i18n::Translations::available()) {
        if (language.code == systemLanguage)
            systemName = language.nativeName;
    }
    m_language->addItem(tr("System default (%1)").arg(systemName), u"system"_s);
    for (const i18n::Translations::Language &language : i18n::Translations::available())
        m_language->addItem(language.nativeName, language.code);
    m_language->setCurrentIndex(qMax(0, m_language->findData(m_settings.language())));
}

void SettingsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SettingsPage::retranslate()
{
    m_generalGroup->setTitle(tr("General"));
    m_languageLabel->setText(tr("&Language:"));
    m_closeToTray->setText(
        tr("Keep DeskSeek running in the system tray when the window is closed"));
    m_modelsGroup->setTitle(tr("Models"));
    m_modelDirLabel->setText(tr("&Storage folder:"));
    m_browse->setText(tr("&Browse…"));
    m_resetDir->setText(tr("Use &default"));
    m_resetDir->setToolTip(QDir::toNativeSeparators(settings::AppSettings::defaultModelDirectory()));
    m_qualityCheck->setText(tr("After quantizing a model of up to 8B parameters, check it against the original"));
    m_qualityCheck->setToolTip(tr("Both models read a short text; the Models page then shows how often the quantized model "
                                  "picks the original's next token. It adds about a minute to the install."));
    m_downloadsGroup->setTitle(tr("Downloads"));
    m_proxyLabel->setText(tr("&Proxy:"));
    m_proxy->setPlaceholderText(tr("The system's (for example http://127.0.0.1:7890)"));
    m_tokenLabel->setText(tr("Hugging Face &token:"));
    m_token->setPlaceholderText(tr("Only for gated models (hf_…)"));
    m_token->setToolTip(tr("Kept in a file only you can read: %1").arg(QDir::toNativeSeparators(m_settings.tokenFileName())));
    m_connectionsLabel->setText(tr("&Connections per file:"));
    m_connections->setToolTip(tr("A large file is downloaded in pieces over this many connections at the same time."));
    m_downloadsNote->setText(tr("When a download source fails or is slow, DeskSeek continues from the next one "
                                "(Hugging Face, hf-mirror, ModelScope)."));
    populateLanguages();
    showModelDirectory();
}

} // namespace deskseek::ui
