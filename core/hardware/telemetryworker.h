#pragma once

#include "hardware/cpuload.h"
#include "hardware/hardwaredetector.h"
#include "hardware/telemetrysample.h"

#include <QObject>

#include <memory>

class QTimer;

namespace deskseek::hardware {

// The part of TelemetrySampler that lives on the sampling thread.
class TelemetryWorker : public QObject
{
    Q_OBJECT

public:
    explicit TelemetryWorker(SystemPaths paths);
    ~TelemetryWorker() override;

public Q_SLOTS:
    void begin(int intervalMs); // on the worker's thread
    void end();

Q_SIGNALS:
    void sampled(const deskseek::hardware::TelemetrySample &sample);

private:
    void sample();
    double cpuPercent();

    SystemPaths m_paths;
    std::unique_ptr<HardwareDetector> m_detector; // made on the worker's thread
    QTimer *m_timer = nullptr;
    CpuTimes m_lastTimes;
};

} // namespace deskseek::hardware
