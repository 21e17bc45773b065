#pragma once

#include "serving/generationjob.h"

#include "engine/result.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace deskseek::engine::inference {
class InferenceModel;
}

namespace deskseek::serving {

class ServingMetrics;

// One loaded model and the scheduler every generation on it goes through, on a thread of its
// own. The model has several KV-cache slots; each running job holds one. A loop step evaluates
// one chunk of one new prompt (so running streams wait at most one chunk), then advances every
// running job by one token in a single decoding step (one read of the weights for all). A new
// job takes the free slot whose cached tokens share the longest start with its prompt and
// evaluates only the rest. Jobs wait in a bounded queue for a slot.
class ModelRunner
{
public:
    struct Options
    {
        std::int64_t prefillChunk = 512;       // prompt tokens per step while nothing else runs
        std::int64_t chunkWhileDecoding = 128; // ... while other jobs are generating
        int queueLimit = 64;                   // jobs waiting for a slot
        // Positions all slots share, as llama-server's unified KV cache: a sequence may use its
        // whole context while the others leave room. A new job waits until its prompt fits (idle
        // slots' cached tokens go first); when running sequences run out of room, the one holding
        // the most ends as at the context's end. 0: each slot its whole context.
        std::int64_t tokenBudget = 0;
    };

    enum class Submitted { Accepted, QueueFull, TooLong, Stopping };

    using Loader = std::function<engine::Result<std::unique_ptr<engine::inference::InferenceModel>>()>;

    // Loads the model on the runner's own thread (the constructor waits for it): every parallel
    // loop of the model, its loading included, then runs on that thread's one team of OpenMP
    // threads. (A second team, left by a thread that loaded it, would share the cores with the
    // runner's and make each parallel loop wait for sleeping threads to wake.) On failure
    // loadError() says why and the runner takes no jobs.
    ModelRunner(const Loader &load, std::string name, Options options, ServingMetrics *metrics = nullptr);
    ModelRunner(std::unique_ptr<engine::inference::InferenceModel> model, std::string name, Options options,
                ServingMetrics *metrics = nullptr);
    const std::optional<engine::Error> &loadError() const { return m_loadError; }
    ~ModelRunner(); // cancels whatever is left and waits for the thread

    ModelRunner(const ModelRunner &) = delete;
    ModelRunner &operator=(const ModelRunner &) = delete;

    // Queues a job (thread-safe). TooLong: the prompt leaves no room for a token in the context.
    Submitted submit(GenerationJob job);

    const std::string &name() const { return m_name; }
    // The model's tokenizer, chat format and sizes (immutable after loading: safe to read from
    // any thread); never run it outside the runner.
    const engine::inference::InferenceModel &model() const { return *m_model; }
    std::int64_t contextLength() const;
    int slotCount() const;

    int runningJobs() const;
    int queuedJobs() const;
    bool idle() const { return runningJobs() == 0 && queuedJobs() == 0; }
    // When the last job ended (or the runner started): for unloading after an idle time.
    std::chrono::steady_clock::time_point lastActivity() const;

    // Takes no new jobs; queued and running ones are cancelled. waitUntilIdle() returns when none
    // is left (or after `timeout`).
    void stop();
    bool waitUntilIdle(std::chrono::milliseconds timeout);

private:
    struct Active;
    using Clock = std::chrono::steady_clock;
    struct Queued
    {
        GenerationJob job;
        Clock::time_point submitted;
    };

    void loop();
    // Takes the job into a free slot; false (the job stays queued) while its prompt does not fit
    // in the shared budget.
    bool admit(Queued &queued, std::vector<bool> &busy);
    // Positions in use: the slots' cached tokens, and the prompts still being read.
    std::int64_t usedTokens() const;
    // Empties idle slots (the fullest first, never `keep`) until `excess` positions are free;
    // returns what is still missing (0 or less: done).
    std::int64_t freeIdleSlots(std::int64_t excess, const std::vector<bool> &busy, int keep);
    std::vector<bool> busySlots() const;
    void prefillChunk(Active &active, std::int64_t chunk);
    void decodeStep();
    void end(Active &active, engine::inference::FinishReason reason);
    void failJob(Active &active, const std::string &message);
    void removeEnded();

    std::unique_ptr<engine::inference::InferenceModel> m_model;
    std::optional<engine::Error> m_loadError;
    std::string m_name;
    Options m_options;
    ServingMetrics *m_metrics;

    mutable std::mutex m_mutex; // guards the queue, the counts and the flags below
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Queued> m_queue;
    int m_running = 0;
    bool m_stopping = false;
    Clock::time_point m_lastActivity;

    std::vector<std::unique_ptr<Active>> m_active; // the runner thread's
    std::thread m_thread;
};

} // namespace deskseek::serving
