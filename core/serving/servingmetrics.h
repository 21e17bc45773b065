#pragma once

#include "serving/generationjob.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace deskseek::serving {

// Counters of everything the serving layer generated, for /metrics and the Monitor page's
// tokens/s chart. Thread-safe: runners add to it from their threads, readers take snapshots.
class ServingMetrics
{
public:
    // Upper bounds (seconds) of the time-to-first-token histogram's buckets (+Inf is implied).
    static const std::vector<double> &timeToFirstTokenBuckets();

    void addPromptTokens(JobSource source, std::int64_t tokens);
    void addGeneratedTokens(JobSource source, std::int64_t tokens);
    void observeTimeToFirstToken(double seconds);
    void addFinished(JobSource source);

    struct Snapshot
    {
        std::array<std::int64_t, 2> promptTokens{};    // by JobSource
        std::array<std::int64_t, 2> generatedTokens{}; // by JobSource
        std::array<std::int64_t, 2> finishedJobs{};
        std::array<double, 2> recentTokensPerSecond{}; // over the last three whole seconds
        std::vector<std::int64_t> ttftBuckets; // cumulative counts, one per bound, then +Inf
        double ttftSum = 0.0;
        std::int64_t ttftCount = 0;
    };
    Snapshot snapshot() const;

private:
    std::array<std::atomic<std::int64_t>, 2> m_promptTokens{};
    std::array<std::atomic<std::int64_t>, 2> m_generatedTokens{};
    std::array<std::atomic<std::int64_t>, 2> m_finished{};
    mutable std::mutex m_mutex;
    struct Second
    {
        std::int64_t second = -1;
        std::int64_t tokens = 0;
    };
    std::array<std::array<Second, 8>, 2> m_recent{}; // tokens per second of the clock, a ring per source
    std::vector<std::int64_t> m_ttftCounts; // per bucket (not cumulative), then +Inf
    double m_ttftSum = 0.0;
    std::int64_t m_ttftCount = 0;
};

} // namespace deskseek::serving
