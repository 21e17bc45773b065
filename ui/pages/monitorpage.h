#pragma once

#include "hardware/telemetrysample.h"

#include <QWidget>

class QLabel;

namespace deskseek::hardware {
class TelemetrySampler;
}

namespace deskseek::ui {

class MetricChart;

// Live graphs over the last five minutes: VRAM used, GPU temperature and utilisation (one series
// per GPU), CPU and RAM use, and the engine's tokens per second.
class MonitorPage : public QWidget
{
    Q_OBJECT

public:
    // sampler may be null (no telemetry): the page then says so.
    explicit MonitorPage(hardware::TelemetrySampler *sampler, QWidget *parent = nullptr);

public Q_SLOTS:
    void addSample(const deskseek::hardware::TelemetrySample &sample);
    void addTokensPerSecond(qint64 timeMs, double tokensPerSecond);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateGpuSeries(const QList<hardware::GpuInfo> &gpus);

    QLabel *m_status = nullptr;
    MetricChart *m_vram = nullptr;
    MetricChart *m_temperature = nullptr;
    MetricChart *m_utilization = nullptr;
    MetricChart *m_cpu = nullptr;
    MetricChart *m_ram = nullptr;
    MetricChart *m_tokens = nullptr;
    QStringList m_gpuNames;
    bool m_haveSampler = false;
    bool m_haveSample = false;
    bool m_haveTokens = false;
};

} // namespace deskseek::ui
