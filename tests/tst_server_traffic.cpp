// The local API server under traffic, on loopback: 100 clients at once, clients that go away
// (running and queued), the chat and the API on one model, and deskseek-cli serve.

#include "chat/chatengine.h"
#include "chat/servingchatgenerator.h"
#include "fixtures/servedmodel.h"
#include "server/apiserver.h"
#include "serving/modelhost.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace deskseek;
using nlohmann::json;
using tests::chatBody;
using tests::RawClient;

namespace {
const QString kModel = QString::fromLatin1(tests::ServedModel::kName);
} // namespace

class TestServerTraffic : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_served.start(&error), qPrintable(error));
    }
    void hundredClients();
    void disconnectedClientsFreeTheirSlots();
    void chatAndApiShareTheModel();
    void cliServe();

private:
    // The time from a streamed request to its first token, in milliseconds.
    double firstTokenMs();

    tests::ServedModel m_served;
};

void TestServerTraffic::hundredClients()
{
    constexpr int kClients = 100;
    QVERIFY(m_served.host().acquire(kModel).runner); // loaded: the clients meet the slots and the queue
    std::atomic<int> answered{0}, busy{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
        threads.emplace_back([&, i] {
            httplib::Client c("127.0.0.1", m_served.port());
            c.set_read_timeout(120, 0);
            c.set_connection_timeout(30, 0);
            json body = chatBody(8, i % 2 == 0);
            const auto result = c.Post("/v1/chat/completions", body.dump(), "application/json");
            if (!result) {
                qWarning("client %d: %s", i, httplib::to_string(result.error()).c_str());
                ++other;
            }
            else if (result->status == 200 && result->body.find(i % 2 == 0 ? "[DONE]" : "\"usage\"") != std::string::npos)
                ++answered;
            else if (result->status == 503 && !result->get_header_value("Retry-After").empty()) {
                if (busy++ == 0)
                    qInfo("first refusal: %s", result->body.c_str());
            }
            else {
                qWarning("client %d: HTTP %d %s", i, result->status, result->body.substr(0, 300).c_str());
                ++other;
            }
        });
    for (std::thread &thread : threads)
        thread.join();
    qInfo("100 clients: %d answered, %d told to retry, %d other", answered.load(), busy.load(), other.load());
    QCOMPARE(other.load(), 0);
    QCOMPARE(answered + busy, kClients);
    QVERIFY(answered >= 60); // the slots and the queue (68) hold most of them
    QCOMPARE(m_served.client().Get("/health")->status, 200);
    QCOMPARE(m_served.client().Post("/v1/chat/completions", chatBody(2).dump(), "application/json")->status, 200);
}

double TestServerTraffic::firstTokenMs()
{
    QElapsedTimer timer;
    timer.start();
    RawClient raw(m_served.port());
    if (!raw.post("/v1/chat/completions", chatBody(2, true).dump()) || !raw.readUntil("reasoning_content", 1))
        return -1;
    return double(timer.nsecsElapsed()) / 1e6;
}

void TestServerTraffic::disconnectedClientsFreeTheirSlots()
{
    // One slot: every request waits for the one before (the host's options come back afterwards,
    // whatever happens here).
    serving::ModelHost::Options options = m_served.host().options();
    const serving::ModelHost::Options before = options;
    const auto restore = qScopeGuard([&] {
        m_served.host().unloadAll();
        m_served.host().setOptions(before);
    });
    m_served.host().unloadAll();
    options.parallel = 1;
    options.contextLength = 4096; // long enough that the killed streams would still be running
    m_served.host().setOptions(options);
    QVERIFY(m_served.host().acquire(kModel).runner);
    double idle = 1e9;
    for (int i = 0; i < 5; ++i)
        idle = std::min(idle, firstTokenMs());
    QVERIFY(idle > 0);

    // A stream killed in the middle.
    {
        RawClient running(m_served.port());
        QVERIFY(running.post("/v1/chat/completions", chatBody(100000, true).dump()));
        QVERIFY(running.readUntil("reasoning_content", 5));
    }
    const double afterRunning = firstTokenMs();
    // A queued client that goes away before its turn, behind a running one that is then killed.
    auto running = std::make_unique<RawClient>(m_served.port());
    QVERIFY(running->post("/v1/chat/completions", chatBody(100000, true).dump()));
    QVERIFY(running->readUntil("reasoning_content", 3));
    {
        RawClient queued(m_served.port());
        QVERIFY(queued.post("/v1/chat/completions", chatBody(100000, true).dump()));
        QTRY_COMPARE(m_served.host().queuedJobs(), 1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_served.host().queuedJobs(), 0, 2000); // it left the queue on its own
    QCOMPARE(m_served.host().runningJobs(), 1);
    const std::int64_t generatedBefore = m_served.host().metrics().snapshot().generatedTokens[1];
    running.reset();
    const double afterQueued = firstTokenMs();
    const auto snapshot = m_served.host().metrics().snapshot();
    qInfo("first token: idle %.1f ms, after a killed stream %.1f ms, after a killed queued client %.1f ms", idle,
          afterRunning, afterQueued);
    // The slot is free within a decoding step or two of the write that failed, and the queued
    // client never took it: the next answer starts about as soon as on an idle server (a decoding
    // step here takes a few ms; the margin is for a machine busy with other tests). Had either
    // gone on, the next answer would wait for thousands of tokens (seconds).
    QVERIFY2(afterRunning < idle + 1000, qPrintable(u"%1 ms vs %2 ms idle"_s.arg(afterRunning).arg(idle)));
    QVERIFY2(afterQueued < idle + 1000, qPrintable(u"%1 ms vs %2 ms idle"_s.arg(afterQueued).arg(idle)));
    // From the kill on: the killed stream's last step or two and the measuring answer's two
    // tokens; nothing for the queued client, which never got the slot.
    const std::int64_t generated = snapshot.generatedTokens[1] - generatedBefore;
    QVERIFY2(generated >= 2 && generated < 20, qPrintable(u"%1 tokens"_s.arg(generated)));
}

void TestServerTraffic::chatAndApiShareTheModel()
{
    // The chat's engine goes through the same host: the model the server serves is the chat's.
    chat::ChatEngine engine(std::make_unique<chat::ServingChatGenerator>(m_served.host()));
    QSignalSpy loaded(&engine, &chat::ChatEngine::loadFinished);
    engine.load(m_served.modelFolder(), 256);
    QVERIFY(loaded.wait(60000));
    QVERIFY2(loaded.first().at(0).toBool(), qPrintable(loaded.first().at(1).toString()));
    QCOMPARE(engine.modelName(), kModel);
    QCOMPARE(m_served.host().loaded().size(), 1);

    const auto answer = [&](bool withApiTraffic, int *apiAnswers, int *mostRunning) {
        QString text;
        const auto connection = connect(&engine, &chat::ChatEngine::textArrived, this, [&](const QString &piece) { text += piece; });
        chat::GenerateRequest request;
        request.turns = {{chat::Message::Role::User, u"Tell me a story about the sea."_s}};
        request.settings.temperature = 0.0;
        request.settings.maxTokens = 60;
        request.settings.contextLength = 256;
        std::atomic<bool> stop{false};
        std::thread api, watch;
        if (withApiTraffic) {
            watch = std::thread([&] {
                while (!stop) {
                    *mostRunning = std::max(*mostRunning, m_served.host().runningJobs());
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
            });
            api = std::thread([&] {
                httplib::Client c("127.0.0.1", m_served.port());
                c.set_read_timeout(60, 0);
                while (!stop) {
                    const auto result = c.Post("/v1/chat/completions", chatBody(12, true).dump(), "application/json");
                    if (result && result->status == 200 && result->body.find("[DONE]") != std::string::npos)
                        ++*apiAnswers;
                }
            });
        }
        QSignalSpy finished(&engine, &chat::ChatEngine::generationFinished);
        if (withApiTraffic) { // the API's streams are running when the chat starts
            QElapsedTimer waited;
            waited.start();
            while (m_served.host().runningJobs() < 1 && waited.elapsed() < 10000)
                QTest::qWait(1);
        }
        if (!engine.generate(request))
            qWarning("the chat engine is not ready");
        const bool done = finished.wait(60000);
        stop = true;
        for (std::thread *thread : {&api, &watch})
            if (thread->joinable())
                thread->join();
        disconnect(connection);
        const auto outcome = done ? finished.first().at(0).value<chat::GenerateOutcome>() : chat::GenerateOutcome{};
        return std::make_pair(text, outcome);
    };
    int apiAnswers = 0, mostRunning = 0;
    const auto [alone, aloneOutcome] = answer(false, &apiAnswers, &mostRunning);
    const auto [shared, sharedOutcome] = answer(true, &apiAnswers, &mostRunning);
    qInfo("chat alone: %d tokens; beside the API: %d tokens, %d API answers meanwhile, %d running at once at most",
          aloneOutcome.tokens, sharedOutcome.tokens, apiAnswers, mostRunning);
    QCOMPARE(aloneOutcome.tokens, 60);
    QCOMPARE(sharedOutcome.tokens, 60);
    QVERIFY(!alone.isEmpty());
    QCOMPARE(shared, alone); // temperature 0: the API's traffic changes nothing in the chat's answer
    QVERIFY(apiAnswers >= 1);
    QVERIFY(mostRunning >= 2); // side by side, not one after the other
    const auto snapshot = m_served.host().metrics().snapshot();
    QVERIFY(snapshot.generatedTokens[0] >= 120); // counted as the chat's
}

void TestServerTraffic::cliServe()
{
    // deskseek-cli serve: the same server headless, for the official clients; SIGTERM in the
    // middle of a stream ends it cleanly.
    QProcess serve;
    serve.start(QStringLiteral(DESKSEEK_CLI_EXE), {u"serve"_s, m_served.modelFolder(), u"--port"_s, u"0"_s, u"--parallel"_s, u"2"_s,
                                                    u"--ctx"_s, u"256"_s, u"--threads"_s, u"2"_s});
    QVERIFY(serve.waitForStarted());
    QString address;
    QElapsedTimer timer;
    timer.start();
    while (address.isEmpty() && timer.elapsed() < 60000 && serve.state() == QProcess::Running) {
        serve.waitForReadyRead(200);
        const QString text = QString::fromUtf8(serve.readAllStandardOutput());
        const qsizetype at = text.indexOf(u"http://127.0.0.1:"_s);
        if (at >= 0)
            address = text.mid(at).section(u' ', 0, 0);
    }
    QVERIFY2(!address.isEmpty(), serve.readAllStandardError().constData());
    const int port = address.section(u':', -1).toInt();
    QVERIFY(port > 0);

    QProcess node;
    node.setWorkingDirectory(QStringLiteral(DESKSEEK_REFERENCE_DIR));
    node.start(QStringLiteral(DESKSEEK_NODE), {u"api_clients.mjs"_s, address, u"model"_s});
    QVERIFY(node.waitForFinished(120000));
    QVERIFY2(node.exitCode() == 0, node.readAllStandardError().constData());
    const json out = json::parse(node.readAllStandardOutput().toStdString());
    JCOMPARE(out["models"], json::array({"model"}));
    JCOMPARE(out["whole"]["usage"]["completion_tokens"], 12);
    JCOMPARE(out["ollamaChat"]["thinking"], out["whole"]["reasoning"]);
    JCOMPARE(out["generate"]["evalCount"], 8);

    RawClient streaming(port);
    QVERIFY(streaming.post("/v1/chat/completions", json{{"model", "model"},
                                                         {"messages", json::array({{{"role", "user"}, {"content", "Hi"}}})},
                                                         {"max_tokens", 100000},
                                                         {"stream", true}}
                                                        .dump()));
    QVERIFY(streaming.readUntil("reasoning_content", 3));
    serve.terminate(); // SIGTERM
    QVERIFY(serve.waitForFinished(10000));
    QCOMPARE(serve.exitStatus(), QProcess::NormalExit);
    QCOMPARE(serve.exitCode(), 0);
    QVERIFY(QString::fromUtf8(serve.readAllStandardError()).contains(u"Stopping"_s));
    // The stream was closed, not left hanging.
    QVERIFY(!streaming.readUntil("never comes", 1));
}

QTEST_GUILESS_MAIN(TestServerTraffic)
#include "tst_server_traffic.moc"
