#include "pages/monitorpage.h"

#include "hardware/telemetrysampler.h"
#include "monitor/metricchart.h"
#include "serving/servingmetrics.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QDateTime>
#include <QLocale>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace deskseek::ui {

namespace {
constexpr double GiB = double(qint64(1) << 30);
}

MonitorPage::MonitorPage(hardware::TelemetrySampler *sampler, const serving::ServingMetrics *metrics, QWidget *parent)
    : QWidget(parent)
    , m_status(new QLabel(this))
    , m_noGpu(new QLabel(this))
    , m_grid(new QGridLayout)
    , m_vram(new MetricChart(u"vramChart"_s, 0, this))
    , m_temperature(new MetricChart(u"temperatureChart"_s, 0, this))
    , m_utilization(new MetricChart(u"gpuUtilizationChart"_s, 100, this))
    , m_cpu(new MetricChart(u"cpuChart"_s, 100, this))
    , m_ram(new MetricChart(u"ramChart"_s, 0, this))
    , m_tokens(new MetricChart(u"tokensChart"_s, 0, this))
    , m_haveSampler(sampler != nullptr)
    , m_metrics(metrics)
{
    setObjectName(u"monitorPage"_s);
    m_status->setObjectName(u"monitorStatus"_s);
    m_status->setWordWrap(true);
    m_noGpu->setObjectName(u"noGpuLabel"_s);
    m_noGpu->setWordWrap(true);
    m_noGpu->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_noGpu);
    arrangeCharts(true);
    layout->addLayout(m_grid, 1);
    m_cpu->setSeries({u"CPU"_s});
    m_ram->setSeries({u"RAM"_s});
    m_tokens->setSeries({u"All"_s, u"Chat"_s, u"API"_s}); // named in retranslate()
    if (sampler)
        connect(sampler, &hardware::TelemetrySampler::sampled, this, &MonitorPage::addSample);
    if (m_metrics) {
        const serving::ServingMetrics::Snapshot start = m_metrics->snapshot();
        m_lastChatTokens = start.generatedTokens[0];
        m_lastApiTokens = start.generatedTokens[1];
        m_lastSpeedMs = QDateTime::currentMSecsSinceEpoch();
        auto *timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, &MonitorPage::readSpeed);
        timer->start(1000);
    }
    retranslate();
}

void MonitorPage::readSpeed()
{
    const serving::ServingMetrics::Snapshot now = m_metrics->snapshot();
    const qint64 timeMs = QDateTime::currentMSecsSinceEpoch();
    const double seconds = std::max<qint64>(1, timeMs - m_lastSpeedMs) / 1000.0;
    const double chat = double(now.generatedTokens[0] - m_lastChatTokens) / seconds;
    const double api = double(now.generatedTokens[1] - m_lastApiTokens) / seconds;
    m_lastChatTokens = now.generatedTokens[0];
    m_lastApiTokens = now.generatedTokens[1];
    m_lastSpeedMs = timeMs;
    // While tokens are produced, and once more when they stop (the curves come down to zero).
    const bool zero = chat <= 0 && api <= 0;
    if (!zero || !m_lastWasZero)
        addTokensPerSecond(timeMs, chat, api);
    m_lastWasZero = zero;
}

void MonitorPage::updateGpuSeries(const QList<hardware::GpuInfo> &gpus)
{
    QStringList names;
    for (const hardware::GpuInfo &gpu : gpus)
        names << (gpus.size() > 1 ? u"%1: %2"_s.arg(gpu.index).arg(gpu.name) : gpu.name);
    if (names == m_gpuNames)
        return;
    m_gpuNames = names;
    for (MetricChart *chart : {m_vram, m_temperature, m_utilization})
        chart->setSeries(names);
    double totalGiB = 0;
    for (const hardware::GpuInfo &gpu : gpus)
        totalGiB = std::max(totalGiB, gpu.vramTotalBytes / GiB);
    if (totalGiB > 0)
        m_vram->setMaximum(std::ceil(totalGiB));
    retranslate();
}

