// The local API server end to end on loopback: the official openai and ollama npm clients, raw
// SSE/NDJSON framing through curl, bad input, the API key, CORS, 100 clients at once, clients
// that go away (running and queued), and a real Prometheus scraping /metrics.

#include "chat/chatengine.h"
#include "chat/servingchatgenerator.h"
#include "fixtures/chatmodelfixture.h"
#include "server/apiserver.h"
#include "serving/modelhost.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace deskseek;
using nlohmann::json;

namespace {

const QString kModel = u"r1-test"_s;

// QCOMPARE for JSON values (which QTest cannot print).
#define JCOMPARE(actual, expected)                                                                               \
    QVERIFY2(json(actual) == json(expected),                                                                     \
             qPrintable(QString::fromStdString(json(actual).dump() + " != " + json(expected).dump())))

// A connection that sends one request and reads as much of the answer as asked, then closes:
// a client that goes away in the middle.
class RawClient
{
public:
    explicit RawClient(int port)
    {
        m_socket = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_socket, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    }
    ~RawClient() { close(); }

    bool post(const std::string &path, const std::string &body)
    {
        const std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        return m_connected && ::send(m_socket, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size());
    }
    // Reads until `needle` occurred `count` times (or the connection ends / 60 s pass).
    bool readUntil(const std::string &needle, int count)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60000) {
            std::size_t found = 0;
            for (std::size_t at = m_received.find(needle); at != std::string::npos; at = m_received.find(needle, at + 1))
                ++found;
            if (int(found) >= count)
                return true;
            char buffer[4096];
            const ssize_t n = ::recv(m_socket, buffer, sizeof buffer, 0);
            if (n <= 0)
                return false;
            m_received.append(buffer, std::size_t(n));
        }
        return false;
    }
    void close()
    {
        if (m_socket >= 0)
            ::close(m_socket);
        m_socket = -1;
    }
    const std::string &received() const { return m_received; }

private:
    int m_socket = -1;
    bool m_connected = false;
    std::string m_received;
};

json chatBody(int maxTokens, bool stream = false)
{
    return json{{"model", kModel.toStdString()},
                {"messages", json::array({{{"role", "user"}, {"content", "Hello there"}}})},
                {"max_tokens", maxTokens},
                {"temperature", 0},
                {"stream", stream}};
}

int freePort()
{
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(s, reinterpret_cast<sockaddr *>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(s, reinterpret_cast<sockaddr *>(&address), &length);
    ::close(s);
    return ntohs(address.sin_port);
}

} // namespace

class TestServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void officialClients();
    void rawFraming();
    void badInput_data();
    void badInput();
    void tokenPrompt();
    void largeBodyIsRefused();
    void promptOverContextIsRefused();
    void apiKey();
    void cors();
    void otherHostIsRefused();
    void hundredClients();
    void disconnectedClientsFreeTheirSlots();
    void prometheusScrapesMetrics();
    void chatAndApiShareTheModel();
    void cliServe();

private:
    httplib::Client client() const;
    // The time from a streamed request to its first token, in milliseconds.
    double firstTokenMs();

    QTemporaryDir m_dir;
    QString m_modelFolder;
    std::unique_ptr<serving::ModelHost> m_host;
    std::unique_ptr<server::ApiServer> m_server;
    int m_port = 0;
};

void TestServer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_modelFolder = tests::writeR1ChatModel(m_dir.filePath(u"model"_s), QStringLiteral(DESKSEEK_REFERENCE_DIR), &error);
    QVERIFY2(!m_modelFolder.isEmpty(), qPrintable(error));
    serving::ModelHost::Options options;
    options.parallel = 4;
    options.contextLength = 256;
    options.threads = 2;
    m_host = std::make_unique<serving::ModelHost>(QString(), options);
    m_host->addModel(kModel, m_modelFolder);
    server::ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<server::ApiServer>(*m_host, config);
    std::string message;
    QVERIFY2(m_server->start(&message), message.c_str());
    m_port = m_server->port();
    QVERIFY(m_port > 0);
}

void TestServer::cleanupTestCase()
{
    m_server.reset();
    m_host.reset();
}

