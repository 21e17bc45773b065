#include "chat/conversationlist.h"

#include "chat/chatstore.h"

#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

ConversationList::ConversationList(chat::ChatStore &store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_search(new QLineEdit(this))
    , m_new(new QPushButton(this))
    , m_list(new QListWidget(this))
{
    setObjectName(u"conversationList"_s);
    m_search->setObjectName(u"chatSearch"_s);
    m_search->setClearButtonEnabled(true);
    m_new->setObjectName(u"newChatButton"_s);
    m_list->setObjectName(u"chatList"_s);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->installEventFilter(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_new);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    connect(m_new, &QPushButton::clicked, this, &ConversationList::newChatRequested);
    connect(m_search, &QLineEdit::textChanged, this, &ConversationList::reload);
    connect(m_list, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) {
        m_current = item->data(Qt::UserRole).toLongLong();
        Q_EMIT conversationChosen(m_current);
    });
    connect(m_list, &QListWidget::customContextMenuRequested, this, &ConversationList::showMenu);
    retranslate();
    reload();
}

void ConversationList::reload()
{
    m_list->clear();
    const QLocale locale;
    for (const chat::Conversation &c : m_store.conversations(m_search->text())) {
        auto *item = new QListWidgetItem(c.title.isEmpty() ? tr("New chat") : c.title, m_list);
        item->setData(Qt::UserRole, c.id);
        item->setToolTip(u"%1\n%2"_s.arg(c.title, locale.toString(c.updated, QLocale::ShortFormat)));
        if (c.id == m_current)
            m_list->setCurrentItem(item);
    }
}

void ConversationList::setCurrent(qint64 id)
{
    m_current = id;
    m_list->clearSelection();
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toLongLong() == id)
            m_list->setCurrentRow(i);
}

qint64 ConversationList::current() const
{
    return m_current;
}

int ConversationList::count() const
{
    return m_list->count();
}

void ConversationList::rename(qint64 id)
{
    const auto chat = m_store.conversation(id);
    if (!chat)
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(u"renameDialog"_s);
    dialog->setWindowTitle(tr("Rename chat"));
    dialog->setLabelText(tr("Name:"));
    dialog->setTextValue(chat->title);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, id](const QString &title) {
        if (!title.trimmed().isEmpty() && m_store.renameConversation(id, title))
            reload();
    });
    dialog->open();
}

void ConversationList::remove(qint64 id)
{
    const auto chat = m_store.conversation(id);
    if (!chat)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete chat"),
                                tr("Delete \"%1\" and all its messages? This cannot be undone.").arg(chat->title),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(u"deleteChatBox"_s);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, id](int result) {
        if (result == QMessageBox::Yes && m_store.removeConversation(id)) {
            if (m_current == id)
                m_current = 0;
            reload();
            Q_EMIT removed(id);
        }
    });
    box->open();
}

void ConversationList::exportMarkdown(qint64 id)
{
    const auto chat = m_store.conversation(id);
    if (!chat)
        return;
    QString name = chat->title;
    name.replace(QRegularExpression(u"[\\\\/:*?\"<>|]"_s), u"_"_s);
    const QString suggested = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + u'/'
                              + (name.isEmpty() ? u"chat"_s : name) + u".md"_s;
    auto *dialog = new QFileDialog(this, tr("Export chat"), suggested, tr("Markdown (*.md)"));
    dialog->setObjectName(u"exportDialog"_s);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(u"md"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, [this, id](const QString &path) {
        QSaveFile file(path);
        const QByteArray text = m_store.exportMarkdown(id).toUtf8();
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
            QMessageBox::warning(this, tr("Export chat"),
                                 tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    });
    dialog->open();
}

void ConversationList::showMenu(const QPoint &position)
{
    QListWidgetItem *item = m_list->itemAt(position);
    if (!item)
        return;
    const qint64 id = item->data(Qt::UserRole).toLongLong();
    QMenu menu(this);
    menu.addAction(tr("Rename…"), this, [this, id] { rename(id); });
    menu.addAction(tr("Export to Markdown…"), this, [this, id] { exportMarkdown(id); });
    menu.addSeparator();
    menu.addAction(tr("Delete…"), this, [this, id] { remove(id); });
    menu.exec(m_list->viewport()->mapToGlobal(position));
}

bool ConversationList::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress && m_list->currentItem()) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const qint64 id = m_list->currentItem()->data(Qt::UserRole).toLongLong();
        if (key->key() == Qt::Key_F2) {
            rename(id);
            return true;
        }
        if (key->key() == Qt::Key_Delete) {
            remove(id);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ConversationList::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ConversationList::retranslate()
{
    m_search->setPlaceholderText(tr("Search chats"));
    m_new->setText(tr("New chat"));
    m_new->setToolTip(tr("Start a new chat (Ctrl+N)"));
}

} // namespace deskseek::ui
