#include "pages/serversettingsgroup.h"

#include "server/localserver.h"
#include "settings/appsettings.h"
#include "settings/autostart.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

ServerSettingsGroup::ServerSettingsGroup(settings::AppSettings &settings, server::LocalServer *server, QWidget *parent)
    : QGroupBox(parent)
    , m_settings(settings)
    , m_server(server)
    , m_status(new QLabel(this))
    , m_enabled(new QCheckBox(this))
    , m_portLabel(new QLabel(this))
    , m_port(new QSpinBox(this))
    , m_ollamaPort(new QCheckBox(this))
    , m_ollamaNote(new QLabel(this))
    , m_localNetwork(new QCheckBox(this))
    , m_keyLabel(new QLabel(this))
    , m_key(new QLineEdit(this))
    , m_showKey(new QPushButton(this))
    , m_copyKey(new QPushButton(this))
    , m_regenerateKey(new QPushButton(this))
    , m_corsLabel(new QLabel(this))
    , m_cors(new QLineEdit(this))
    , m_parallelLabel(new QLabel(this))
    , m_parallel(new QSpinBox(this))
    , m_contextLabel(new QLabel(this))
    , m_context(new QSpinBox(this))
    , m_contextPerAnswer(new QCheckBox(this))
    , m_idleLabel(new QLabel(this))
    , m_idle(new QSpinBox(this))
    , m_modelsLabel(new QLabel(this))
    , m_models(new QSpinBox(this))
    , m_autostart(new QCheckBox(this))
    , m_autostartError(new QLabel(this))
{
    setObjectName(u"serverGroup"_s);
    m_status->setObjectName(u"serverStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_enabled->setObjectName(u"serverEnabledCheck"_s);
    m_port->setObjectName(u"serverPortSpin"_s);
    m_port->setRange(1024, 65535);
    m_ollamaPort->setObjectName(u"ollamaPortCheck"_s);
    m_ollamaNote->setObjectName(u"ollamaPortNote"_s);
    m_ollamaNote->setWordWrap(true);
    m_localNetwork->setObjectName(u"localNetworkCheck"_s);
    m_key->setObjectName(u"serverKeyEdit"_s);
    m_key->setReadOnly(true);
    m_key->setEchoMode(QLineEdit::Password);
    m_showKey->setObjectName(u"serverKeyShow"_s);
    m_showKey->setCheckable(true);
    m_copyKey->setObjectName(u"serverKeyCopy"_s);
    m_regenerateKey->setObjectName(u"serverKeyRegenerate"_s);
    m_cors->setObjectName(u"corsOriginsEdit"_s);
    m_cors->setClearButtonEnabled(true);
    m_parallel->setObjectName(u"parallelSpin"_s);
    m_parallel->setRange(1, 16);
    m_context->setObjectName(u"serverContextSpin"_s);
    m_context->setRange(512, 131072);
    m_context->setSingleStep(1024);
    m_contextPerAnswer->setObjectName(u"contextPerAnswerCheck"_s);
    m_idle->setObjectName(u"idleUnloadSpin"_s);
    m_idle->setRange(0, 24 * 60);
    m_idle->setSingleStep(5);
    m_models->setObjectName(u"maxModelsSpin"_s);
    m_models->setRange(1, 8);
    m_autostart->setObjectName(u"autostartCheck"_s);
    m_autostartError->setObjectName(u"autostartError"_s);
    m_autostartError->setWordWrap(true);
    m_autostartError->setStyleSheet(u"color: #c0392b;"_s);
    m_autostartError->hide();
    m_portLabel->setBuddy(m_port);
    m_keyLabel->setBuddy(m_key);
    m_corsLabel->setBuddy(m_cors);
    m_parallelLabel->setBuddy(m_parallel);
    m_contextLabel->setBuddy(m_context);
    m_idleLabel->setBuddy(m_idle);
    m_modelsLabel->setBuddy(m_models);

    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(m_key, 1);
    keyRow->addWidget(m_showKey);
    keyRow->addWidget(m_copyKey);
    keyRow->addWidget(m_regenerateKey);
    auto *form = new QFormLayout(this);
    form->addRow(m_status);
    form->addRow(m_enabled);
    form->addRow(m_portLabel, m_port);
    form->addRow(m_ollamaPort);
    form->addRow(m_ollamaNote);
    form->addRow(m_localNetwork);
    form->addRow(m_keyLabel, keyRow);
    form->addRow(m_corsLabel, m_cors);
    form->addRow(m_parallelLabel, m_parallel);
    form->addRow(m_contextLabel, m_context);
    form->addRow(m_contextPerAnswer);
    form->addRow(m_idleLabel, m_idle);
    form->addRow(m_modelsLabel, m_models);
    form->addRow(m_autostart);
    form->addRow(m_autostartError);

    for (QCheckBox *box : {m_enabled, m_ollamaPort, m_contextPerAnswer})
        connect(box, &QCheckBox::toggled, this, &ServerSettingsGroup::save);
    for (QSpinBox *spin : {m_port, m_parallel, m_context, m_idle, m_models})
        connect(spin, &QSpinBox::editingFinished, this, &ServerSettingsGroup::save);
    for (QSpinBox *spin : {m_parallel, m_idle, m_models})
        connect(spin, &QSpinBox::valueChanged, this, &ServerSettingsGroup::save);
    connect(m_cors, &QLineEdit::editingFinished, this, &ServerSettingsGroup::save);
    connect(m_localNetwork, &QCheckBox::clicked, this, &ServerSettingsGroup::setLocalNetwork);
    connect(m_showKey, &QPushButton::toggled, this, [this](bool shown) {
        m_key->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        retranslate();
    });
    connect(m_copyKey, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_key->text()); });
    connect(m_regenerateKey, &QPushButton::clicked, this, [this] {
        const auto answer = QMessageBox::question(this, tr("New API key"),
                                                  tr("Programs that use the current key will need the new one. Make a new key?"));
        if (answer != QMessageBox::Yes)
            return;
        if (m_server)
            m_server->regenerateApiKey();
        else
            m_settings.regenerateServerApiKey();
        showKey();
    });
    connect(m_autostart, &QCheckBox::toggled, this, [this](bool on) {
        if (m_loading)
            return;
        QString error;
        const bool ok = settings::Autostart::setEnabled(on, QApplication::applicationFilePath(), &error);
        m_autostartError->setVisible(!ok);
        m_autostartError->setText(error);
    });
    connect(&m_settings, &settings::AppSettings::serverChanged, this, &ServerSettingsGroup::load);
    if (m_server)
        connect(m_server, &server::LocalServer::statusChanged, this, &ServerSettingsGroup::showStatus);
    load();
    retranslate();
}