httplib::Client TestServer::client() const
{
    httplib::Client c("127.0.0.1", m_port);
    c.set_read_timeout(120, 0);
    return c;
}

void TestServer::officialClients()
{
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(DESKSEEK_REFERENCE_DIR));
    node.start(QStringLiteral(DESKSEEK_NODE), {u"api_clients.mjs"_s, QString::fromStdString(m_server->address()), kModel});
    QVERIFY(node.waitForFinished(120000));
    const QByteArray stderrText = node.readAllStandardError();
    QVERIFY2(node.exitCode() == 0, stderrText.constData());
    const json out = json::parse(node.readAllStandardOutput().toStdString());
    qInfo().noquote() << "clients:" << QString::fromStdString(out.dump()).left(1500);

    JCOMPARE(out["models"], json::array({kModel.toStdString()}));
    // R1's prompt opens the reasoning: with random weights everything written is reasoning.
    const json &whole = out["whole"];
    JCOMPARE(whole["object"], "chat.completion");
    JCOMPARE(whole["finish"], "length");
    JCOMPARE(whole["usage"]["completion_tokens"], 12);
    QVERIFY(whole["usage"]["prompt_tokens"].get<int>() > 3);
    QVERIFY(whole["reasoning"].is_string() && !whole["reasoning"].get<std::string>().empty());
    // Streamed at temperature 0: the same text, in chunks, with usage last.
    const json &stream = out["stream"];
    JCOMPARE(stream["role"], "assistant");
    JCOMPARE(stream["reasoning"], whole["reasoning"]);
    JCOMPARE(stream["content"], whole["content"].is_null() ? json("") : whole["content"]);
    JCOMPARE(stream["finish"], "length");
    QVERIFY(stream["chunks"].get<int>() >= 12);
    JCOMPARE(stream["usage"]["completion_tokens"], 12);
    JCOMPARE(out["completion"]["usage"]["completion_tokens"], 6);
    QVERIFY(!out["completion"]["text"].get<std::string>().empty());

    JCOMPARE(out["ollamaList"], json::array({kModel.toStdString()}));
    JCOMPARE(out["show"]["format"], "gguf");
    // Ollama's thinking is OpenAI's reasoning_content: the same tokens for the same request.
    const json &ollamaChat = out["ollamaChat"];
    JCOMPARE(ollamaChat["done"], true);
    JCOMPARE(ollamaChat["evalCount"], 12);
    JCOMPARE(ollamaChat["reason"], "length");
    JCOMPARE(ollamaChat["thinking"], whole["reasoning"]);
    const json &ollamaStream = out["ollamaStream"];
    JCOMPARE(ollamaStream["done"], true);
    JCOMPARE(ollamaStream["thinking"], whole["reasoning"]);
    QVERIFY(ollamaStream["parts"].get<int>() >= 12);
    JCOMPARE(out["generate"]["done"], true);
    JCOMPARE(out["generate"]["evalCount"], 8);
    QVERIFY(out["generate"]["response"].get<std::string>().rfind("<think>", 0) == 0);
}

