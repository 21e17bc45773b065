#include "chat/chatengine.h"

#include <QPointer>
#include <QThread>

namespace deskseek::chat {

ChatEngine::ChatEngine(std::unique_ptr<ChatGenerator> generator, QObject *parent)
    : QObject(parent)
    , m_generator(std::move(generator))
    , m_thread(new QThread(this))
    , m_worker(new QObject)
{
    qRegisterMetaType<GenerateOutcome>();
    m_thread->setObjectName(QStringLiteral("ChatEngine"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
}

ChatEngine::~ChatEngine()
{
    m_cancel = true;
    m_cancelLoad = true;
    // The model goes away on the thread that used it.
    QMetaObject::invokeMethod(m_worker, [this] { m_generator->unload(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

void ChatEngine::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ChatEngine::load(const QString &path, int contextLength)
{
    if (m_state == State::Generating || m_state == State::Loading)
        return;
    m_cancelLoad = false;
    m_modelPath = path;
    m_modelName.clear();
    setState(State::Loading);
    QPointer<ChatEngine> self(this);
    QMetaObject::invokeMethod(m_worker, [this, self, path, contextLength] {
        QString error;
        const bool ok = m_generator->load(
            path, contextLength,
            [this, self](double fraction) {
                QMetaObject::invokeMethod(this, [this, fraction] { Q_EMIT loadProgress(fraction); }, Qt::QueuedConnection);
                return !m_cancelLoad.load();
            },
            &error);
        const QString name = ok ? m_generator->modelName() : QString();
        const bool reasoning = ok && m_generator->opensReasoning();
        QMetaObject::invokeMethod(this, [this, ok, error, name, reasoning] {
            // Unloaded while loading: the unload queued behind this load takes the model away.
            const bool kept = ok && !m_cancelLoad;
            m_modelName = kept ? name : QString();
            m_opensReasoning = kept && reasoning;
            if (!kept)
                m_modelPath.clear();
            setState(kept ? State::Ready : State::Empty);
            Q_EMIT loadFinished(kept, ok && !kept ? QString() : error);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void ChatEngine::cancelLoad()
{
    m_cancelLoad = true;
}

void ChatEngine::unload()
{
    if (m_state == State::Generating)
        stop();
    m_cancelLoad = true;
    m_modelName.clear();
    m_modelPath.clear();
    QMetaObject::invokeMethod(m_worker, [this] { m_generator->unload(); }, Qt::QueuedConnection);
    if (m_state != State::Loading)
        setState(State::Empty);
}

bool ChatEngine::generate(const GenerateRequest &request)
{
    if (m_state != State::Ready)
        return false;
    m_cancel = false;
    setState(State::Generating);
    QMetaObject::invokeMethod(m_worker, [this, request] {
        const GenerateOutcome outcome = m_generator->generate(
            request,
            [this](const QString &text) {
                QMetaObject::invokeMethod(this, [this, text] { Q_EMIT textArrived(text); }, Qt::QueuedConnection);
            },
            &m_cancel);
        QMetaObject::invokeMethod(this, [this, outcome] {
            setState(m_modelPath.isEmpty() ? State::Empty : State::Ready);
            Q_EMIT generationFinished(outcome);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
    return true;
}

void ChatEngine::stop()
{
    m_cancel = true;
}

} // namespace deskseek::chat
