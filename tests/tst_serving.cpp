// The serving layer: ModelRunner (several sequences decoded together, chunked prompts, the
// queue, cancellation, prefix reuse, the context's end) and ModelHost (models by name, on
// demand, idle unload, the least recently used one making room) on the real engine.

#include "catalog/catalog.h"
#include "catalog/recommender.h"
#include "engine/gguf/ggufconverter.h"
#include "engine/inference/inferencemodel.h"
#include "fixtures/hfmodelfixture.h"
#include "serving/modelhost.h"
#include "serving/modelrunner.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <condition_variable>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace deskseek;
using engine::inference::FinishReason;
using serving::JobEvent;
using serving::ModelRunner;

namespace {

// A job's events collected on the test's thread.
struct Collector
{
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::int32_t> tokens;
    std::string text;
    std::optional<JobEvent> end;
    std::chrono::steady_clock::time_point firstTokenAt, endAt;

    std::function<void(const JobEvent &)> sink()
    {
        return [this](const JobEvent &event) {
            std::lock_guard lock(mutex);
            if (event.kind == JobEvent::Kind::Token) {
                if (tokens.empty())
                    firstTokenAt = std::chrono::steady_clock::now();
                tokens.push_back(event.token);
                text += event.text;
            } else {
                text += event.text;
                end = event;
                endAt = std::chrono::steady_clock::now();
            }
            changed.notify_all();
        };
    }
    bool waitEnd(int ms = 60000)
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::milliseconds(ms), [&] { return end.has_value(); });
    }
    bool waitTokens(std::size_t count, int ms = 60000)
    {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::milliseconds(ms), [&] { return tokens.size() >= count || end; });
    }
};

serving::GenerationJob greedyJob(std::vector<std::int32_t> prompt, std::int64_t maxTokens, Collector &collector)
{
    serving::GenerationJob job;
    job.prompt = std::move(prompt);
    job.options.sampling.temperature = 0.0f;
    job.options.maxTokens = maxTokens;
    job.options.stopAtEos = false;
    job.sink = collector.sink();
    return job;
}

std::vector<std::int32_t> promptOf(int seed, int length)
{
    std::vector<std::int32_t> prompt;
    for (int i = 0; i < length; ++i)
        prompt.push_back((seed * 7919 + i * 104729) % 150000 + 10);
    return prompt;
}

std::unique_ptr<engine::inference::InferenceModel> load(const QString &path, int sequences, std::int64_t context = 512)
{
    engine::inference::LoadOptions options;
    options.threads = 2;
    options.sequences = sequences;
    options.contextLength = context;
    auto model = engine::inference::InferenceModel::load(path.toStdString(), options);
    if (!model)
        qFatal("cannot load %s: %s", qPrintable(path), model.error().message.c_str());
    return std::move(model).value();
}

} // namespace

class TestServing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void batchedMatchesAlone_data();
    void batchedMatchesAlone();
    void chunkedPromptsKeepStreamsGoing();
    void cancelFreesSlotWithinOneStep();
    void cancelledQueuedJobLeavesQueue();
    void queueIsBounded();
    void promptPrefixIsReused();
    void contextEndsAnswer();
    void sharedContextWaitsForRoom();
    void sharedContextEndsTheFullest();
    void hostFindsModelsByName();
    void hostUnloadsIdleModels();
    void hostMakesRoomForAnotherModel();
    void memoryEstimateIsWhatTheEngineAllocates_data();
    void memoryEstimateIsWhatTheEngineAllocates();

private:
    QTemporaryDir m_dir;
    QString m_f32, m_q8, m_q4, m_other;
};

