// Honest speed estimates: the memory bandwidth is kept only when it was measured on an idle
// machine (checked before and after, on the real /proc/stat while every core is kept busy), and
// is measured again on other hardware or when implausible; the chat's answers through the real
// engine become the measured speed of their model, which the recommender then uses.

#include "fixtures/chatmodelfixture.h"
#include "fixtures/fakemachine.h"

#include "catalog/catalog.h"
#include "catalog/recommender.h"
#include "chat/chatengine.h"
#include "chat/chatsession.h"
#include "chat/chatstore.h"
#include "chat/servingchatgenerator.h"
#include "chat/speedrecorder.h"
#include "engine/gguf/ggufconverter.h"
#include "engine/model/modelfiles.h"
#include "hardware/memorybandwidth.h"
#include "serving/modelhost.h"
#include "settings/appsettings.h"
#include "settings/cpubandwidth.h"

#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;
using namespace deskseek;

class TestEstimates : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
    }

    void bandwidthUnderLoadIsNotKept()
    {
        // Another program keeps every core busy: the real /proc/stat shows it before and after.
        std::atomic<bool> stop{false};
        std::vector<std::thread> load;
        for (unsigned i = 0; i < std::max(2u, std::thread::hardware_concurrency()); ++i)
            load.emplace_back([&stop] {
                volatile double x = 0;
                while (!stop.load(std::memory_order_relaxed))
                    x = x + 1.0;
            });
        const hardware::SystemPaths real = hardware::SystemPaths::system();
        const hardware::BandwidthMeasurement busy = hardware::measureMemoryBandwidthWhenIdle(real, 2);
        settings::AppSettings settings(m_dir.filePath(u"busy.ini"_s));
        const double used = settings::cpuBandwidthForEstimates(settings, real);
        stop = true;
        for (std::thread &thread : load)
            thread.join();
        qInfo("under load: %.1f GB/s, busy %.2f before and %.2f after", busy.gbs, busy.busyBefore, busy.busyAfter);
        QVERIFY(busy.busyBefore > 0.5 && busy.busyAfter > 0.5);
        QVERIFY(!busy.idle);
        QVERIFY(!settings::keepCpuBandwidth(settings, busy, real));
        QCOMPARE(used, 0.0); // estimated for now, measured again next time
        QCOMPARE(settings.cpuBandwidthGBs(), 0.0);
        QVERIFY(settings::cpuBandwidthNeedsMeasuring(settings, real));
    }

    void bandwidthIsMeasuredAgainWhenItCannotHold()
    {
        // A machine whose CPU counters stand still is idle: the figure is kept, with what it
        // belongs to.
        const QString root = m_dir.filePath(u"machines"_s);
        QVERIFY(tests::FakeMachine::write(root, u"none"_s));
        QVERIFY(tests::FakeMachine::write(root, u"nvidia24"_s));
        const hardware::SystemPaths idle = tests::FakeMachine::paths(root, u"none"_s, QString());
        settings::AppSettings settings(m_dir.filePath(u"idle.ini"_s));
        const double first = settings::cpuBandwidthForEstimates(settings, idle);
        QVERIFY2(hardware::isPlausibleBandwidth(first), qPrintable(QString::number(first)));
        QCOMPARE(settings.cpuBandwidthGBs(), first);
        QCOMPARE(settings.cpuBandwidthFingerprint(), hardware::bandwidthFingerprint(idle));
        QVERIFY(!settings::cpuBandwidthNeedsMeasuring(settings, idle));
        QCOMPARE(settings::cpuBandwidthForEstimates(settings, idle), first); // not measured again
        // Other hardware (another processor and RAM), or an implausible figure: measured again.
        const hardware::SystemPaths other = tests::FakeMachine::paths(root, u"nvidia24"_s, QString());
        QVERIFY(hardware::bandwidthFingerprint(other) != hardware::bandwidthFingerprint(idle));
        QVERIFY(settings::cpuBandwidthNeedsMeasuring(settings, other));
        settings.setCpuBandwidthGBs(0.01, hardware::bandwidthFingerprint(idle));
        QVERIFY(settings::cpuBandwidthNeedsMeasuring(settings, idle));
    }

    // A few answers through the real engine: the model's estimate becomes its measured speed.
    void measuredSpeedBecomesTheEstimate()
    {
        QString error;
        const QString hf = tests::writeR1ChatModel(m_dir.filePath(u"hf"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
        QVERIFY2(!hf.isEmpty(), qPrintable(error));
        // Installed as the catalog's 1.5B at Q8_0 would be: <models>/<name>/<name>-Q8_0.gguf.
        const QString name = u"DeepSeek-R1-Distill-Qwen-1.5B"_s;
        QVERIFY(QDir().mkpath(m_dir.filePath(u"models/"_s + name)));
        const QString gguf = m_dir.filePath(u"models/%1/%1-Q8_0.gguf"_s.arg(name));
        const auto files = engine::model::ModelFiles::open(hf.toStdString());
        QVERIFY(files);
        QVERIFY(engine::gguf::convertToGguf(files.value(), gguf.toStdString(), engine::model::DType::Q8_0));
        QCOMPARE(chat::SpeedRecorder::keyForModel(gguf), u"deepseek-r1-distill-qwen-1.5b:q8_0"_s);
        QCOMPARE(chat::SpeedRecorder::keyForModel(hf), QString()); // not an installed GGUF

        QString catalogError;
        const catalog::Catalog models = catalog::Catalog::load(u":/catalog/catalog.json"_s, &catalogError);
        const catalog::ModelVariant *variant = models.find(u"r1-distill-qwen-1.5b"_s);
        QVERIFY2(variant, qPrintable(catalogError));
        hardware::HardwareReport machine;
        machine.memory.totalBytes = qint64(24) << 30;
        machine.memory.availableBytes = qint64(20) << 30;
        catalog::RecommendationOptions options;
        options.cpuBandwidthGBs = 20;
        const catalog::Candidate before = catalog::Recommender(models).evaluate(*variant, u"q8_0"_s, machine, options);
        QVERIFY(!before.speedMeasured);

        settings::AppSettings settings(m_dir.filePath(u"speeds.ini"_s));
        serving::ModelHost::Options hostOptions;
        hostOptions.threads = 2;
        serving::ModelHost host({}, hostOptions);
        chat::ChatEngine engine(std::make_unique<chat::ServingChatGenerator>(host));
        chat::SpeedRecorder recorder(engine, settings);
        chat::ChatStore store;
        QVERIFY(store.open(m_dir.filePath(u"chats.sqlite"_s)));
        chat::ChatSession session(store, engine);
        engine.load(gguf, 2048);
        QTRY_COMPARE_WITH_TIMEOUT(engine.state(), chat::ChatEngine::State::Ready, 60000);
        chat::ChatSettings chatSettings;
        chatSettings.maxTokens = 128;
        chatSettings.temperature = 0.0;
        chatSettings.contextLength = 2048;
        session.startNew(chatSettings);
        QList<double> measured;
        for (const QString &question : {u"Hello"_s, u"Tell me more."_s, u"And then?"_s, u"Why?"_s, u"Go on."_s}) {
            QVERIFY(session.send(question));
            QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 60000);
            const chat::Message answer = session.messages().last();
            if (answer.tokens >= chat::SpeedRecorder::kMinimumTokens)
                measured << answer.tokensPerSecond;
        }
        QVERIFY2(measured.size() >= 3, qPrintable(QString::number(measured.size())));
        const auto [slowest, fastest] = std::minmax_element(measured.cbegin(), measured.cend());
        options.measuredSpeeds = settings.measuredSpeeds();
        const catalog::Candidate after = catalog::Recommender(models).evaluate(*variant, u"q8_0"_s, machine, options);
        qInfo("estimate %.1f tok/s before the answers, %.1f after; the answers ran at %.1f to %.1f", before.tokensPerSecond,
              after.tokensPerSecond, *slowest, *fastest);
        QVERIFY(after.speedMeasured);
        // Each answer moves the figure halfway to what it measured...
        double expected = 0;
        for (const double speed : std::as_const(measured))
            expected = expected > 0 ? (expected + speed) / 2 : speed;
        QVERIFY(std::abs(after.tokensPerSecond - expected) <= 1e-6 * expected);
        // ...so that it is the model's measured speed, not the bandwidth's guess: within the range
        // the answers ran at (however much a busy machine spread them; this follows from the
        // formula above), while the guess lay outside it.
        QVERIFY2(after.tokensPerSecond >= *slowest && after.tokensPerSecond <= *fastest,
                 qPrintable(QString::number(after.tokensPerSecond)));
        QVERIFY(before.tokensPerSecond < *slowest || before.tokensPerSecond > *fastest);
        // Another quantization of the same model has not been seen running: still from the bandwidth.
        QVERIFY(!catalog::Recommender(models).evaluate(*variant, u"q4_0"_s, machine, options).speedMeasured);
    }
};

QTEST_GUILESS_MAIN(TestEstimates)
#include "tst_estimates.moc"