void TestServer::rawFraming()
{
    const QString curl = QStandardPaths::findExecutable(u"curl"_s);
    QVERIFY2(!curl.isEmpty(), "curl is needed (scripts/setup.sh installs it)");
    const auto run = [&](const QString &path, const json &body) {
        QProcess process;
        process.start(curl, {u"-sS"_s, u"-N"_s, u"-H"_s, u"Content-Type: application/json"_s, u"-d"_s,
                             QString::fromStdString(body.dump()),
                             u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)});
        process.waitForFinished(60000);
        return process.readAllStandardOutput().toStdString();
    };
    // SSE: "data: <json>" events separated by a blank line, [DONE] last.
    const std::string sse = run(u"/v1/chat/completions"_s, chatBody(5, true));
    QVERIFY2(sse.size() > 20 && sse.substr(sse.size() - 14) == "data: [DONE]\n\n", sse.c_str());
    int events = 0;
    for (std::size_t at = 0; at < sse.size();) {
        const std::size_t end = sse.find("\n\n", at);
        QVERIFY(end != std::string::npos);
        const std::string event = sse.substr(at, end - at);
        at = end + 2;
        if (event.rfind(':', 0) == 0)
            continue; // a keep-alive comment
        QVERIFY2(event.rfind("data: ", 0) == 0, event.c_str());
        if (event == "data: [DONE]")
            continue;
        const json chunk = json::parse(event.substr(6));
        JCOMPARE(chunk["object"], "chat.completion.chunk");
        ++events;
    }
    QVERIFY(events >= 6); // role, 5 tokens (some may be held), finish
    // NDJSON: one object a line, done last.
    json ollama{{"model", kModel.toStdString()}, {"prompt", "Hi"}, {"options", {{"num_predict", 4}}}};
    const std::string ndjson = run(u"/api/generate"_s, ollama);
    QVERIFY(!ndjson.empty() && ndjson.back() == '\n');
    std::vector<json> lines;
    for (std::size_t at = 0; at < ndjson.size();) {
        const std::size_t end = ndjson.find('\n', at);
        lines.push_back(json::parse(ndjson.substr(at, end - at)));
        at = end + 1;
    }
    QVERIFY(lines.size() >= 2);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i)
        JCOMPARE(lines[i]["done"], false);
    JCOMPARE(lines.back()["done"], true);
    JCOMPARE(lines.back()["eval_count"], 4);
}

void TestServer::badInput_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("param");
    const QByteArray model = "\"model\":\"r1-test\"";
    const QByteArray messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    QTest::newRow("malformed JSON") << u"/v1/chat/completions"_s << QByteArray("{\"model\": \"r1-test\", ") << 400 << QString();
    QTest::newRow("invalid UTF-8") << u"/v1/chat/completions"_s
                                   << QByteArray("{" + model + ",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}")
                                   << 400 << QString();
    QTest::newRow("not an object") << u"/v1/chat/completions"_s << QByteArray("[1,2]") << 400 << QString();
    QTest::newRow("deep nesting") << u"/v1/chat/completions"_s << QByteArray(5000, '[') << 400 << QString();
    QTest::newRow("messages not an array") << u"/v1/chat/completions"_s << QByteArray("{" + model + ",\"messages\":5}")
                                           << 400 << u"messages"_s;
    QTest::newRow("max_tokens a string") << u"/v1/chat/completions"_s
                                         << QByteArray("{" + model + "," + messages + ",\"max_tokens\":\"ten\"}") << 400
                                         << u"max_tokens"_s;
    QTest::newRow("negative max_tokens") << u"/v1/chat/completions"_s
                                         << QByteArray("{" + model + "," + messages + ",\"max_tokens\":-5}") << 400
                                         << u"max_tokens"_s;
    QTest::newRow("huge max_tokens") << u"/v1/chat/completions"_s
                                     << QByteArray("{" + model + "," + messages + ",\"max_tokens\":1e300}") << 400
                                     << u"max_tokens"_s;
    QTest::newRow("temperature out of range") << u"/v1/chat/completions"_s
                                              << QByteArray("{" + model + "," + messages + ",\"temperature\":7}") << 400
                                              << u"temperature"_s;
    QTest::newRow("n > 1") << u"/v1/chat/completions"_s << QByteArray("{" + model + "," + messages + ",\"n\":2}") << 400
                           << u"n"_s;
    QTest::newRow("unknown role") << u"/v1/chat/completions"_s
                                  << QByteArray("{" + model + ",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}")
                                  << 400 << u"messages[0].role"_s;
    QTest::newRow("stop not strings") << u"/v1/chat/completions"_s
                                      << QByteArray("{" + model + "," + messages + ",\"stop\":[1]}") << 400 << u"stop"_s;
    QTest::newRow("unknown model") << u"/v1/chat/completions"_s
                                   << QByteArray("{\"model\":\"nope\"," + messages + "}") << 404 << u"model"_s;
    QTest::newRow("token id outside the vocabulary") << u"/v1/completions"_s
                                                     << QByteArray("{" + model + ",\"prompt\":[1,2,99999999]}") << 400
                                                     << u"prompt"_s;
    QTest::newRow("negative token id") << u"/v1/completions"_s << QByteArray("{" + model + ",\"prompt\":[5,-1]}") << 400
                                       << u"prompt"_s;
    QTest::newRow("ollama options wrong type") << u"/api/chat"_s
                                               << QByteArray("{" + model + "," + messages + ",\"options\":{\"temperature\":\"hot\"}}")
                                               << 400 << QString();
    QTest::newRow("ollama unknown model") << u"/api/generate"_s << QByteArray("{\"model\":\"nope\",\"prompt\":\"x\"}") << 404
                                          << QString();
}