void ServerSettingsGroup::load()
{
    m_loading = true;
    const settings::ServerSettings server = m_settings.server();
    m_enabled->setChecked(server.enabled);
    m_port->setValue(server.port);
    m_ollamaPort->setChecked(server.ollamaPort);
    m_localNetwork->setChecked(server.localNetwork);
    m_cors->setText(server.corsOrigins.join(u", "_s));
    m_parallel->setValue(server.parallel);
    m_context->setValue(server.contextLength);
    m_contextPerAnswer->setChecked(server.contextPerAnswer);
    m_idle->setValue(server.idleUnloadMinutes);
    m_models->setValue(server.maxLoadedModels);
    m_autostart->setChecked(settings::Autostart::isEnabled());
    m_loading = false;
    showKey();
    showStatus();
}

void ServerSettingsGroup::save()
{
    if (m_loading)
        return;
    settings::ServerSettings server = m_settings.server();
    server.enabled = m_enabled->isChecked();
    server.port = m_port->value();
    server.ollamaPort = m_ollamaPort->isChecked();
    server.localNetwork = m_localNetwork->isChecked();
    server.corsOrigins.clear();
    for (const QString &origin : m_cors->text().split(u',', Qt::SkipEmptyParts))
        if (!origin.trimmed().isEmpty())
            server.corsOrigins << origin.trimmed();
    server.parallel = m_parallel->value();
    server.contextLength = m_context->value();
    server.contextPerAnswer = m_contextPerAnswer->isChecked();
    server.idleUnloadMinutes = m_idle->value();
    server.maxLoadedModels = m_models->value();
    m_settings.setServer(server);
}

void ServerSettingsGroup::setLocalNetwork(bool on)
{
    if (on) {
        const auto answer = QMessageBox::warning(
            this, tr("Serve the local network?"),
            tr("Other computers on your network will be able to use your models. DeskSeek then asks every program "
               "for the API key shown below; give it only to people you trust. Continue?"),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            m_localNetwork->setChecked(false);
            return;
        }
        m_settings.serverApiKey(true); // the key exists before the server asks for it
    }
    save();
    showKey();
}