void MonitorPage::arrangeCharts(bool gpus)
{
    for (MetricChart *chart : {m_vram, m_temperature, m_utilization, m_tokens, m_cpu, m_ram})
        m_grid->removeWidget(chart);
    for (MetricChart *chart : {m_vram, m_temperature, m_utilization})
        chart->setVisible(gpus);
    if (gpus) {
        m_grid->addWidget(m_vram, 0, 0);
        m_grid->addWidget(m_temperature, 0, 1);
        m_grid->addWidget(m_utilization, 1, 0);
        m_grid->addWidget(m_tokens, 1, 1);
        m_grid->addWidget(m_cpu, 2, 0);
        m_grid->addWidget(m_ram, 2, 1);
    } else {
        m_grid->addWidget(m_tokens, 0, 0, 1, 2);
        m_grid->addWidget(m_cpu, 1, 0);
        m_grid->addWidget(m_ram, 1, 1);
    }
}

void MonitorPage::addSample(const hardware::TelemetrySample &sample)
{
    const bool first = !m_haveSample;
    m_haveSample = true;
    updateGpuSeries(sample.gpus);
    for (int i = 0; i < sample.gpus.size(); ++i) {
        const hardware::GpuInfo &gpu = sample.gpus[i];
        m_vram->addPoint(i, sample.timeMs, gpu.vramUsedBytes / GiB);
        if (gpu.temperatureC)
            m_temperature->addPoint(i, sample.timeMs, *gpu.temperatureC);
        if (gpu.utilizationPercent)
            m_utilization->addPoint(i, sample.timeMs, *gpu.utilizationPercent);
    }
    m_cpu->addPoint(0, sample.timeMs, sample.cpuPercent);
    m_ram->setMaximum(std::ceil(sample.ramTotalBytes / GiB));
    m_ram->addPoint(0, sample.timeMs, sample.ramUsedBytes / GiB);
    if (first)
        retranslate();
}

void MonitorPage::addTokensPerSecond(qint64 timeMs, double chat, double api)
{
    if (!m_haveTokens) {
        m_haveTokens = true;
        retranslate();
    }
    m_tokens->addPoint(0, timeMs, chat + api);
    m_tokens->addPoint(1, timeMs, chat);
    m_tokens->addPoint(2, timeMs, api);
}

void MonitorPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MonitorPage::retranslate()
{
    m_vram->setTitle(tr("GPU memory used"));
    m_vram->setUnit(tr("GB"));
    m_temperature->setTitle(tr("GPU temperature"));
    m_temperature->setUnit(tr("°C"));
    m_utilization->setTitle(tr("GPU utilisation"));
    m_utilization->setUnit(tr("%"));
    m_cpu->setTitle(tr("CPU use"));
    m_cpu->setUnit(tr("%"));
    m_ram->setTitle(tr("RAM used"));
    m_ram->setUnit(tr("GB"));
    m_tokens->setTitle(tr("Generation speed"));
    m_tokens->renameSeries({tr("All"), tr("Chat"), tr("API")});
    m_tokens->setUnit(tr("tokens/s"));
    // No GPU: one line says so, and the GPU graphs give their room to the others.
    const bool noGpu = m_haveSample && m_gpuNames.isEmpty();
    m_noGpu->setText(tr("No GPU found: DeskSeek runs models on the CPU."));
    if (noGpu != m_noGpu->isVisibleTo(this)) {
        m_noGpu->setVisible(noGpu);
        arrangeCharts(!noGpu);
    }
    m_tokens->setPlaceholder(m_haveTokens ? QString() : tr("Tokens per second appear here while a model answers."));
    if (!m_haveSampler)
        m_status->setText(tr("Hardware monitoring is off."));
    else if (!m_haveSample)
        m_status->setText(tr("Reading the hardware…"));
    else
        m_status->setText(tr("The last five minutes, updated every second."));
}

} // namespace deskseek::ui
