#include "chat/chatsearch.h"

namespace deskseek::chat {

ChatSearch::ChatSearch(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<tools::WebSearchReport>();
}

ChatSearch::~ChatSearch()
{
    m_cancel = true;
    join();
}

void ChatSearch::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void ChatSearch::start(const tools::WebSearchConfig &config, const QString &query)
{
    m_cancel = true;
    join(); // a search before this one (already cancelled or done)
    m_cancel = false;
    m_done = false;
    m_thread = std::thread([this, config, query] {
        const tools::WebSearch search(config);
        const tools::WebSearchReport report = search.run(query, [this](const tools::SearchStep &step) {
            const QString text = step.kind == tools::SearchStep::Kind::Searching
                                     ? tr("Searching with %1…").arg(step.provider)
                                     : tr("Reading %n page(s)…", nullptr, step.pages);
            QMetaObject::invokeMethod(this, [this, text] { Q_EMIT this->step(text); }, Qt::QueuedConnection);
        }, &m_cancel);
        QMetaObject::invokeMethod(this, [this, report] {
            m_done = true;
            Q_EMIT finished(report);
        }, Qt::QueuedConnection);
    });
}

void ChatSearch::cancel()
{
    m_cancel = true;
}

} // namespace deskseek::chat
