#include "hardware/telemetrysampler.h"

#include "hardware/telemetryworker.h"

#include <QThread>

namespace deskseek::hardware {

TelemetrySampler::TelemetrySampler(SystemPaths paths, QObject *parent)
    : QObject(parent)
    , m_paths(std::move(paths))
{
    qRegisterMetaType<TelemetrySample>();
}

TelemetrySampler::~TelemetrySampler()
{
    stop();
}

void TelemetrySampler::start(int intervalMs)
{
    if (m_thread)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("DeskSeek telemetry"));
    m_worker = new TelemetryWorker(m_paths);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Readings still queued when stop() returns are dropped: stopped means no more samples.
    connect(m_worker, &TelemetryWorker::sampled, this, [this](const TelemetrySample &sample) {
        if (m_thread)
            Q_EMIT sampled(sample);
    });
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, intervalMs] { worker->begin(intervalMs); });
}

void TelemetrySampler::stop()
{
    if (!m_thread)
        return;
    QMetaObject::invokeMethod(m_worker, &TelemetryWorker::end, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_worker = nullptr; // deleted by the finished signal
}

bool TelemetrySampler::isRunning() const
{
    return m_thread != nullptr;
}

} // namespace deskseek::hardware
