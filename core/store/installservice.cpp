#include "store/installservice.h"

#include <QDir>
#include <QElapsedTimer>
#include <QThread>

namespace deskseek::store {

InstallService::InstallService(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<InstallProgress>();
    qRegisterMetaType<InstallResult>();
}

InstallService::~InstallService()
{
    if (m_thread) {
        m_stop = int(Stop::Pause); // what was downloaded stays for the next start
        m_thread->wait();
        delete m_thread;
    }
}

QString InstallService::currentName() const
{
    if (m_state == State::Idle)
        return {};
    return m_request.name.isEmpty() && !m_request.sources.isEmpty() ? m_request.sources.first().repo.section(u'/', -1)
                                                                    : m_request.name;
}

bool InstallService::start(const InstallRequest &request)
{
    if (m_state != State::Idle)
        return false;
    m_request = request;
    m_progress = {};
    run();
    return true;
}

void InstallService::run()
{
    m_stop = int(Stop::None);
    setState(State::Running);
    const InstallRequest request = m_request;
    m_thread = QThread::create([this, request] {
        QElapsedTimer throttle;
        throttle.start();
        const InstallResult result = ModelInstaller().install(request, [&](const InstallProgress &progress) {
            // A few updates a second are plenty for a progress bar.
            if (throttle.elapsed() >= 100 || progress.fraction >= 1.0) {
                throttle.restart();
                QMetaObject::invokeMethod(this, [this, progress] {
                    m_progress = progress;
                    Q_EMIT progressChanged(progress);
                }, Qt::QueuedConnection);
            }
            return m_stop == int(Stop::None);
        });
        QMetaObject::invokeMethod(this, [this, result] { onFinished(result); }, Qt::QueuedConnection);
    });
    m_thread->start();
}

void InstallService::onFinished(const InstallResult &result)
{
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    const Stop stop = Stop(m_stop.load());
    if (stop == Stop::Cancel && result.error == InstallResult::Error::Cancelled && !result.folder.isEmpty())
        ModelInstaller::discard(result.folder); // nothing of the unfinished model stays
    setState(stop == Stop::Pause && result.error == InstallResult::Error::Cancelled ? State::Paused : State::Idle);
    Q_EMIT finished(result);
}

void InstallService::pause()
{
    if (m_state == State::Running)
        m_stop = int(Stop::Pause);
}

void InstallService::resume()
{
    if (m_state == State::Paused)
        run();
}

void InstallService::togglePause()
{
    if (m_state == State::Running)
        pause();
    else
        resume();
}

void InstallService::cancel()
{
    if (m_state == State::Running) {
        m_stop = int(Stop::Cancel);
    } else if (m_state == State::Paused) {
        ModelInstaller::discard(m_request.modelDirectory + u'/' + currentName());
        setState(State::Idle);
    }
}

void InstallService::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace deskseek::store