void TestServer::badInput()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, param);
    auto c = client();
    const auto result = c.Post(path.toStdString(), body.toStdString(), "application/json");
    QVERIFY(result);
    QCOMPARE(result->status, status);
    const json answer = json::parse(result->body);
    if (path.startsWith(u"/api/"_s)) {
        QVERIFY(answer["error"].is_string() && !answer["error"].get<std::string>().empty());
        if (status == 404)
            QVERIFY2(answer["error"].get<std::string>().find("r1-test") != std::string::npos, result->body.c_str());
        return;
    }
    QVERIFY2(answer["error"]["message"].is_string(), result->body.c_str());
    if (!param.isEmpty())
        JCOMPARE(answer["error"]["param"], param.toStdString());
    if (status == 404) // the installed models are named
        QVERIFY2(answer["error"]["message"].get<std::string>().find("r1-test") != std::string::npos, result->body.c_str());
    // Bad input harms nothing: the next request is answered.
    QCOMPARE(c.Post("/v1/chat/completions", chatBody(2).dump(), "application/json")->status, 200);
}

void TestServer::tokenPrompt()
{
    // OpenAI's prompt as token ids, and llama-server's ignore_eos: what the benchmark sends.
    json body{{"model", kModel.toStdString()}, {"prompt", {11, 22, 33, 44}}, {"max_tokens", 7}, {"ignore_eos", true},
              {"temperature", 0}};
    const auto result = client().Post("/v1/completions", body.dump(), "application/json");
    QCOMPARE(result->status, 200);
    const json answer = json::parse(result->body);
    JCOMPARE(answer["usage"]["prompt_tokens"], 4);
    JCOMPARE(answer["usage"]["completion_tokens"], 7);
    JCOMPARE(answer["choices"][0]["finish_reason"], "length");
}

void TestServer::largeBodyIsRefused()
{
    auto c = client();
    const std::string body = "{\"model\":\"r1-test\",\"prompt\":\"" + std::string(20u << 20, 'a') + "\"}";
    const auto result = c.Post("/v1/completions", body, "application/json");
    QVERIFY(result);
    QCOMPARE(result->status, 413);
    QVERIFY(json::parse(result->body)["error"]["message"].is_string());
    QCOMPARE(client().Get("/health")->status, 200);
}

void TestServer::promptOverContextIsRefused()
{
    // The context holds 256 tokens: a 2000-word prompt is refused, never cut.
    std::string text;
    for (int i = 0; i < 2000; ++i)
        text += "word ";
    json body = chatBody(4);
    body["messages"][0]["content"] = text;
    const auto result = client().Post("/v1/chat/completions", body.dump(), "application/json");
    QCOMPARE(result->status, 400);
    const json error = json::parse(result->body)["error"];
    JCOMPARE(error["code"], "context_length_exceeded");
    QVERIFY2(error["message"].get<std::string>().find("256") != std::string::npos, result->body.c_str());
}

void TestServer::apiKey()
{
    server::ServerConfig config;
    config.port = 0;
    config.apiKey = "sk-test-123";
    server::ApiServer guarded(*m_host, config);
    std::string message;
    QVERIFY2(guarded.start(&message), message.c_str());
    httplib::Client c("127.0.0.1", guarded.port());
    c.set_read_timeout(60, 0);
    QCOMPARE(c.Get("/v1/models")->status, 401);
    QCOMPARE(c.Get("/v1/models", {{"Authorization", "Bearer wrong"}})->status, 401);
    QCOMPARE(c.Get("/api/tags", {{"x-api-key", "sk-test-12"}})->status, 401);
    QCOMPARE(c.Get("/v1/models", {{"Authorization", "Bearer sk-test-123"}})->status, 200);
    QCOMPARE(c.Get("/api/tags", {{"x-api-key", "sk-test-123"}})->status, 200);
    QCOMPARE(c.Post("/v1/chat/completions", {{"x-api-key", "sk-test-123"}}, chatBody(2).dump(), "application/json")->status,
             200);
    QCOMPARE(c.Get("/health")->status, 200); // health checks need no key
    // Serving the network without a key is refused.
    server::ServerConfig open;
    open.host = "0.0.0.0";
    open.port = 0;
    server::ApiServer exposed(*m_host, open);
    QVERIFY(!exposed.start(&message));
}

