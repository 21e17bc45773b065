// The local API server on loopback: the official openai and ollama npm clients, raw SSE/NDJSON
// framing through curl, bad input, the API key, CORS, the Host check, and a real Prometheus
// scraping /metrics.

#include "fixtures/fakeweb.h"
#include "fixtures/servedmodel.h"
#include "server/apiserver.h"
#include "serving/modelhost.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek;
using nlohmann::json;
using tests::chatBody;
using tests::RawClient;

namespace {
const QString kModel = QString::fromLatin1(tests::ServedModel::kName);
} // namespace

class TestServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_served.start(&error), qPrintable(error));
    }
    void officialClients();
    void rawFraming();
    void badInput_data();
    void badInput();
    void tokenPrompt();
    void largeBodyIsRefused();
    void promptOverContextIsRefused();
    void apiKey();
    void webSearchOptions();
    void cors();
    void otherHostIsRefused();
    void prometheusScrapesMetrics();

private:
    tests::ServedModel m_served;
};

void TestServer::officialClients()
{
    QProcess node;
    node.setWorkingDirectory(QStringLiteral(DESKSEEK_REFERENCE_DIR));
    node.start(QStringLiteral(DESKSEEK_NODE), {u"api_clients.mjs"_s, QString::fromStdString(m_served.server().address()), kModel});
    QVERIFY(node.waitForFinished(120000));
    const QByteArray stderrText = node.readAllStandardError();
    QVERIFY2(node.exitCode() == 0, stderrText.constData());
    const json out = json::parse(node.readAllStandardOutput().toStdString());
    qInfo().noquote() << "clients:" << QString::fromStdString(out.dump()).left(1500);

    JCOMPARE(out["models"], json::array({std::string(tests::ServedModel::kName)}));
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

    JCOMPARE(out["ollamaList"], json::array({std::string(tests::ServedModel::kName)}));
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
                             u"http://127.0.0.1:%1%2"_s.arg(m_served.port()).arg(path)});
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
    json ollama{{"model", std::string(tests::ServedModel::kName)}, {"prompt", "Hi"}, {"options", {{"num_predict", 4}}}};
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
    QTest::newRow("web_search_options not an object") << u"/v1/chat/completions"_s
                                                      << QByteArray("{" + model + "," + messages + ",\"web_search_options\":true}")
                                                      << 400 << u"web_search_options"_s;
    QTest::newRow("search_context_size unknown")
        << u"/v1/chat/completions"_s << QByteArray("{" + model + "," + messages + ",\"web_search_options\":{\"search_context_size\":\"huge\"}}")
        << 400 << u"web_search_options.search_context_size"_s;
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
    auto c = m_served.client();
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
    json body{{"model", std::string(tests::ServedModel::kName)}, {"prompt", {11, 22, 33, 44}}, {"max_tokens", 7}, {"ignore_eos", true},
              {"temperature", 0}};
    const auto result = m_served.client().Post("/v1/completions", body.dump(), "application/json");
    QCOMPARE(result->status, 200);
    const json answer = json::parse(result->body);
    JCOMPARE(answer["usage"]["prompt_tokens"], 4);
    JCOMPARE(answer["usage"]["completion_tokens"], 7);
    JCOMPARE(answer["choices"][0]["finish_reason"], "length");
}

void TestServer::largeBodyIsRefused()
{
    auto c = m_served.client();
    const std::string body = "{\"model\":\"r1-test\",\"prompt\":\"" + std::string(20u << 20, 'a') + "\"}";
    const auto result = c.Post("/v1/completions", body, "application/json");
    QVERIFY(result);
    QCOMPARE(result->status, 413);
    QVERIFY(json::parse(result->body)["error"]["message"].is_string());
    QCOMPARE(m_served.client().Get("/health")->status, 200);
}

void TestServer::promptOverContextIsRefused()
{
    // The context holds 256 tokens: a 2000-word prompt is refused, never cut.
    std::string text;
    for (int i = 0; i < 2000; ++i)
        text += "word ";
    json body = chatBody(4);
    body["messages"][0]["content"] = text;
    const auto result = m_served.client().Post("/v1/chat/completions", body.dump(), "application/json");
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
    server::ApiServer guarded(m_served.host(), config);
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
    server::ApiServer exposed(m_served.host(), open);
    QVERIFY(!exposed.start(&message));
}

