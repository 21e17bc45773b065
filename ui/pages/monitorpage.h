#pragma once

#include "hardware/telemetrysample.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace deskseek::hardware {
class TelemetrySampler;
}
namespace deskseek::serving {
class ServingMetrics;
}

namespace deskseek::ui {

class MetricChart;

// Live graphs over the last five minutes: VRAM used, GPU temperature and utilisation (one series
// per GPU), CPU and RAM use, and the tokens generated per second (in all, by the chat and by the
// API server's clients), read from the serving layer once a second while tokens are produced.
// On a machine without a GPU the three GPU graphs make way, one line says so, and the CPU, RAM
// and tokens/s graphs take the room.
class MonitorPage : public QWidget
{
    Q_OBJECT

public:
    // sampler may be null (no telemetry): the page then says so; metrics may be null (no speed).
    explicit MonitorPage(hardware::TelemetrySampler *sampler, const serving::ServingMetrics *metrics = nullptr,
                         QWidget *parent = nullptr);

public Q_SLOTS:
    void addSample(const deskseek::hardware::TelemetrySample &sample);
    void addTokensPerSecond(qint64 timeMs, double chat, double api);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateGpuSeries(const QList<hardware::GpuInfo> &gpus);
    void arrangeCharts(bool gpus);
    void readSpeed();

    QLabel *m_status = nullptr;
    QLabel *m_noGpu = nullptr;
    QGridLayout *m_grid = nullptr;
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
    const serving::ServingMetrics *m_metrics = nullptr;
    qint64 m_lastSpeedMs = 0;
    qint64 m_lastChatTokens = 0;
    qint64 m_lastApiTokens = 0;
    bool m_lastWasZero = true;
};

} // namespace deskseek::ui
