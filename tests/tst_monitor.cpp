// The Monitor page plots live readings from the telemetry sampler (through the fake NVML), and
// the generation speed from the serving layer with the real engine.

#include "fixtures/chatmodelfixture.h"
#include "hardware/telemetrysampler.h"
#include "serving/modelhost.h"
#include "monitor/metricchart.h"
#include "pages/monitorpage.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek;

namespace {
void writeFile(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}
} // namespace

class TestMonitor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    hardware::SystemPaths fakeMachine(const QByteArray &nvmlProfile)
    {
        writeFile(m_dir.filePath(u"proc/meminfo"_s), "MemTotal: 33554432 kB\nMemAvailable: 25165824 kB\n");
        writeFile(m_dir.filePath(u"proc/stat"_s), "cpu  100 0 100 800 0 0 0 0\n");
        writeFile(m_dir.filePath(u"nvml.txt"_s), nvmlProfile);
        qputenv("DESKSEEK_FAKE_NVML_PROFILE", m_dir.filePath(u"nvml.txt"_s).toUtf8());
        hardware::SystemPaths paths = hardware::SystemPaths::system();
        paths.procRoot = m_dir.filePath(u"proc"_s);
        paths.sysfsRoot = m_dir.filePath(u"sys"_s);
        paths.nvmlLibrary = nvmlProfile.isEmpty() ? m_dir.filePath(u"none.so"_s) : QString::fromUtf8(DESKSEEK_FAKE_NVML);
        return paths;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void plotsLiveSeries()
    {
        hardware::TelemetrySampler sampler(fakeMachine("driver 550.54.14\n"
                                                       "gpu 25769803776 536870912 41 10 30000 8 6 NVIDIA GeForce RTX 3090\n"
                                                       "gpu 12884901888 268435456 36 20 15000 8 6 NVIDIA GeForce RTX 3060\n"));
        ui::MonitorPage page(&sampler);
        page.resize(1000, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        sampler.start(50);
        auto *vram = page.findChild<ui::MetricChart *>(u"vramChart"_s);
        auto *temperature = page.findChild<ui::MetricChart *>(u"temperatureChart"_s);
        auto *utilization = page.findChild<ui::MetricChart *>(u"gpuUtilizationChart"_s);
        auto *ram = page.findChild<ui::MetricChart *>(u"ramChart"_s);
        QVERIFY(vram && temperature && utilization && ram);
        QTRY_VERIFY_WITH_TIMEOUT(vram->points(1).size() >= 6, 10000);
        sampler.stop();
        // One series per GPU; the plotted values move over time.
        QCOMPARE(vram->seriesCount(), 2);
        QCOMPARE(temperature->seriesCount(), 2);
        QSet<double> vramValues, temperatures;
        for (const QPointF &point : vram->points(0))
            vramValues.insert(point.y());
        for (const QPointF &point : temperature->points(1))
            temperatures.insert(point.y());
        QVERIFY2(vramValues.size() >= 3, "VRAM should change over time");
        QVERIFY(temperatures.size() >= 3);
        QCOMPARE(vram->points(0).first().y(), 0.5); // 512 MiB used at first
        QVERIFY(*std::min_element(temperatures.begin(), temperatures.end()) >= 36);
        const QList<QPointF> ramPoints = ram->points(0);
        QCOMPARE(ramPoints.last().y(), 8.0); // 32 GiB total, 24 GiB available
        // Time goes forward.
        for (int i = 1; i < ramPoints.size(); ++i)
            QVERIFY(ramPoints[i].x() > ramPoints[i - 1].x());
        QCOMPARE(page.findChild<QLabel *>(u"monitorStatus"_s)->text(), u"The last five minutes, updated every second."_s);
    }

    void keepsFiveMinutes()
    {
        ui::MetricChart chart(u"c"_s, 100);
        chart.setSeries({u"a"_s});
        const qint64 start = 1'700'000'000'000;
        for (int second = 0; second <= 600; ++second)
            chart.addPoint(0, start + second * 1000, second % 100);
        const QList<QPointF> points = chart.points(0);
        QCOMPARE(points.size(), 301); // the last 300 seconds, both ends included
        QCOMPARE(qint64(points.first().x()), start + 300 * 1000);
    }

    void cpuOnlyMachineSaysSo()
    {
        hardware::TelemetrySampler sampler(fakeMachine(QByteArray()));
        ui::MonitorPage page(&sampler);
        sampler.start(50);
        auto *ram = page.findChild<ui::MetricChart *>(u"ramChart"_s);
        QTRY_VERIFY_WITH_TIMEOUT(ram->points(0).size() >= 2, 10000);
        sampler.stop();
        QCOMPARE(page.findChild<ui::MetricChart *>(u"vramChart"_s)->seriesCount(), 0);
        // Said once, and the GPU graphs are gone; the CPU, RAM and tokens/s graphs have the page.
        int says = 0;
        for (QLabel *label : page.findChildren<QLabel *>())
            says += label->isVisibleTo(&page) && label->text().contains(u"No GPU found"_s) ? 1 : 0;
        QCOMPARE(says, 1);
        for (const QString &gpuChart : {u"vramChart"_s, u"temperatureChart"_s, u"gpuUtilizationChart"_s})
            QVERIFY(!page.findChild<ui::MetricChart *>(gpuChart)->isVisibleTo(&page));
        for (const QString &chart : {u"cpuChart"_s, u"ramChart"_s, u"tokensChart"_s})
            QVERIFY(page.findChild<ui::MetricChart *>(chart)->isVisibleTo(&page));
        // Tokens per second: in all, the chat's, the API's.
        page.addTokensPerSecond(1'700'000'000'000, 30.5, 12.0);
        auto *tokens = page.findChild<ui::MetricChart *>(u"tokensChart"_s);
        QCOMPARE(tokens->points(0).last().y(), 42.5);
        QCOMPARE(tokens->points(1).last().y(), 30.5);
        QCOMPARE(tokens->points(2).last().y(), 12.0);
    }

    // Tokens from the chat and from an API client at once, through the real engine: the chart
    // gets a point a second for each, then one at zero when they stop.
    void speedFromTheServingLayer()
    {
        QString error;
        const QString model = tests::writeR1ChatModel(m_dir.filePath(u"model"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
        QVERIFY2(!model.isEmpty(), qPrintable(error));
        serving::ModelHost::Options options;
        options.contextLength = 4096;
        options.threads = 2;
        serving::ModelHost host({}, options);
        host.addModel(u"m"_s, model);
        const auto acquired = host.acquire(u"m"_s);
        QVERIFY(acquired.runner);
        ui::MonitorPage page(nullptr, &host.metrics());
        auto *tokens = page.findChild<ui::MetricChart *>(u"tokensChart"_s);
        QVERIFY(tokens->points(0).isEmpty());
        QTest::qWait(1200);
        QVERIFY(tokens->points(0).isEmpty()); // nothing is plotted while nothing is generated
        std::vector<std::shared_ptr<std::atomic<bool>>> stops;
        for (const serving::JobSource source : {serving::JobSource::Chat, serving::JobSource::Api}) {
            serving::GenerationJob job;
            job.prompt = {1, 2, 3, 4, 5};
            job.options.sampling.temperature = 0.0f;
            job.options.stopAtEos = false;
            job.options.maxTokens = 4000;
            job.source = source;
            stops.push_back(job.cancel);
            QCOMPARE(acquired.runner->submit(std::move(job)), serving::ModelRunner::Submitted::Accepted);
        }
        QTRY_VERIFY_WITH_TIMEOUT(tokens->points(1).size() >= 2 && tokens->points(2).size() >= 2, 10000);
        const QPointF chat = tokens->points(1).last(), api = tokens->points(2).last(), all = tokens->points(0).last();
        qInfo("tokens/s: all %.1f, chat %.1f, API %.1f", all.y(), chat.y(), api.y());
        QVERIFY(chat.y() > 5 && api.y() > 5);
        QCOMPARE(all.y(), chat.y() + api.y());
        // Decoded together: the two streams advance step by step, at about the same rate.
        QVERIFY(std::abs(chat.y() - api.y()) < 0.3 * all.y());
        for (const auto &stop : stops)
            stop->store(true);
        QVERIFY(acquired.runner->waitUntilIdle(std::chrono::seconds(5)));
        QTRY_COMPARE_WITH_TIMEOUT(tokens->points(0).last().y(), 0.0, 3000);
        const qsizetype count = tokens->points(0).size();
        QTest::qWait(2200);
        QCOMPARE(tokens->points(0).size(), count); // and nothing more while idle
    }
};

QTEST_MAIN(TestMonitor)
#include "tst_monitor.moc"