void TestServer::webSearchOptions()
{
    // OpenAI's web_search_options: the question is searched (SearXNG on loopback), the answer is
    // written from DeepSeek-R1's search prompt (a longer prompt), and url_citation annotations
    // come with it (none here: random weights cite nothing).
    tests::FakeWeb web;
    web.serveSearch({{u"Cooling"_s, u"/cooling"_s, u"news_cooling.html"_s}});
    server::ServerConfig config;
    config.port = 0;
    config.webSearch = [&web] {
        tools::WebSearchConfig search;
        search.providers = {u"searxng"_s};
        search.endpoints.insert(u"searxng"_s, web.url(QString()));
        return search;
    };
    // The search prompt alone is some 500 tokens: the model is served with a larger context here.
    const serving::ModelHost::Options before = m_served.host().options();
    serving::ModelHost::Options larger = before;
    larger.contextLength = 2048;
    m_served.host().unloadAll();
    m_served.host().setOptions(larger);
    const auto restore = qScopeGuard([&] {
        m_served.host().unloadAll();
        m_served.host().setOptions(before);
    });
    server::ApiServer searching(m_served.host(), config);
    std::string message;
    QVERIFY2(searching.start(&message), message.c_str());
    httplib::Client c("127.0.0.1", searching.port());
    c.set_read_timeout(60, 0);
    json body = chatBody(2);
    const auto plain = c.Post("/v1/chat/completions", body.dump(), "application/json");
    QCOMPARE(plain->status, 200);
    const int plainPrompt = json::parse(plain->body)["usage"]["prompt_tokens"].get<int>();
    QVERIFY(!json::parse(plain->body)["choices"][0]["message"].contains("annotations"));
    QCOMPARE(web.hits(u"/search"_s), 0);

    body["web_search_options"] = {{"search_context_size", "low"}};
    const auto searched = c.Post("/v1/chat/completions", body.dump(), "application/json");
    QVERIFY2(searched->status == 200, searched->body.c_str());
    const json answer = json::parse(searched->body);
    QCOMPARE(web.hits(u"/search"_s), 1);
    QCOMPARE(web.hits(u"/cooling"_s), 1);
    const int searchedPrompt = answer["usage"]["prompt_tokens"].get<int>();
    QVERIFY2(searchedPrompt > plainPrompt + 300, qPrintable(u"%1 vs %2"_s.arg(searchedPrompt).arg(plainPrompt)));
    QVERIFY(answer["choices"][0]["message"]["annotations"].is_array());
    // Streamed: the annotations come in a chunk before the last.
    body["stream"] = true;
    const auto streamed = c.Post("/v1/chat/completions", body.dump(), "application/json");
    QCOMPARE(streamed->status, 200);
    QVERIFY2(streamed->body.find("\"annotations\":[]") != std::string::npos, streamed->body.c_str());
    QCOMPARE(web.hits(u"/search"_s), 2);
    // Nothing found: answered without search.
    web.serveSearch({});
    body["stream"] = false;
    const auto unfound = c.Post("/v1/chat/completions", body.dump(), "application/json");
    QCOMPARE(unfound->status, 200);
    QCOMPARE(json::parse(unfound->body)["usage"]["prompt_tokens"].get<int>(), plainPrompt);
}

void TestServer::cors()
{
    auto c = m_served.client();
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
    auto c = m_served.client();
    QCOMPARE(c.Get("/v1/models", {{"Host", "attacker.example:11435"}})->status, 403);
    QCOMPARE(c.Get("/v1/models", {{"Host", "localhost:11435"}})->status, 200);
}

void TestServer::prometheusScrapesMetrics()
{
    const QString prometheus = QStandardPaths::findExecutable(u"prometheus"_s);
    QVERIFY2(!prometheus.isEmpty(), "Prometheus is needed (Debian package prometheus; scripts/setup.sh installs it)");
    QCOMPARE(m_served.client().Post("/v1/chat/completions", chatBody(3).dump(), "application/json")->status, 200);
    const std::int64_t generated = m_served.host().metrics().snapshot().generatedTokens[1];
    const auto metrics = m_served.client().Get("/metrics");
    QCOMPARE(metrics->status, 200);
    QVERIFY(metrics->body.find("deskseek_requests_total{route=\"/v1/chat/completions\",status=\"200\"}") != std::string::npos);
    QVERIFY(metrics->body.find("deskseek_time_to_first_token_seconds_bucket{le=\"+Inf\"}") != std::string::npos);

    const int port = tests::freeLoopbackPort();
    QFile config(m_served.filePath(u"prometheus.yml"_s));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(u"global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: deskseek\n    static_configs:\n"
                 "      - targets: ['127.0.0.1:%1']\n"_s.arg(m_served.port()).toUtf8());
    config.close();
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(prometheus, {u"--config.file="_s + config.fileName(), u"--storage.tsdb.path="_s + m_served.filePath(u"tsdb"_s),
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

QTEST_GUILESS_MAIN(TestServer)
#include "tst_server.moc"
