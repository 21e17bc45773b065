#pragma once

#include "hardware/systempaths.h"
#include "hardware/telemetrysample.h"

#include <QObject>

class QThread;

namespace deskseek::hardware {

class TelemetryWorker;

// Reads GPU, CPU and RAM load on its own thread (1 Hz by default) and publishes each reading
// through sampled(), delivered in the thread of the sampler's owner. NVML calls can take tens of
// milliseconds: they never run on the GUI thread.
class TelemetrySampler : public QObject
{
    Q_OBJECT

public:
    explicit TelemetrySampler(SystemPaths paths = SystemPaths::fromEnvironment(), QObject *parent = nullptr);
    ~TelemetrySampler() override;

    void start(int intervalMs = 1000);
    void stop();
    bool isRunning() const;

Q_SIGNALS:
    void sampled(const deskseek::hardware::TelemetrySample &sample);

private:
    SystemPaths m_paths;
    QThread *m_thread = nullptr;
    TelemetryWorker *m_worker = nullptr;
};

} // namespace deskseek::hardware
