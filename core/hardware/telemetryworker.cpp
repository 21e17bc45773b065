#include "hardware/telemetryworker.h"

#include "hardware/cpuload.h"
#include "hardware/memoryinfo.h"

#include <QDateTime>
#include <QFile>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

TelemetryWorker::TelemetryWorker(SystemPaths paths)
    : m_paths(std::move(paths))
{
}

TelemetryWorker::~TelemetryWorker() = default;

void TelemetryWorker::begin(int intervalMs)
{
    if (!m_detector)
        m_detector = std::make_unique<HardwareDetector>(m_paths);
    if (!m_timer) {
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, &TelemetryWorker::sample);
    }
    m_timer->start(intervalMs);
    sample();
}

void TelemetryWorker::end()
{
    if (m_timer)
        m_timer->stop();
    m_detector.reset();
}

double TelemetryWorker::cpuPercent()
{
    const CpuTimes now = CpuTimes::read(m_paths);
    const double percent = 100.0 * now.busySince(m_lastTimes);
    m_lastTimes = now;
    return percent;
}

void TelemetryWorker::sample()
{
    if (!m_detector)
        return;
    TelemetrySample sample;
    sample.timeMs = QDateTime::currentMSecsSinceEpoch();
    sample.gpus = m_detector->sampleGpus();
    sample.cpuPercent = cpuPercent();
    const MemoryInfo memory = MemoryInfo::detect(m_paths);
    sample.ramTotalBytes = memory.totalBytes;
    sample.ramUsedBytes = memory.totalBytes - memory.availableBytes;
    Q_EMIT sampled(sample);
}

} // namespace deskseek::hardware
