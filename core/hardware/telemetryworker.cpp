#include "hardware/telemetryworker.h"

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
    // /proc/stat: "cpu  user nice system idle iowait irq softirq steal ...", in clock ticks.
    QFile file(m_paths.procRoot + u"/stat"_s);
    if (!file.open(QIODevice::ReadOnly))
        return 0.0;
    const QList<QByteArray> fields = file.readLine(4096).simplified().split(' ');
    if (fields.size() < 5 || fields[0] != "cpu")
        return 0.0;
    qint64 total = 0;
    qint64 idle = 0;
    for (int i = 1; i < fields.size() && i <= 8; ++i) {
        const qint64 value = fields[i].toLongLong();
        total += value;
        if (i == 4 || i == 5) // idle, iowait
            idle += value;
    }
    const qint64 busy = total - idle;
    double percent = 0.0;
    if (m_lastTotal >= 0 && total > m_lastTotal)
        percent = 100.0 * double(busy - m_lastBusy) / double(total - m_lastTotal);
    m_lastBusy = busy;
    m_lastTotal = total;
    return std::clamp(percent, 0.0, 100.0);
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
