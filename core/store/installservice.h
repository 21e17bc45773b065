#pragma once

#include "store/modelinstaller.h"

#include <QObject>

#include <atomic>
#include <memory>

class QThread;

namespace deskseek::store {

// Runs one model install at a time on a worker thread for the GUI: progress and the result
// come back as signals on the thread that owns the service. Pause stops and keeps what was
// downloaded (resume continues from there); cancel stops and removes the unfinished model.
class InstallService : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Running, Paused };
    Q_ENUM(State)

    explicit InstallService(QObject *parent = nullptr);
    ~InstallService() override; // stops a running install (it can be resumed next time)

    State state() const { return m_state; }
    // The model being installed (or paused): its folder name.
    QString currentName() const;
    const InstallProgress &lastProgress() const { return m_progress; }

    // Starts installing; false when an install is already running or paused.
    bool start(const InstallRequest &request);
    void pause();
    void resume();
    // Pause when running, resume when paused (one button's action).
    void togglePause();
    void cancel();

Q_SIGNALS:
    void stateChanged(deskseek::store::InstallService::State state);
    void progressChanged(const deskseek::store::InstallProgress &progress);
    // The install ended: installed, failed, or stopped (Cancelled, also after pause and cancel).
    void finished(const deskseek::store::InstallResult &result);

private:
    enum class Stop { None, Pause, Cancel };
    void run();
    void onFinished(const InstallResult &result);
    void setState(State state);

    InstallRequest m_request;
    InstallProgress m_progress;
    State m_state = State::Idle;
    std::atomic<int> m_stop{0};
    QThread *m_thread = nullptr;
};

} // namespace deskseek::store

Q_DECLARE_METATYPE(deskseek::store::InstallProgress)
Q_DECLARE_METATYPE(deskseek::store::InstallResult)
