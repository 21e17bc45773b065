// Hardware detection through stand-ins at the lowest level: a fake libnvidia-ml.so (the NVML C
// functions, scripted by a profile file), a fake sysfs tree (AMD) and a fake /proc (CPU, RAM).
// `deskseek-cli detect --json` runs as a real process against each profile and its JSON is
// compared whole.

#include "fixtures/fakemachine.h"
#include "hardware/hardwaredetector.h"
#include "hardware/memorybandwidth.h"
#include "hardware/telemetrysampler.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek::hardware;

namespace {
constexpr qint64 GiB = qint64(1) << 30;
} // namespace

class TestHardware : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    struct Run
    {
        int exitCode = -1;
        QJsonObject json;
        QString err;
        QString modelFolder;
    };

    Run detect(const QString &profile, const QStringList &extra = {})
    {
        return detectWith(profile, u"detect"_s, extra);
    }

    Run detectWith(const QString &profile, const QString &command, const QStringList &extra)
    {
        const QString root = m_dir.filePath(profile);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, root + u"/home"_s);
        env.insert(u"XDG_CONFIG_HOME"_s, root + u"/home/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, root + u"/home/data"_s);
        QStringList fake;
        deskseek::tests::FakeMachine::addToEnvironment(fake, m_dir.path(), profile, QString::fromUtf8(DESKSEEK_FAKE_NVML));
        for (const QString &entry : std::as_const(fake))
            env.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QString::fromUtf8(DESKSEEK_CLI_EXE), QStringList{command} + extra);
        Run run;
        if (!process.waitForFinished(60000))
            return run;
        run.exitCode = process.exitCode();
        run.err = QString::fromUtf8(process.readAllStandardError());
        const QByteArray out = process.readAllStandardOutput();
        run.json = QJsonDocument::fromJson(out).object();
        if (run.json.isEmpty())
            run.json.insert(u"text"_s, QString::fromUtf8(out));
        run.modelFolder = root + u"/home/data/DeskSeek/models"_s;
        return run;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const QString &profile : deskseek::tests::FakeMachine::profiles())
            QVERIFY(deskseek::tests::FakeMachine::write(m_dir.path(), profile));
    }

    void detectJson_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("expected"); // the whole JSON but disk.freeBytes
        const QString cpu = u"\"cpu\": {\"model\": \"12th Gen Intel(R) Core(TM) i7-12700H\", \"cores\": 6, "
                            "\"threads\": 12, \"avx2\": true, \"fma\": true, \"avx512\": false}"_s;
        const auto memory = [](qint64 totalKib, qint64 availableKib) {
            return u"\"memory\": {\"totalBytes\": %1, \"availableBytes\": %2}"_s.arg(totalKib * 1024).arg(availableKib * 1024);
        };
        const auto nvidia = [](int index, const char *name, qint64 total, qint64 used, int temperature, int utilization,
                               double watts, const char *driver, const char *cc) {
            return u"{\"index\": %1, \"vendor\": \"nvidia\", \"name\": \"%2\", \"vramTotalBytes\": %3, "
                   "\"vramUsedBytes\": %4, \"vramFreeBytes\": %5, \"temperatureC\": %6, \"utilizationPercent\": %7, "
                   "\"powerWatts\": %8, \"driverVersion\": \"%9\", \"computeCapability\": \"%10\", \"source\": \"nvml\"}"_s
                .arg(index).arg(QString::fromUtf8(name)).arg(total).arg(used).arg(total - used).arg(temperature)
                .arg(utilization).arg(watts).arg(QString::fromUtf8(driver), QString::fromUtf8(cc));
        };
        QTest::newRow("no GPU") << u"none"_s
                                << u"{%1, %2, \"gpus\": [], \"nvml\": {\"status\": \"absent\", \"message\": "
                                   "\"No NVIDIA driver found (@ROOT@/no-driver/libnvidia-ml.so.1 could not be loaded).\"}, "
                                   "\"cpuOnly\": true}"_s.arg(cpu, memory(24 * 1024 * 1024, 20 * 1024 * 1024));
        QTest::newRow("NVIDIA 8 GB") << u"nvidia8"_s
                                     << u"{%1, %2, \"gpus\": [%3], \"nvml\": {\"status\": \"ok\", \"message\": \"\"}, \"cpuOnly\": false}"_s
                                            .arg(cpu, memory(32 * 1024 * 1024, 28 * 1024 * 1024),
                                                 nvidia(0, "NVIDIA GeForce RTX 4060", 8585740288, 601882624, 45, 12, 35.123, "550.54.14", "8.9"));
        QTest::newRow("NVIDIA 24 GB") << u"nvidia24"_s
                                      << u"{%1, %2, \"gpus\": [%3], \"nvml\": {\"status\": \"ok\", \"message\": \"\"}, \"cpuOnly\": false}"_s
                                             .arg(cpu, memory(64 * 1024 * 1024, 60 * 1024 * 1024),
                                                  nvidia(0, "NVIDIA GeForce RTX 4090", 25757220864, 1073741824, 38, 3, 61, "555.42.02", "8.9"));
        QTest::newRow("two GPUs") << u"two"_s
                                  << u"{%1, %2, \"gpus\": [%3, %4], \"nvml\": {\"status\": \"ok\", \"message\": \"\"}, \"cpuOnly\": false}"_s
                                         .arg(cpu, memory(128 * 1024 * 1024, 100 * 1024 * 1024),
                                              nvidia(0, "NVIDIA GeForce RTX 3090", 25769803776, 536870912, 41, 0, 30, "550.54.14", "8.6"),
                                              nvidia(1, "NVIDIA GeForce RTX 3060", 12884901888, 268435456, 36, 0, 15, "550.54.14", "8.6"));
        QTest::newRow("AMD 16 GB") << u"amd16"_s
                                   << u"{%1, %2, \"gpus\": [{\"index\": 0, \"vendor\": \"amd\", \"name\": \"AMD Radeon RX 6800 XT\", "
                                      "\"vramTotalBytes\": %3, \"vramUsedBytes\": %4, \"vramFreeBytes\": %5, \"temperatureC\": 51, "
                                      "\"utilizationPercent\": 7, \"powerWatts\": 23, \"driverVersion\": \"\", \"computeCapability\": null, "
                                      "\"source\": \"sysfs\"}], \"nvml\": {\"status\": \"absent\", \"message\": "
                                      "\"No NVIDIA driver found (@ROOT@/no-driver/libnvidia-ml.so.1 could not be loaded).\"}, \"cpuOnly\": false}"_s
                                          .arg(cpu, memory(32 * 1024 * 1024, 30 * 1024 * 1024))
                                          .arg(16 * GiB).arg(GiB / 2).arg(16 * GiB - GiB / 2);
        QTest::newRow("NVML failing") << u"nvmlfail"_s
                                      << u"{%1, %2, \"gpus\": [], \"nvml\": {\"status\": \"error\", \"message\": \"The NVIDIA driver did "
                                         "not respond (NVML: Driver Not Loaded, code 9). Restart the computer or reinstall the NVIDIA "
                                         "driver; until then DeskSeek uses the CPU.\"}, \"cpuOnly\": true}"_s
                                             .arg(cpu, memory(16 * 1024 * 1024, 12 * 1024 * 1024));
    }

    void detectJson()
    {
        QFETCH(QString, profile);
        QFETCH(QString, expected);
        const Run run = detect(profile, {u"--json"_s});
        QCOMPARE(run.exitCode, 0);
        QJsonObject actual = run.json;
        // The disk is the test machine's: check it, then compare the rest exactly.
        QJsonObject disk = actual.take(u"disk"_s).toObject();
        QCOMPARE(disk.value(u"folder"_s).toString(), run.modelFolder);
        QDir().mkpath(run.modelFolder);
        const double free = QStorageInfo(run.modelFolder).bytesAvailable();
        QVERIFY2(std::abs(disk.value(u"freeBytes"_s).toDouble() - free) < 1e9, qPrintable(QString::number(free)));
        expected.replace(u"@ROOT@"_s, m_dir.filePath(profile));
        QJsonParseError error;
        const QJsonObject want = QJsonDocument::fromJson(expected.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + u": "_s + expected));
        if (actual != want) {
            QFAIL(qPrintable(u"detect --json differs.\n actual:   %1\n expected: %2"_s.arg(
                QString::fromUtf8(QJsonDocument(actual).toJson(QJsonDocument::Compact)),
                QString::fromUtf8(QJsonDocument(want).toJson(QJsonDocument::Compact)))));
        }
    }

    // The recommender's pick for each machine (deskseek-cli recommend --json, 8k context).
    void recommendPick_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<QString>("variant");
        QTest::addColumn<QString>("quantization");
        QTest::addColumn<QString>("placement");
        QTest::addColumn<int>("minimumSpeed"); // tok/s
        QTest::addColumn<QString>("explanation");
        // CPU only, 24 GiB: of the dense models only the 1.5B distill reaches 5 tok/s at 20 GB/s;
        // Coder-V2-Lite (2.4B of its 15.7B parameters per token, 9.6 GB at Q4_K_M) does too, and
        // is the better model.
        QTest::newRow("no GPU") << u"none"_s << u"coder-v2-lite-instruct"_s << u"q4_k_m"_s << u"cpu"_s << 5
                                << u"CPU with 24 GB of RAM (no NVIDIA GPU to run on): DeepSeek-Coder-V2-Lite-Instruct Q4_K_M runs on the CPU"_s;
        // 8 GB: the newest 8B distill at 4 bits fits with its 8k KV cache (6.6 GB in all).
        QTest::newRow("NVIDIA 8 GB") << u"nvidia8"_s << u"r1-0528-qwen3-8b"_s << u"q4_k_m"_s << u"gpu"_s << 35
                                     << u"NVIDIA GeForce RTX 4060 8.0 GB: DeepSeek-R1-0528-Qwen3-8B Q4_K_M fits entirely in VRAM with 8k tokens of context, about 38 tok/s expected."_s;
        // 24 GB: the 32B distill at 4 bits (22 GB with cache and runtime).
        QTest::newRow("NVIDIA 24 GB") << u"nvidia24"_s << u"r1-distill-qwen-32b"_s << u"q4_k_m"_s << u"gpu"_s << 35
                                      << u"NVIDIA GeForce RTX 4090 24 GB: DeepSeek-R1-Distill-Qwen-32B Q4_K_M fits entirely in VRAM"_s;
        // Two GPUs: the engine uses the one with the most free memory (the 3090).
        QTest::newRow("two GPUs") << u"two"_s << u"r1-distill-qwen-32b"_s << u"q4_k_m"_s << u"gpu"_s << 30
                                  << u"NVIDIA GeForce RTX 3090 24 GB: DeepSeek-R1-Distill-Qwen-32B Q4_K_M"_s;
        // AMD: not usable by the CUDA engine, and the recommendation says so.
        QTest::newRow("AMD 16 GB") << u"amd16"_s << u"coder-v2-lite-instruct"_s << u"q4_k_m"_s << u"cpu"_s << 5
                                   << u"AMD Radeon RX 6800 XT cannot be used yet: the engine runs on NVIDIA GPUs"_s;
        QTest::newRow("NVML failing") << u"nvmlfail"_s << u"coder-v2-lite-instruct"_s << u"q4_k_m"_s << u"cpu"_s << 5
                                      << u"CPU with 16 GB of RAM (no NVIDIA GPU to run on)"_s;
    }

    void recommendPick()
    {
        QFETCH(QString, profile);
        QFETCH(QString, variant);
        QFETCH(QString, quantization);
        QFETCH(QString, placement);
        QFETCH(int, minimumSpeed);
        QFETCH(QString, explanation);
        // The CPU's memory bandwidth as if measured at 20 GB/s (the test machine's own would vary).
        const Run run = detectWith(profile, u"recommend"_s, {u"--json"_s, u"--bandwidth"_s, u"20"_s});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject best = run.json.value(u"best"_s).toObject();
        QCOMPARE(best.value(u"variant"_s).toString(), variant);
        QCOMPARE(best.value(u"quantization"_s).toString(), quantization);
        QCOMPARE(best.value(u"placement"_s).toString(), placement);
        QVERIFY2(best.value(u"tokensPerSecond"_s).toDouble() >= minimumSpeed, qPrintable(QString::number(best.value(u"tokensPerSecond"_s).toDouble())));
        const QString text = run.json.value(u"explanation"_s).toString();
        QVERIFY2(text.contains(explanation), qPrintable(text));
        // A ready-made file (Q4_K_M: bartowski's) needs only itself on disk; one DeskSeek makes needs
        // the download beside it.
        if (best.value(u"readyMadeFrom"_s).toString().isEmpty())
            QVERIFY(best.value(u"diskNeededBytes"_s).toDouble() > best.value(u"weightsBytes"_s).toDouble());
        else
            QCOMPARE(best.value(u"diskNeededBytes"_s).toDouble(), best.value(u"weightsBytes"_s).toDouble());
        QCOMPARE(best.value(u"readyMadeFrom"_s).toString(), u"bartowski"_s);
        // The large models are listed with what they need.
        const QJsonArray large = run.json.value(u"largeModels"_s).toArray();
        QVERIFY(large.size() >= 8);
        QVERIFY(large.first().toString().contains(u"cannot run"_s));
        // Alternatives come best first and include the pick.
        const QJsonArray alternatives = run.json.value(u"alternatives"_s).toArray();
        QVERIFY(alternatives.size() >= 3);
        QCOMPARE(alternatives.first().toObject(), best);
    }

    void detectText()
    {
        Run run = detect(u"nvidia8"_s);
        QCOMPARE(run.exitCode, 0);
        const QString text = run.json.value(u"text"_s).toString();
        QVERIFY2(text.contains(u"GPU 0:"_s) && text.contains(u"NVIDIA GeForce RTX 4060"_s) && text.contains(u"8.0 GB VRAM"_s),
                 qPrintable(text));
        run = detect(u"none"_s);
        QVERIFY2(run.json.value(u"text"_s).toString().contains(u"none found; models run on the CPU"_s), qPrintable(run.err));
        run = detect(u"nvmlfail"_s);
        QVERIFY(run.json.value(u"text"_s).toString().contains(u"Driver Not Loaded"_s));
        QCOMPARE(detect(u"none"_s, {u"extra"_s}).exitCode, 2);
    }

    // In process: the library stays loaded and later readings move (what the monitor plots).
    void readingsChangeOverTime()
    {
        HardwareDetector detector(deskseek::tests::FakeMachine::paths(m_dir.path(), u"two"_s, QString::fromUtf8(DESKSEEK_FAKE_NVML)));
        const HardwareReport report = detector.detect(m_dir.path());
        QCOMPARE(report.gpus.size(), 2);
        QCOMPARE(report.totalVramBytes(), qint64(25769803776) + qint64(12884901888));
        QVERIFY2(report.summary().startsWith(u"NVIDIA GeForce RTX 3090 (24 GB), NVIDIA GeForce RTX 3060 (12 GB), "_s),
                 qPrintable(report.summary()));
        QSet<qint64> used;
        QSet<int> temperatures;
        for (int i = 0; i < 5; ++i) {
            const QList<GpuInfo> gpus = detector.sampleGpus();
            QCOMPARE(gpus.size(), 2);
            used.insert(gpus[0].vramUsedBytes);
            temperatures.insert(*gpus[1].temperatureC);
            QCOMPARE(gpus[0].vramUsedBytes + gpus[0].vramFreeBytes, gpus[0].vramTotalBytes);
        }
        QCOMPARE(used.size(), 5);
        QCOMPARE(temperatures.size(), 5);
    }

    // The sampler reads on its own thread and delivers samples to the owner's thread.
    void samplerPublishesLiveReadings()
    {
        const SystemPaths paths = deskseek::tests::FakeMachine::paths(m_dir.path(), u"nvidia8"_s, QString::fromUtf8(DESKSEEK_FAKE_NVML));
        TelemetrySampler sampler(paths);
        QSignalSpy spy(&sampler, &TelemetrySampler::sampled);
        Qt::HANDLE deliveredOn = nullptr;
        connect(&sampler, &TelemetrySampler::sampled, this, [&] { deliveredOn = QThread::currentThreadId(); });
        sampler.start(50);
        QVERIFY(sampler.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 2, 5000);
        // The machine gets busier: 300 of the next 400 ticks are busy.
        QFile stat(paths.procRoot + u"/stat"_s);
        QVERIFY(stat.open(QIODevice::WriteOnly | QIODevice::Truncate));
        stat.write("cpu  250 0 250 900 0 0 0 0 0 0\n");
        stat.close();
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 6, 5000);
        sampler.stop();
        QVERIFY(!sampler.isRunning());
        QCOMPARE(deliveredOn, QThread::currentThreadId());
        QSet<qint64> used;
        bool sawBusy = false;
        for (const QList<QVariant> &arguments : std::as_const(spy)) {
            const auto sample = arguments.first().value<TelemetrySample>();
            QCOMPARE(sample.gpus.size(), 1);
            QCOMPARE(sample.ramTotalBytes, qint64(32) * 1024 * 1024 * 1024);
            QCOMPARE(sample.ramUsedBytes, qint64(4) * 1024 * 1024 * 1024);
            used.insert(sample.gpus[0].vramUsedBytes);
            sawBusy = sawBusy || qFuzzyCompare(sample.cpuPercent, 75.0);
            QVERIFY(sample.timeMs > 0);
        }
        QVERIFY2(used.size() >= 3, "VRAM readings should move");
        QVERIFY(sawBusy);
        const int count = int(spy.size());
        QTest::qWait(200);
        QCOMPARE(int(spy.size()), count); // stopped means stopped
    }

    // Memory bandwidth is measured once, remembered, and then used.
    void bandwidthIsMeasuredOnce()
    {
        const double measured = measureMemoryBandwidthGBs();
        QVERIFY2(measured > 0.5 && measured < 5000, qPrintable(QString::number(measured)));
        Run first = detectWith(u"none"_s, u"recommend"_s, {u"--json"_s});
        QCOMPARE(first.exitCode, 0);
        QVERIFY2(first.err.contains(u"Measuring"_s), qPrintable(first.err));
        QSettings stored(m_dir.filePath(u"none/home/config/DeskSeek/DeskSeek.conf"_s), QSettings::IniFormat);
        const double remembered = stored.value(u"hardware/cpuBandwidthGBs"_s).toDouble();
        QVERIFY2(remembered > 0.5, qPrintable(QString::number(remembered)));
        const Run second = detectWith(u"none"_s, u"recommend"_s, {u"--json"_s});
        QVERIFY(!second.err.contains(u"Measuring"_s));
        QCOMPARE(second.json.value(u"best"_s).toObject(), first.json.value(u"best"_s).toObject());
        QCOMPARE(detectWith(u"none"_s, u"recommend"_s, {u"--bandwidth"_s, u"fast"_s}).exitCode, 2);
    }

    void realMachineNeverFails()
    {
        HardwareDetector detector(SystemPaths::system());
        const HardwareReport report = detector.detect(m_dir.path());
        QVERIFY(report.cpu.threads >= 1);
        QVERIFY(report.cpu.cores >= 1 && report.cpu.cores <= report.cpu.threads);
        QVERIFY(report.memory.totalBytes > 0);
        QVERIFY(report.memory.availableBytes > 0 && report.memory.availableBytes <= report.memory.totalBytes);
        QVERIFY(report.diskFreeBytes > 0);
        QVERIFY(!report.summary().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHardware)
#include "tst_hardware.moc"
