#include "chat/messagewidget.h"

#include "chat/markdownrenderer.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

using chat::Message;

namespace {
QLabel *richLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    label->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    return label;
}
} // namespace

MessageWidget::MessageWidget(const Message &message, QWidget *parent)
    : QFrame(parent)
    , m_message(message)
    , m_role(new QLabel(this))
    , m_thinkToggle(new QToolButton(this))
    , m_reasoning(richLabel(u"reasoningText"_s, this))
    , m_searchStatus(new QLabel(this))
    , m_body(richLabel(u"answerText"_s, this))
    , m_sources(richLabel(u"sourcesList"_s, this))
    , m_searchNote(new QLabel(this))
    , m_meta(new QLabel(this))
    , m_copy(new QToolButton(this))
    , m_edit(new QToolButton(this))
    , m_regenerate(new QToolButton(this))
    , m_editor(new QWidget(this))
    , m_editText(new QPlainTextEdit(m_editor))
    , m_resend(new QPushButton(m_editor))
    , m_cancelEdit(new QPushButton(m_editor))
{
    const bool user = message.role == Message::Role::User;
    setObjectName(user ? u"userMessage"_s : u"assistantMessage"_s);
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(user);
    if (user) {
        QPalette tinted = palette();
        tinted.setColor(QPalette::Window, tinted.color(QPalette::Base).lightness() > 128 ? QColor(0xee, 0xf3, 0xfb)
                                                                                         : QColor(0x2b, 0x33, 0x40));
        setPalette(tinted);
    }
    QFont bold = m_role->font();
    bold.setBold(true);
    m_role->setFont(bold);
    m_thinkToggle->setObjectName(u"thinkToggle"_s);
    m_thinkToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_thinkToggle->setAutoRaise(true);
    m_thinkToggle->setCheckable(true);
    QPalette muted = m_reasoning->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_reasoning->setPalette(muted);
    m_reasoning->setContentsMargins(12, 0, 0, 4);
    m_meta->setObjectName(u"messageMeta"_s);
    m_meta->setPalette(muted);
    m_searchStatus->setObjectName(u"searchStatus"_s);
    m_searchStatus->setPalette(muted);
    m_searchNote->setObjectName(u"searchNote"_s);
    m_searchNote->setPalette(muted);
    m_searchNote->setWordWrap(true);
    m_sources->setContentsMargins(0, 4, 0, 0);
    m_copy->setObjectName(u"copyButton"_s);
    m_edit->setObjectName(u"editButton"_s);
    m_regenerate->setObjectName(u"regenerateButton"_s);
    for (QToolButton *button : {m_copy, m_edit, m_regenerate})
        button->setAutoRaise(true);
    m_editor->setObjectName(u"editBox"_s);
    m_editText->setObjectName(u"editText"_s);
    m_resend->setObjectName(u"resendButton"_s);
    m_cancelEdit->setObjectName(u"cancelEditButton"_s);
    m_editor->hide();

    auto *editorLayout = new QVBoxLayout(m_editor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_editText);
    auto *editorButtons = new QHBoxLayout;
    editorButtons->addStretch(1);
    editorButtons->addWidget(m_cancelEdit);
    editorButtons->addWidget(m_resend);
    editorLayout->addLayout(editorButtons);

    auto *actions = new QHBoxLayout;
    actions->setContentsMargins(0, 0, 0, 0);
    actions->addWidget(m_meta);
    actions->addStretch(1);
    actions->addWidget(m_copy);
    actions->addWidget(m_edit);
    actions->addWidget(m_regenerate);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 6);
    layout->setSpacing(4);
    layout->addWidget(m_role);
    layout->addWidget(m_thinkToggle, 0, Qt::AlignLeft);
    layout->addWidget(m_reasoning);
    layout->addWidget(m_searchStatus);
    layout->addWidget(m_body);
    layout->addWidget(m_sources);
    layout->addWidget(m_searchNote);
    layout->addWidget(m_editor);
    layout->addLayout(actions);

    connect(m_thinkToggle, &QToolButton::clicked, this, [this](bool checked) {
        m_userToggled = true;
        setReasoningExpanded(checked);
    });
    connect(m_body, &QLabel::linkActivated, this, &MessageWidget::onLink);
    connect(m_reasoning, &QLabel::linkActivated, this, &MessageWidget::onLink);
    connect(m_sources, &QLabel::linkActivated, this, &MessageWidget::onLink);
    connect(m_copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(m_message.content); });
    connect(m_regenerate, &QToolButton::clicked, this, &MessageWidget::regenerateRequested);
    connect(m_edit, &QToolButton::clicked, this, &MessageWidget::startEditing);
    connect(m_cancelEdit, &QPushButton::clicked, this, [this] {
        m_editor->hide();
        m_body->show();
    });
    connect(m_resend, &QPushButton::clicked, this, [this] {
        const QString text = m_editText->toPlainText();
        if (text.trimmed().isEmpty())
            return;
        m_editor->hide();
        m_body->show();
        Q_EMIT resendRequested(m_message.id, text);
    });
    // Answers from before (not streaming now) start with their reasoning closed.
    m_expanded = message.state == Message::State::Streaming && message.content.isEmpty();
    retranslate();
}

void MessageWidget::setMessage(const Message &message)
{
    m_message = message;
    // The reasoning closes by itself once the answer starts, unless the user opened or closed it.
    if (!m_userToggled)
        m_expanded = message.state == Message::State::Streaming && message.content.isEmpty();
    render();
}

void MessageWidget::setActions(bool regenerate, bool enabled)
{
    m_regenerate->setVisible(regenerate && m_message.role == Message::Role::Assistant);
    m_regenerate->setEnabled(enabled);
    m_edit->setEnabled(enabled);
}

