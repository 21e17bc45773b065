#pragma once

#include "tools/websearch.h"

#include <QObject>

#include <atomic>
#include <thread>

namespace deskseek::chat {

// One answer's web search, on a thread of its own: its steps ("Searching with Bing…",
// "Reading 3 pages…") and its result come back as signals on the thread that owns this object.
// Cancelling ends it within 50 ms.
class ChatSearch : public QObject
{
    Q_OBJECT

public:
    explicit ChatSearch(QObject *parent = nullptr);
    ~ChatSearch() override;

    bool running() const { return m_thread.joinable() && !m_done; }
    void start(const tools::WebSearchConfig &config, const QString &query);
    void cancel();

Q_SIGNALS:
    void step(const QString &text);
    void finished(const deskseek::tools::WebSearchReport &report);

private:
    void join();

    std::thread m_thread;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_done{true};
};

} // namespace deskseek::chat

Q_DECLARE_METATYPE(deskseek::tools::WebSearchReport)
