#include "serving/servingmetrics.h"

#include <chrono>

namespace deskseek::serving {

namespace {
std::size_t index(JobSource source)
{
    return source == JobSource::Chat ? 0 : 1;
}

std::int64_t currentSecond()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
} // namespace

const std::vector<double> &ServingMetrics::timeToFirstTokenBuckets()
{
    static const std::vector<double> bounds{0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0};
    return bounds;
}

void ServingMetrics::addPromptTokens(JobSource source, std::int64_t tokens)
{
    m_promptTokens[index(source)] += tokens;
}

void ServingMetrics::addGeneratedTokens(JobSource source, std::int64_t tokens)
{
    m_generatedTokens[index(source)] += tokens;
    const std::int64_t now = currentSecond();
    std::lock_guard lock(m_mutex);
    Second &second = m_recent[index(source)][static_cast<std::size_t>(now % 8)];
    if (second.second != now)
        second = {now, 0};
    second.tokens += tokens;
}

void ServingMetrics::addFinished(JobSource source)
{
    ++m_finished[index(source)];
}

void ServingMetrics::observeTimeToFirstToken(double seconds)
{
    const std::vector<double> &bounds = timeToFirstTokenBuckets();
    std::lock_guard lock(m_mutex);
    if (m_ttftCounts.empty())
        m_ttftCounts.assign(bounds.size() + 1, 0);
    std::size_t bucket = 0;
    while (bucket < bounds.size() && seconds > bounds[bucket])
        ++bucket;
    ++m_ttftCounts[bucket];
    m_ttftSum += seconds;
    ++m_ttftCount;
}

ServingMetrics::Snapshot ServingMetrics::snapshot() const
{
    Snapshot snapshot;
    for (std::size_t i = 0; i < 2; ++i) {
        snapshot.promptTokens[i] = m_promptTokens[i].load();
        snapshot.generatedTokens[i] = m_generatedTokens[i].load();
        snapshot.finishedJobs[i] = m_finished[i].load();
    }
    std::lock_guard lock(m_mutex);
    const std::int64_t now = currentSecond();
    for (std::size_t i = 0; i < 2; ++i) {
        std::int64_t tokens = 0;
        for (const Second &second : m_recent[i])
            if (second.second >= now - 3 && second.second < now)
                tokens += second.tokens;
        snapshot.recentTokensPerSecond[i] = static_cast<double>(tokens) / 3.0;
    }
    snapshot.ttftBuckets.assign(timeToFirstTokenBuckets().size() + 1, 0);
    std::int64_t total = 0;
    for (std::size_t i = 0; i < m_ttftCounts.size(); ++i) {
        total += m_ttftCounts[i];
        snapshot.ttftBuckets[i] = total;
    }
    snapshot.ttftSum = m_ttftSum;
    snapshot.ttftCount = m_ttftCount;
    return snapshot;
}

} // namespace deskseek::serving