void MessageWidget::setReasoningExpanded(bool expanded)
{
    m_expanded = expanded;
    render();
}

void MessageWidget::startEditing()
{
    if (m_message.role != Message::Role::User)
        return;
    m_editText->setPlainText(m_message.content);
    m_body->hide();
    m_editor->show();
    m_editText->setFocus();
}

void MessageWidget::onLink(const QString &link)
{
    if (link.startsWith(u"copy:"_s)) {
        bool ok = false;
        const int index = link.mid(5).toInt(&ok);
        if (ok && index >= 0 && index < m_codeBlocks.size()) {
            QApplication::clipboard()->setText(m_codeBlocks[index]);
            Q_EMIT codeCopied(index);
        }
        return;
    }
    QDesktopServices::openUrl(QUrl(link));
}

QString MessageWidget::linkCitations(const QString &html, const QList<tools::WebSource> &sources)
{
    return tools::replaceCitations(html, sources, [](const tools::WebSource &source) {
        return u"<a href=\"%1\" title=\"%2\" style=\"text-decoration:none\"><sup>[%3]</sup></a>"_s
            .arg(source.url.toString(QUrl::FullyEncoded).toHtmlEscaped(), source.title.toHtmlEscaped())
            .arg(source.index);
    });
}

void MessageWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QFrame::changeEvent(event);
}

void MessageWidget::retranslate()
{
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy this message"));
    m_edit->setText(tr("Edit"));
    m_edit->setToolTip(tr("Change this message and send it again"));
    m_regenerate->setText(tr("Regenerate"));
    m_regenerate->setToolTip(tr("Write this answer again"));
    m_resend->setText(tr("Send"));
    m_cancelEdit->setText(tr("Cancel"));
    render();
}

void MessageWidget::render()
{
    const bool user = m_message.role == Message::Role::User;
    m_role->setText(user ? tr("You") : tr("DeepSeek"));
    m_edit->setVisible(user);
    const bool streaming = m_message.state == Message::State::Streaming;

    const bool hasReasoning = !m_message.reasoning.trimmed().isEmpty();
    m_thinkToggle->setVisible(!user && hasReasoning);
    const int seconds = std::max(1, int(std::ceil(m_message.thinkingSeconds))); // "1 s" for a short thought
    const bool thinking = streaming && m_message.content.isEmpty();
    m_thinkToggle->setText(thinking ? tr("Thinking… (%n s)", nullptr, seconds) : tr("Thought for %n s", nullptr, seconds));
    m_thinkToggle->setArrowType(m_expanded ? Qt::DownArrow : Qt::RightArrow);
    m_thinkToggle->setChecked(m_expanded);
    m_reasoning->setVisible(!user && hasReasoning && m_expanded);
    if (m_reasoning->isVisibleTo(this))
        m_reasoning->setText(MarkdownRenderer::render(m_message.reasoning.trimmed(), tr("Copy")).html);

    const MarkdownRenderer::Rendered body = MarkdownRenderer::render(m_message.content, tr("Copy"));
    m_codeBlocks = body.codeBlocks;
    QString html = user ? u"<p>"_s + m_message.content.toHtmlEscaped().replace(u"\n"_s, u"<br/>"_s) + u"</p>"_s
                        : linkCitations(body.html, m_message.sources);
    if (streaming && !thinking)
        html += u"<p>▍</p>"_s; // where the answer grows
    m_body->setText(html);
    m_body->setVisible(!m_editor->isVisible() && (!html.isEmpty() || !streaming));

    m_searchStatus->setText(m_message.searchStatus);
    m_searchStatus->setVisible(!user && streaming && !m_message.searchStatus.isEmpty());
    m_searchNote->setText(m_message.searchNote);
    m_searchNote->setVisible(!user && !m_message.searchNote.isEmpty());
    if (!user && !m_message.sources.isEmpty()) {
        QString list = u"<p><b>%1</b></p><ol style=\"margin-top:0\">"_s.arg(tr("Sources").toHtmlEscaped());
        for (const tools::WebSource &source : m_message.sources) {
            const QString title = source.title.isEmpty() ? source.url.toString() : source.title;
            list += u"<li value=\"%1\"><a href=\"%2\">%3</a>"_s.arg(source.index).arg(
                source.url.toString(QUrl::FullyEncoded).toHtmlEscaped(), title.toHtmlEscaped());
            if (!source.siteName.isEmpty())
                list += u" · "_s + source.siteName.toHtmlEscaped();
            list += u"</li>"_s;
        }
        m_sources->setText(list + u"</ol>"_s);
    }
    m_sources->setVisible(!user && !m_message.sources.isEmpty());

    // Below the answer: its size and speed, and how it ended when that is not the usual way.
    QStringList meta;
    if (!user && m_message.tokens > 0)
        meta << tr("%n tokens", nullptr, m_message.tokens)
             << tr("%1 tokens/s").arg(QLocale().toString(m_message.tokensPerSecond, 'f', 1));
    switch (m_message.state) {
    case Message::State::Stopped:
        meta << tr("Stopped");
        break;
    case Message::State::Interrupted:
        meta << tr("Interrupted: DeskSeek ended while this answer was being written");
        break;
    case Message::State::Failed:
        meta << tr("Failed: %1").arg(m_message.error);
        break;
    default:
        if (!m_message.error.isEmpty())
            meta << m_message.error;
    }
    m_meta->setText(meta.join(u" · "_s));
    m_copy->setVisible(!streaming);
}

} // namespace deskseek::ui