void TestServer::cors()
{
    auto c = client();
    const auto preflight = c.Options("/v1/chat/completions", {{"Origin", "http://localhost:5173"},
                                                              {"Access-Control-Request-Method", "POST"},
                                                              {"Access-Control-Request-Headers", "authorization, content-type"}});
    QCOMPARE(preflight->status, 204);
    QCOMPARE(preflight->get_header_value("Access-Control-Allow-Origin"), "http://localhost:5173");
    QVERIFY(preflight->get_header_value("Access-Control-Allow-Headers").find("authorization") != std::string::npos);
    for (const char *origin : {"tauri://localhost", "app://cherry-studio", "file://", "http://127.0.0.1:3000"}) {
        const auto result = c.Get("/v1/models", {{"Origin", origin}});
        QCOMPARE(result->status, 200);
        QCOMPARE(result->get_header_value("Access-Control-Allow-Origin"), std::string(origin));
    }
    QCOMPARE(c.Get("/v1/models", {{"Origin", "https://evil.example"}})->status, 403);
    QCOMPARE(c.Post("/v1/chat/completions", {{"Origin", "https://evil.example"}}, chatBody(2).dump(), "text/plain")->status, 403);
    QCOMPARE(c.Options("/v1/models", {{"Origin", "https://evil.example"}})->status, 403);
}

void TestServer::otherHostIsRefused()
{
    auto c = client();
    QCOMPARE(c.Get("/v1/models", {{"Host", "attacker.example:11435"}})->status, 403);
    QCOMPARE(c.Get("/v1/models", {{"Host", "localhost:11435"}})->status, 200);
}

