#include "chat/chatsettingsdialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

ChatSettingsDialog::ChatSettingsDialog(const chat::ChatSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_system(new QPlainTextEdit(this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_topP(new QDoubleSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_context(new QSpinBox(this))
{
    setObjectName(u"chatSettingsDialog"_s);
    setWindowTitle(tr("Chat settings"));
    m_system->setObjectName(u"systemPromptEdit"_s);
    m_system->setPlaceholderText(tr("Optional. DeepSeek recommends leaving it empty for R1 models and putting "
                                    "instructions in your message."));
    m_temperature->setObjectName(u"temperatureSpin"_s);
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setToolTip(tr("Higher is more varied, lower more focused; 0 always picks the most likely word. "
                                 "DeepSeek recommends 0.6 for R1."));
    m_topP->setObjectName(u"topPSpin"_s);
    m_topP->setRange(0.05, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setDecimals(2);
    m_maxTokens->setObjectName(u"maxTokensSpin"_s);
    m_maxTokens->setRange(16, 131072);
    m_maxTokens->setSingleStep(256);
    m_context->setObjectName(u"contextSpin"_s);
    m_context->setRange(512, 131072);
    m_context->setSingleStep(1024);
    m_context->setToolTip(tr("How much of the conversation the model sees. Longer needs more memory; the oldest "
                             "messages are left out when it is full."));

    auto *form = new QFormLayout;
    form->addRow(tr("&System prompt:"), m_system);
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("Top-&p:"), m_topP);
    form->addRow(tr("&Max tokens per answer:"), m_maxTokens);
    form->addRow(tr("&Context length:"), m_context);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    buttons->button(QDialogButtonBox::RestoreDefaults)->setText(tr("&DeepSeek defaults"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        chat::ChatSettings defaults;
        defaults.systemPrompt = m_system->toPlainText();
        setSettings(defaults);
    });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setSettings(settings);
}

chat::ChatSettings ChatSettingsDialog::settings() const
{
    chat::ChatSettings s;
    s.systemPrompt = m_system->toPlainText().trimmed();
    s.temperature = m_temperature->value();
    s.topP = m_topP->value();
    s.maxTokens = m_maxTokens->value();
    s.contextLength = m_context->value();
    return s;
}

void ChatSettingsDialog::setSettings(const chat::ChatSettings &settings)
{
    m_system->setPlainText(settings.systemPrompt);
    m_temperature->setValue(settings.temperature);
    m_topP->setValue(settings.topP);
    m_maxTokens->setValue(settings.maxTokens);
    m_context->setValue(settings.contextLength);
}

} // namespace deskseek::ui