void ServerSettingsGroup::showKey()
{
    m_key->setText(m_settings.serverApiKey(m_localNetwork->isChecked()));
    const bool haveKey = !m_key->text().isEmpty();
    m_copyKey->setEnabled(haveKey);
    m_showKey->setEnabled(haveKey);
}

void ServerSettingsGroup::showStatus()
{
    const settings::ServerSettings server = m_settings.server();
    QString text;
    QString style;
    if (!m_server) {
        text = tr("The server runs while DeskSeek runs.");
    } else if (!m_server->error().isEmpty()) {
        text = m_server->error();
        style = u"color: #c0392b;"_s;
    } else if (m_server->running()) {
        const QString address = m_server->address();
        text = tr("Running at %1: OpenAI-compatible at %1/v1, Ollama-compatible at %1/api.").arg(address);
        if (m_server->ollamaPort() > 0)
            text += u' ' + tr("Programs set up for Ollama find it on port %1 as well.").arg(m_server->ollamaPort());
        if (server.localNetwork)
            text += u' ' + tr("Other computers on the network can reach it with the API key.");
    } else if (m_server->paused()) {
        text = tr("Paused from the tray icon's menu.");
    } else {
        text = tr("Off: other programs cannot use DeskSeek's models.");
    }
    m_status->setText(text);
    m_status->setStyleSheet(style);
    // Nothing on Ollama's port yet: offer it (an Ollama installed later would find it taken).
    const bool ollamaFree = server.ollamaPort || !server::LocalServer::portInUse(settings::ServerSettings::kOllamaPort);
    m_ollamaPort->setEnabled(ollamaFree);
    m_ollamaNote->setText(server.ollamaPort ? tr("Turn this off before you install Ollama, so that it can start.")
                          : ollamaFree      ? tr("Nothing uses port %1 now: programs set up for Ollama (Open WebUI, "
                                                 "Continue, LobeChat…) would work with DeskSeek unchanged.")
                                                  .arg(settings::ServerSettings::kOllamaPort)
                                            : tr("Another program (Ollama?) uses port %1.").arg(settings::ServerSettings::kOllamaPort));
}

void ServerSettingsGroup::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void ServerSettingsGroup::retranslate()
{
    setTitle(tr("Server"));
    m_enabled->setText(tr("Serve models to other programs (OpenAI- and Ollama-compatible API)"));
    m_portLabel->setText(tr("&Port:"));
    m_ollamaPort->setText(tr("Also answer on Ollama's port %1").arg(settings::ServerSettings::kOllamaPort));
    m_localNetwork->setText(tr("Serve the &local network too (requires the API key)"));
    m_keyLabel->setText(tr("API &key:"));
    m_key->setPlaceholderText(tr("Made when the local network is served"));
    m_key->setToolTip(tr("Kept in a file only you can read: %1").arg(QDir::toNativeSeparators(m_settings.serverKeyFileName())));
    m_showKey->setText(m_showKey->isChecked() ? tr("&Hide") : tr("&Show"));
    m_copyKey->setText(tr("&Copy"));
    m_regenerateKey->setText(tr("&New key…"));
    m_corsLabel->setText(tr("Allowed &origins:"));
    m_cors->setPlaceholderText(tr("Web apps besides this computer's, comma-separated (https://chat.example.com)"));
    m_cors->setToolTip(tr("Pages on this computer (localhost) and desktop apps (app://, file://, tauri://) are always "
                          "allowed. * allows every site."));
    m_parallelLabel->setText(tr("Answers at &once:"));
    m_parallel->setToolTip(tr("Requests answered at the same time; more wait in a queue."));
    m_contextLabel->setText(tr("Con&text:"));
    m_context->setSuffix(tr(" tokens"));
    m_context->setToolTip(tr("Each answer's context. It applies when a model next loads."));
    m_contextPerAnswer->setText(tr("Give every answer a whole context of its own (more memory; otherwise the answers "
                                   "at once share one)"));
    m_idleLabel->setText(tr("&Unload after:"));
    m_idle->setSuffix(tr(" min idle"));
    m_idle->setSpecialValueText(tr("Never"));
    m_modelsLabel->setText(tr("Loaded &models at most:"));
    m_autostart->setText(tr("Start DeskSeek when I log in (in the tray, with the server)"));
    showStatus();
}

} // namespace deskseek::ui