void TestServer::hundredClients()
{
    constexpr int kClients = 100;
    QVERIFY(m_host->acquire(kModel).runner); // loaded: the clients meet the slots and the queue
    std::atomic<int> answered{0}, busy{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
        threads.emplace_back([&, i] {
            httplib::Client c("127.0.0.1", m_port);
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
    QCOMPARE(client().Get("/health")->status, 200);
    QCOMPARE(client().Post("/v1/chat/completions", chatBody(2).dump(), "application/json")->status, 200);
}

double TestServer::firstTokenMs()
{
    QElapsedTimer timer;
    timer.start();
    RawClient raw(m_port);
    if (!raw.post("/v1/chat/completions", chatBody(2, true).dump()) || !raw.readUntil("reasoning_content", 1))
        return -1;
    return double(timer.nsecsElapsed()) / 1e6;
}

void TestServer::disconnectedClientsFreeTheirSlots()
{
    // One slot: every request waits for the one before (the host's options come back afterwards,
    // whatever happens here).
    serving::ModelHost::Options options = m_host->options();
    const serving::ModelHost::Options before = options;
    const auto restore = qScopeGuard([&] {
        m_host->unloadAll();
        m_host->setOptions(before);
    });
    m_host->unloadAll();
    options.parallel = 1;
    options.contextLength = 4096; // long enough that the killed streams would still be running
    m_host->setOptions(options);
    QVERIFY(m_host->acquire(kModel).runner);
    double idle = 1e9;
    for (int i = 0; i < 5; ++i)
        idle = std::min(idle, firstTokenMs());
    QVERIFY(idle > 0);

    // A stream killed in the middle.
    {
        RawClient running(m_port);
        QVERIFY(running.post("/v1/chat/completions", chatBody(100000, true).dump()));
        QVERIFY(running.readUntil("reasoning_content", 5));
    }
    const double afterRunning = firstTokenMs();
    // A queued client that goes away before its turn, behind a running one that is then killed.
    auto running = std::make_unique<RawClient>(m_port);
    QVERIFY(running->post("/v1/chat/completions", chatBody(100000, true).dump()));
    QVERIFY(running->readUntil("reasoning_content", 3));
    {
        RawClient queued(m_port);
        QVERIFY(queued.post("/v1/chat/completions", chatBody(100000, true).dump()));
        QTRY_COMPARE(m_host->queuedJobs(), 1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_host->queuedJobs(), 0, 2000); // it left the queue on its own
    QCOMPARE(m_host->runningJobs(), 1);
    const std::int64_t generatedBefore = m_host->metrics().snapshot().generatedTokens[1];
    running.reset();
    const double afterQueued = firstTokenMs();
    const auto snapshot = m_host->metrics().snapshot();
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

void TestServer::prometheusScrapesMetrics()
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    QVERIFY2(!prometheus.isEmpty(), "Prometheus is needed (Debian package prometheus; scripts/setup.sh installs it)");
    QCOMPARE(client().Post("/v1/chat/completions", chatBody(3).dump(), "application/json")->status, 200);
    const std::int64_t generated = m_host->metrics().snapshot().generatedTokens[1];
    const auto metrics = client().Get("/metrics");
    QCOMPARE(metrics->status, 200);
    QVERIFY(metrics->body.find("deskseek_requests_total{route=\"/v1/chat/completions\",status=\"200\"}") != std::string::npos);
    QVERIFY(metrics->body.find("deskseek_time_to_first_token_seconds_bucket{le=\"+Inf\"}") != std::string::npos);

    const int port = freePort();
    QFile config(m_dir.filePath(u"prometheus.yml"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(u"global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: deskseek\n    static_configs:\n"
                 "      - targets: ['127.0.0.1:%1']\n"_s.arg(m_port).toUtf8());
    config.close();
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(prometheus, {u"--config.file="_s + config.fileName(), u"--storage.tsdb.path="_s + m_dir.filePath(u"tsdb"_s),
                               u"--web.listen-address=127.0.0.1:%1"_s.arg(port)});
    QVERIFY(process.waitForStarted());
    httplib::Client query("127.0.0.1", port);
    json value;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 60000) {
        const auto result = query.Get("/api/v1/query?query=deskseek_generated_tokens_total%7Bsource%3D%22api%22%7D");
        if (result && result->status == 200) {
            const json answer = json::parse(result->body);
            if (!answer["data"]["result"].empty()) {
                value = answer["data"]["result"][0]["value"][1];
                break;
            }
        }
        QTest::qWait(250);
    }
    process.terminate();
    process.waitForFinished(10000);
    QVERIFY2(value.is_string(), process.readAll().right(2000).constData());
    QCOMPARE(std::stoll(value.get<std::string>()), generated);
}

void TestServer::chatAndApiShareTheModel()
{
    // The chat's engine goes through the same host: the model the server serves is the chat's.
    chat::ChatEngine engine(std::make_unique<chat::ServingChatGenerator>(*m_host));
    QSignalSpy loaded(&engine, &chat::ChatEngine::loadFinished);
    engine.load(m_modelFolder, 256);
    QVERIFY(loaded.wait(60000));
    QVERIFY2(loaded.first().at(0).toBool(), qPrintable(loaded.first().at(1).toString()));
    QCOMPARE(engine.modelName(), kModel);
    QCOMPARE(m_host->loaded().size(), 1);

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
                    *mostRunning = std::max(*mostRunning, m_host->runningJobs());
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                }
            });
            api = std::thread([&] {
                httplib::Client c("127.0.0.1", m_port);
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
            while (m_host->runningJobs() < 1 && waited.elapsed() < 10000)
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
    const auto snapshot = m_host->metrics().snapshot();
    QVERIFY(snapshot.generatedTokens[0] >= 120); // counted as the chat's
}

void TestServer::cliServe()
{
    // deskseek-cli serve: the same server headless, for the official clients; SIGTERM in the
    // middle of a stream ends it cleanly.
    QProcess serve;
    serve.start(QStringLiteral(DESKSEEK_CLI_EXE), {u"serve"_s, m_modelFolder, u"--port"_s, u"0"_s, u"--parallel"_s, u"2"_s,
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

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