void TestServing::initTestCase()
{
    QVERIFY(m_dir.isValid());
    tests::HfModelSpec spec;
    spec.dtype = "F32";
    spec.hiddenSize = 128;
    spec.intermediateSize = 256;
    spec.layerCount = 2;
    m_f32 = m_dir.filePath(u"f32"_s);
    tests::writeHfModel(m_f32.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
    const auto files = engine::model::ModelFiles::open(m_f32.toStdString());
    QVERIFY(files.ok());
    m_q8 = m_dir.filePath(u"model-Q8_0.gguf"_s);
    m_q4 = m_dir.filePath(u"model-Q4_0.gguf"_s);
    QVERIFY(engine::gguf::convertToGguf(files.value(), m_q8.toStdString(), engine::model::DType::Q8_0).ok());
    QVERIFY(engine::gguf::convertToGguf(files.value(), m_q4.toStdString(), engine::model::DType::Q4_0).ok());
    spec.seed = 2;
    m_other = m_dir.filePath(u"other"_s);
    tests::writeHfModel(m_other.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
}

void TestServing::batchedMatchesAlone_data()
{
    QTest::addColumn<QString>("which");
    QTest::newRow("F32") << u"f32"_s;
    QTest::newRow("Q8_0") << u"q8"_s;
    QTest::newRow("Q4_0") << u"q4"_s;
}

void TestServing::batchedMatchesAlone()
{
    QFETCH(QString, which);
    const QString path = which == u"f32"_s ? m_f32 : which == u"q8"_s ? m_q8 : m_q4;
    constexpr int kStreams = 4;
    constexpr int kTokens = 24;
    // Each prompt alone through InferenceModel::generate: the independent path.
    std::vector<std::vector<std::int32_t>> alone;
    {
        auto model = load(path, 1);
        for (int i = 0; i < kStreams; ++i) {
            engine::inference::GenerationOptions options;
            options.sampling.temperature = 0.0f;
            options.maxTokens = kTokens;
            options.stopAtEos = false;
            model->resetCache();
            const auto stats = model->generate(promptOf(i, 5 + 7 * i), options);
            QVERIFY(stats.ok());
            alone.push_back(stats->tokens);
        }
    }
    // All four at once through the runner: one decoding step for all.
    ModelRunner runner(load(path, kStreams), "model", {});
    std::vector<std::unique_ptr<Collector>> collectors;
    for (int i = 0; i < kStreams; ++i) {
        collectors.push_back(std::make_unique<Collector>());
        QCOMPARE(runner.submit(greedyJob(promptOf(i, 5 + 7 * i), kTokens, *collectors.back())), ModelRunner::Submitted::Accepted);
    }
    int distinct = 0;
    for (int i = 0; i < kStreams; ++i) {
        QVERIFY(collectors[i]->waitEnd());
        QCOMPARE(collectors[i]->end->finish, FinishReason::MaxTokens);
        QCOMPARE(collectors[i]->tokens.size(), std::size_t(kTokens));
        QCOMPARE(collectors[i]->tokens, alone[static_cast<std::size_t>(i)]);
        distinct += i > 0 && alone[static_cast<std::size_t>(i)] != alone[0];
    }
    QVERIFY2(distinct >= 2, "the prompts should lead to different answers");
}

void TestServing::chunkedPromptsKeepStreamsGoing()
{
    // A long prompt arrives while a stream runs: it is read in chunks of 16 between the stream's
    // steps, so the stream produces tokens while the prompt is read, and both answers are what
    // they are alone.
    ModelRunner::Options options;
    options.chunkWhileDecoding = 16;
    ModelRunner runner(load(m_q8, 2), "model", options);
    Collector first, second;
    QCOMPARE(runner.submit(greedyJob(promptOf(1, 8), 200, first)), ModelRunner::Submitted::Accepted);
    QVERIFY(first.waitTokens(2));
    QCOMPARE(runner.submit(greedyJob(promptOf(2, 300), 4, second)), ModelRunner::Submitted::Accepted);
    std::size_t firstAtSecondsStart = 0;
    {
        std::unique_lock lock(second.mutex);
        QVERIFY(second.changed.wait_for(lock, std::chrono::seconds(60), [&] { return !second.tokens.empty() || second.end; }));
        std::lock_guard firstLock(first.mutex);
        firstAtSecondsStart = first.tokens.size();
    }
    QVERIFY(second.waitEnd());
    QVERIFY(first.waitEnd());
    // 299 prompt tokens in chunks of 16: 19 chunks, each followed by a step of the first stream.
    QVERIFY2(firstAtSecondsStart >= 2 + 18, qPrintable(u"the first stream had %1 tokens"_s.arg(firstAtSecondsStart)));
    Collector alone;
    ModelRunner single(load(m_q8, 1), "model", {});
    QCOMPARE(single.submit(greedyJob(promptOf(2, 300), 4, alone)), ModelRunner::Submitted::Accepted);
    QVERIFY(alone.waitEnd());
    QCOMPARE(second.tokens, alone.tokens);
}

void TestServing::cancelFreesSlotWithinOneStep()
{
    ModelRunner runner(load(m_q8, 1), "model", {});
    Collector running, waiting;
    auto job = greedyJob(promptOf(3, 10), 400, running);
    const auto cancel = job.cancel;
    QCOMPARE(runner.submit(std::move(job)), ModelRunner::Submitted::Accepted);
    QCOMPARE(runner.submit(greedyJob(promptOf(4, 10), 3, waiting)), ModelRunner::Submitted::Accepted);
    QVERIFY(running.waitTokens(5));
    std::size_t atCancel = 0;
    {
        std::lock_guard lock(running.mutex);
        atCancel = running.tokens.size();
        cancel->store(true);
    }
    QVERIFY(running.waitEnd());
    QCOMPARE(running.end->finish, FinishReason::Cancelled);
    // At most the step that was already running when the flag was set.
    QVERIFY2(running.tokens.size() <= atCancel + 1, qPrintable(u"%1 tokens after the cancel at %2"_s.arg(running.tokens.size()).arg(atCancel)));
    QVERIFY(waiting.waitEnd());
    QCOMPARE(waiting.end->finish, FinishReason::MaxTokens);
    QCOMPARE(waiting.tokens.size(), std::size_t(3));
    QVERIFY(runner.waitUntilIdle(std::chrono::seconds(5)));
}

void TestServing::cancelledQueuedJobLeavesQueue()
{
    ModelRunner runner(load(m_q8, 1), "model", {});
    Collector running, queued;
    auto first = greedyJob(promptOf(5, 10), 2000, running);
    const auto stopFirst = first.cancel;
    QCOMPARE(runner.submit(std::move(first)), ModelRunner::Submitted::Accepted);
    QVERIFY(running.waitTokens(1));
    auto second = greedyJob(promptOf(6, 10), 5, queued);
    const auto stopSecond = second.cancel;
    QCOMPARE(runner.submit(std::move(second)), ModelRunner::Submitted::Accepted);
    QCOMPARE(runner.queuedJobs(), 1);
    stopSecond->store(true);
    QVERIFY(queued.waitEnd(5000));
    QCOMPARE(queued.end->finish, FinishReason::Cancelled);
    QCOMPARE(queued.end->generatedTokens, 0);
    QVERIFY(queued.tokens.empty());
    QCOMPARE(runner.queuedJobs(), 0);
    {
        std::lock_guard lock(running.mutex);
        QVERIFY(!running.end); // the running one went on meanwhile
    }
    stopFirst->store(true);
    QVERIFY(running.waitEnd());
}

void TestServing::queueIsBounded()
{
    ModelRunner::Options options;
    options.queueLimit = 2;
    ModelRunner runner(load(m_q8, 1), "model", options);
    Collector a, b, c, d;
    auto first = greedyJob(promptOf(7, 10), 2000, a);
    const auto stop = first.cancel;
    QCOMPARE(runner.submit(std::move(first)), ModelRunner::Submitted::Accepted);
    QVERIFY(a.waitTokens(1));
    QCOMPARE(runner.runningJobs(), 1);
    QCOMPARE(runner.submit(greedyJob(promptOf(8, 10), 2, b)), ModelRunner::Submitted::Accepted);
    QCOMPARE(runner.submit(greedyJob(promptOf(9, 10), 2, c)), ModelRunner::Submitted::Accepted);
    QCOMPARE(runner.submit(greedyJob(promptOf(10, 10), 2, d)), ModelRunner::Submitted::QueueFull);
    QCOMPARE(runner.submit(greedyJob(promptOf(10, 600), 2, d)), ModelRunner::Submitted::TooLong); // context 512
    stop->store(true);
    QVERIFY(b.waitEnd());
    QVERIFY(c.waitEnd());
    QCOMPARE(b.tokens.size(), std::size_t(2));
}

void TestServing::promptPrefixIsReused()
{
    ModelRunner runner(load(m_q8, 2), "model", {});
    const std::vector<std::int32_t> prompt = promptOf(11, 40);
    Collector first;
    QCOMPARE(runner.submit(greedyJob(prompt, 6, first)), ModelRunner::Submitted::Accepted);
    QVERIFY(first.waitEnd());
    QCOMPARE(first.end->cachedPromptTokens, 0);
    // The conversation goes on: the prompt, the answer, a new question.
    std::vector<std::int32_t> next = prompt;
    next.insert(next.end(), first.tokens.begin(), first.tokens.end());
    next.push_back(77);
    next.push_back(78);
    Collector second;
    QCOMPARE(runner.submit(greedyJob(next, 3, second)), ModelRunner::Submitted::Accepted);
    QVERIFY(second.waitEnd());
    // Everything but the last answer token (never fed back) was in the slot.
    QCOMPARE(second.end->cachedPromptTokens, std::int64_t(prompt.size() + first.tokens.size() - 1));
    // Reuse changes nothing: the same answer as from an empty cache.
    ModelRunner fresh(load(m_q8, 1), "model", {});
    Collector alone;
    QCOMPARE(fresh.submit(greedyJob(next, 3, alone)), ModelRunner::Submitted::Accepted);
    QVERIFY(alone.waitEnd());
    QCOMPARE(second.tokens, alone.tokens);
}

void TestServing::contextEndsAnswer()
{
    ModelRunner runner(load(m_q8, 1, 64), "model", {});
    Collector collector;
    QCOMPARE(runner.submit(greedyJob(promptOf(12, 40), 1000, collector)), ModelRunner::Submitted::Accepted);
    QVERIFY(collector.waitEnd());
    QCOMPARE(collector.end->finish, FinishReason::ContextFull);
    // 39 prompt tokens are read ahead, then every step adds one to the cache until its 64: 25
    // tokens (the last one is never fed back).
    QCOMPARE(collector.end->generatedTokens, std::int64_t(64 - 40 + 1));
    QCOMPARE(runner.submit(greedyJob(promptOf(12, 64), 10, collector)), ModelRunner::Submitted::TooLong);
}

void TestServing::sharedContextWaitsForRoom()
{
    // Two slots share 100 positions: a second 60-token prompt waits for the first answer to end.
    ModelRunner::Options options;
    options.tokenBudget = 100;
    ModelRunner runner(load(m_q8, 2, 100), "model", options);
    Collector first, second;
    QCOMPARE(runner.submit(greedyJob(promptOf(15, 60), 20, first)), ModelRunner::Submitted::Accepted);
    QVERIFY(first.waitTokens(1));
    QCOMPARE(runner.submit(greedyJob(promptOf(16, 60), 5, second)), ModelRunner::Submitted::Accepted);
    QVERIFY(first.waitEnd());
    QVERIFY(second.waitEnd());
    QCOMPARE(first.end->finish, FinishReason::MaxTokens);
    QCOMPARE(second.end->finish, FinishReason::MaxTokens);
    QCOMPARE(second.tokens.size(), std::size_t(5));
    QVERIFY(second.firstTokenAt > first.endAt); // it had to wait
    // Two 30-token prompts fit side by side.
    Collector a, b;
    QCOMPARE(runner.submit(greedyJob(promptOf(17, 30), 200, a)), ModelRunner::Submitted::Accepted);
    QVERIFY(a.waitTokens(1));
    QCOMPARE(runner.submit(greedyJob(promptOf(18, 30), 3, b)), ModelRunner::Submitted::Accepted);
    QVERIFY(b.waitEnd());
    {
        std::lock_guard lock(a.mutex);
        QVERIFY(!a.end); // b ran beside a
    }
    QVERIFY(a.waitEnd());
}

void TestServing::sharedContextEndsTheFullest()
{
    // Two long answers share 100 positions: both start (40 + 40 fit); when the positions run out
    // the one holding the most ends as at the end of a context, and the other goes on to the end
    // of its own (100 positions: 61 tokens after its 40).
    ModelRunner::Options options;
    options.tokenBudget = 100;
    ModelRunner runner(load(m_q8, 2, 100), "model", options);
    Collector first, second;
    QCOMPARE(runner.submit(greedyJob(promptOf(19, 40), 1000, first)), ModelRunner::Submitted::Accepted);
    QVERIFY(first.waitTokens(3));
    QCOMPARE(runner.submit(greedyJob(promptOf(20, 40), 1000, second)), ModelRunner::Submitted::Accepted);
    QVERIFY(first.waitEnd());
    QVERIFY(second.waitEnd());
    QCOMPARE(first.end->finish, FinishReason::ContextFull);
    QCOMPARE(second.end->finish, FinishReason::ContextFull);
    QCOMPARE(second.end->generatedTokens, std::int64_t(100 - 40 + 1));
    // The first had a head start; the 22 free positions went to both.
    QVERIFY2(first.end->generatedTokens >= 11 && first.end->generatedTokens <= 23,
             qPrintable(u"%1 tokens"_s.arg(first.end->generatedTokens)));
    QVERIFY(first.endAt < second.endAt);
}

void TestServing::hostFindsModelsByName()
{
    serving::ModelHost host({}, {});
    host.addModel(u"DeepSeek-Test"_s, m_q8);
    host.addModel(u"other"_s, m_other);
    QCOMPARE(host.models().size(), 2);
    QVERIFY(host.find(u"DeepSeek-Test"_s));
    QCOMPARE(host.find(u"deepseek-test"_s)->path, m_q8);
    QCOMPARE(host.find(u"deepseek-test:latest"_s)->path, m_q8);
    QVERIFY(!host.find(u"deepseek"_s));
    const auto missing = host.acquire(u"nothing"_s);
    QCOMPARE(missing.failure, serving::ModelHost::Failure::NotFound);
    QVERIFY2(missing.message.contains(u"DeepSeek-Test"_s) && missing.message.contains(u"other"_s), qPrintable(missing.message));
    const auto acquired = host.acquire(u"DEEPSEEK-TEST"_s);
    QVERIFY2(acquired.runner, qPrintable(acquired.message));
    QCOMPARE(host.loaded().size(), 1);
    QCOMPARE(host.loaded().front().name, u"DeepSeek-Test"_s);
    QCOMPARE(host.loaded().front().slotCount, 4);
    // A second acquire returns the same runner: no reload.
    QCOMPARE(host.acquire(u"DeepSeek-Test"_s).runner.get(), acquired.runner.get());
}

void TestServing::hostUnloadsIdleModels()
{
    serving::ModelHost::Options options;
    options.idleUnload = std::chrono::seconds(1);
    serving::ModelHost host({}, options);
    host.addModel(u"m"_s, m_q8);
    {
        const auto acquired = host.acquire(u"m"_s);
        QVERIFY(acquired.runner);
        Collector collector;
        QCOMPARE(acquired.runner->submit(greedyJob(promptOf(13, 8), 3, collector)), ModelRunner::Submitted::Accepted);
        QVERIFY(collector.waitEnd());
    }
    QCOMPARE(host.loaded().size(), 1);
    QVERIFY(host.loaded().front().expires.has_value());
    QTRY_COMPARE_WITH_TIMEOUT(host.loaded().size(), 0, 5000);
    // keep_alive 0: unloaded as soon as it is idle; negative: kept.
    QVERIFY(host.acquire(u"m"_s, std::chrono::seconds(0)).runner);
    QTRY_COMPARE_WITH_TIMEOUT(host.loaded().size(), 0, 3000);
    QVERIFY(host.acquire(u"m"_s, std::chrono::seconds(-1)).runner);
    QTest::qWait(1600);
    QCOMPARE(host.loaded().size(), 1);
    QVERIFY(!host.loaded().front().expires.has_value());
}

void TestServing::hostMakesRoomForAnotherModel()
{
    serving::ModelHost host({}, {});
    host.addModel(u"a"_s, m_q8);
    host.addModel(u"b"_s, m_other);
    QVERIFY(host.acquire(u"a"_s).runner);
    QVERIFY(host.acquire(u"b"_s).runner);
    QCOMPARE(host.loaded().size(), 1);
    QCOMPARE(host.loaded().front().name, u"b"_s);
    // A model that is answering is not unloaded for another one.
    const auto b = host.acquire(u"b"_s);
    Collector collector;
    auto job = greedyJob(promptOf(14, 8), 5000, collector);
    const auto stop = job.cancel;
    QCOMPARE(b.runner->submit(std::move(job)), ModelRunner::Submitted::Accepted);
    QVERIFY(collector.waitTokens(1));
    const auto refused = host.acquire(u"a"_s);
    QCOMPARE(refused.failure, serving::ModelHost::Failure::Busy);
    stop->store(true);
    QVERIFY(collector.waitEnd());
    QVERIFY(b.runner->waitUntilIdle(std::chrono::seconds(5)));
    QVERIFY(host.acquire(u"a"_s).runner);
    QCOMPARE(host.loaded().front().name, u"a"_s);
}

void TestServing::memoryEstimateIsWhatTheEngineAllocates_data()
{
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<int>("kvHeads");
    QTest::addColumn<int>("headDim");
    // Every architecture the catalog lists as runnable, at a small shape of its own.
    const catalog::Catalog catalog = catalog::Catalog::load();
    QSet<QString> seen;
    for (const catalog::ModelVariant &variant : catalog.variants())
        if (variant.runnable && !seen.contains(variant.architecture)) {
            seen.insert(variant.architecture);
            QTest::newRow(qPrintable(variant.architecture)) << variant.architecture << 2 << (variant.architecture == u"qwen3"_s ? 32 : 16);
        }
    QVERIFY(seen.contains(u"qwen2"_s) && seen.contains(u"llama"_s) && seen.contains(u"qwen3"_s));
}

void TestServing::memoryEstimateIsWhatTheEngineAllocates()
{
    QFETCH(QString, architecture);
    QFETCH(int, kvHeads);
    QFETCH(int, headDim);
    tests::HfModelSpec spec;
    const bool latent = architecture.startsWith(u"deepseek"_s);
    if (latent)
        tests::setSmallDeepSeekV2Shape(spec); // kv_lora 64 + rope 32: 96 values a token and layer
    spec.architecture = architecture.toStdString();
    spec.hiddenSize = 64;
    spec.headCount = 4;
    spec.kvHeadCount = latent ? 4 : kvHeads;
    spec.headDim = architecture == u"qwen3"_s ? headDim : 0;
    spec.layerCount = 3;
    const QString folder = m_dir.filePath(u"estimate-"_s + architecture);
    tests::writeHfModel(folder.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
    for (const int sequences : {1, 3}) {
        auto model = load(folder, sequences, 1000);
        catalog::ModelVariant variant;
        variant.architecture = architecture;
        if (latent) {
            // Multi-head latent attention: the latent and the rotary key, whatever the heads.
            variant.attention = u"mla"_s;
            variant.layers = int(model->config().layerCount);
            variant.kvLoraRank = int(model->config().mla.kvLoraRank);
            variant.qkRopeHeadDim = int(model->config().mla.qkRopeHeadDim);
            QCOMPARE(qint64(model->cacheBytes()), catalog::Recommender::kvCacheBytes(variant, 1000) * sequences);
            QCOMPARE(qint64(model->cacheBytes()), qint64(3 * (64 + 32) * 1000 * 2) * sequences);
            continue;
        }
        variant.attention = u"gqa"_s;
        variant.layers = int(model->config().layerCount);
        variant.kvHeads = int(model->config().kvHeadCount);
        variant.headDim = int(model->config().headDim);
        QCOMPARE(variant.headDim, headDim);
        QCOMPARE(qint64(model->cacheBytes()), catalog::Recommender::kvCacheBytes(variant, 1000) * sequences);
        // F16: 2 bytes a value (3 layers x keys and values x 2 heads x head dim x 1000 positions).
        QCOMPARE(qint64(model->cacheBytes()), qint64(3 * 2 * kvHeads * headDim * 1000 * 2) * sequences);
    }
}

QTEST_GUILESS_MAIN(TestServing)
#include "tst_serving.moc"
