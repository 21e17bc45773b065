#include "serving/modelrunner.h"

#include "engine/inference/inferencemodel.h"
#include "engine/inference/tokenstream.h"
#include "serving/servingmetrics.h"

#include <algorithm>
#include <future>
#include <set>

namespace deskseek::serving {

namespace inference = engine::inference;

struct ModelRunner::Active
{
    GenerationJob job;
    int slot = 0;
    std::size_t position = 0; // prompt tokens in the slot's cache
    std::int64_t cached = 0;  // of them, found there
    bool decoding = false;
    bool ended = false;
    std::int32_t next = 0;    // the token the next decoding step feeds
    std::vector<std::int32_t> history;
    std::unique_ptr<inference::TokenStream> stream;
    Clock::time_point submitted, started, firstToken;
};

namespace {

double seconds(std::chrono::steady_clock::duration duration)
{
    return std::chrono::duration<double>(duration).count();
}

std::size_t commonPrefix(const std::vector<std::int32_t> &a, const std::vector<std::int32_t> &b)
{
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && a[n] == b[n])
        ++n;
    return n;
}

} // namespace

ModelRunner::ModelRunner(const Loader &load, std::string name, Options options, ServingMetrics *metrics)
    : m_name(std::move(name))
    , m_options(options)
    , m_metrics(metrics)
    , m_lastActivity(Clock::now())
{
    std::promise<void> loaded;
    std::future<void> done = loaded.get_future();
    m_thread = std::thread([this, &load, &loaded] {
        auto model = load();
        if (model)
            m_model = std::move(model).value();
        else
            m_loadError = model.error();
        loaded.set_value();
        if (m_model)
            loop();
    });
    done.wait();
    if (!m_model) {
        m_stopping = true;
        m_thread.join();
    }
}

ModelRunner::ModelRunner(std::unique_ptr<inference::InferenceModel> model, std::string name, Options options,
                         ServingMetrics *metrics)
    : m_model(std::move(model))
    , m_name(std::move(name))
    , m_options(options)
    , m_metrics(metrics)
    , m_lastActivity(Clock::now())
{
    m_thread = std::thread([this] { loop(); });
}

ModelRunner::~ModelRunner()
{
    stop();
    if (m_thread.joinable())
        m_thread.join();
}

std::int64_t ModelRunner::contextLength() const
{
    return m_model->contextLength();
}

int ModelRunner::slotCount() const
{
    return m_model->slotCount();
}

int ModelRunner::runningJobs() const
{
    std::lock_guard lock(m_mutex);
    return m_running;
}

int ModelRunner::queuedJobs() const
{
    std::lock_guard lock(m_mutex);
    return static_cast<int>(m_queue.size());
}

std::chrono::steady_clock::time_point ModelRunner::lastActivity() const
{
    std::lock_guard lock(m_mutex);
    return m_lastActivity;
}

ModelRunner::Submitted ModelRunner::submit(GenerationJob job)
{
    if (!m_model)
        return Submitted::Stopping;
    if (job.prompt.empty() || static_cast<std::int64_t>(job.prompt.size()) >= contextLength())
        return Submitted::TooLong;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return Submitted::Stopping;
        if (static_cast<int>(m_queue.size()) >= m_options.queueLimit)
            return Submitted::QueueFull;
        m_queue.push_back({std::move(job), Clock::now()});
        m_lastActivity = Clock::now();
    }
    m_wake.notify_all();
    return Submitted::Accepted;
}

void ModelRunner::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
}

bool ModelRunner::waitUntilIdle(std::chrono::milliseconds timeout)
{
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, timeout, [&] { return m_queue.empty() && m_running == 0; });
}

void ModelRunner::loop()
{
    for (;;) {
        std::vector<Queued> dropped;
        bool cancelAll = false;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stopping || !m_queue.empty() || !m_active.empty(); });
            if (m_stopping && m_queue.empty() && m_active.empty())
                break;
            // Cancelled while waiting (or stopping): out of the queue without taking a slot.
            for (auto it = m_queue.begin(); it != m_queue.end();) {
                if (m_stopping || it->job.cancel->load()) {
                    dropped.push_back(std::move(*it));
                    it = m_queue.erase(it);
                } else {
                    ++it;
                }
            }
            cancelAll = m_stopping;
            std::vector<bool> busy = busySlots();
            while (!m_queue.empty() && m_active.size() < busy.size() && admit(m_queue.front(), busy))
                m_queue.pop_front();
            m_running = static_cast<int>(m_active.size());
        }
        for (Queued &queued : dropped) {
            JobEvent event;
            event.kind = JobEvent::Kind::Finished;
            event.finish = inference::FinishReason::Cancelled;
            event.promptTokens = static_cast<std::int64_t>(queued.job.prompt.size());
            event.queueSeconds = seconds(Clock::now() - queued.submitted);
            if (queued.job.sink)
                queued.job.sink(event);
        }
        if (!dropped.empty() && m_active.empty()) {
            std::lock_guard lock(m_mutex);
            if (m_queue.empty())
                m_idle.notify_all();
        }
        for (const auto &active : m_active)
            if (cancelAll || active->job.cancel->load())
                end(*active, inference::FinishReason::Cancelled);
        removeEnded();

        bool decoding = false;
        for (const auto &active : m_active)
            decoding = decoding || active->decoding;
        for (const auto &active : m_active)
            if (!active->decoding) {
                prefillChunk(*active, decoding ? m_options.chunkWhileDecoding : m_options.prefillChunk);
                break;
            }
        decodeStep();
        removeEnded();
    }
    std::lock_guard lock(m_mutex);
    m_running = 0;
    m_idle.notify_all();
}

std::vector<bool> ModelRunner::busySlots() const
{
    std::vector<bool> busy(static_cast<std::size_t>(m_model->slotCount()), false);
    for (const auto &active : m_active)
        if (!active->ended)
            busy[static_cast<std::size_t>(active->slot)] = true;
    return busy;
}

std::int64_t ModelRunner::usedTokens() const
{
    std::int64_t used = 0;
    for (int slot = 0; slot < m_model->slotCount(); ++slot)
        used += static_cast<std::int64_t>(m_model->slotTokens(slot).size());
    for (const auto &active : m_active)
        if (!active->ended && !active->decoding)
            used += std::max<std::int64_t>(0, static_cast<std::int64_t>(active->job.prompt.size())
                                                  - static_cast<std::int64_t>(m_model->slotTokens(active->slot).size()));
    return used;
}

std::int64_t ModelRunner::freeIdleSlots(std::int64_t excess, const std::vector<bool> &busy, int keep)
{
    while (excess > 0) {
        int fullest = -1;
        std::size_t most = 0;
        for (int slot = 0; slot < m_model->slotCount(); ++slot) {
            const std::size_t held = m_model->slotTokens(slot).size();
            if (slot != keep && !busy[static_cast<std::size_t>(slot)] && held > most) {
                fullest = slot;
                most = held;
            }
        }
        if (fullest < 0)
            break;
        m_model->releaseSlot(fullest);
        excess -= static_cast<std::int64_t>(most);
    }
    return excess;
}

bool ModelRunner::admit(Queued &queued, std::vector<bool> &busy)
{
    // The free slot that already holds the longest start of this prompt (ties: the lowest).
    int best = -1;
    std::size_t bestCommon = 0;
    for (std::size_t slot = 0; slot < busy.size(); ++slot) {
        if (busy[slot])
            continue;
        const std::size_t common = commonPrefix(m_model->slotTokens(static_cast<int>(slot)), queued.job.prompt);
        if (best < 0 || common > bestCommon) {
            best = static_cast<int>(slot);
            bestCommon = common;
        }
    }
    // The last prompt token is always evaluated again, in the decoding step, for its logits.
    const std::size_t keep = std::min(bestCommon, queued.job.prompt.size() - 1);
    if (m_options.tokenBudget > 0) {
        // The slot will hold this prompt instead of what it holds now.
        const auto prompt = static_cast<std::int64_t>(queued.job.prompt.size());
        const auto held = static_cast<std::int64_t>(m_model->slotTokens(best).size());
        const std::int64_t excess = usedTokens() - held + prompt - m_options.tokenBudget;
        if (freeIdleSlots(excess, busy, best) > 0 && !m_active.empty())
            return false; // it waits for running sequences to end
    }
    busy[static_cast<std::size_t>(best)] = true;
    auto active = std::make_unique<Active>();
    active->job = std::move(queued.job);
    active->slot = best;
    active->submitted = queued.submitted;
    active->started = Clock::now();
    m_model->truncateSlot(best, static_cast<std::int64_t>(keep));
    active->position = keep;
    active->cached = static_cast<std::int64_t>(keep);
    active->history = active->job.prompt;
    if (m_metrics)
        m_metrics->addPromptTokens(active->job.source, static_cast<std::int64_t>(active->job.prompt.size() - keep));
    m_active.push_back(std::move(active));
    return true;
}

void ModelRunner::prefillChunk(Active &active, std::int64_t chunk)
{
    const std::vector<std::int32_t> &prompt = active.job.prompt;
    const std::size_t last = prompt.size() - 1;
    const std::size_t end = std::min(last, active.position + static_cast<std::size_t>(std::max<std::int64_t>(1, chunk)));
    if (end > active.position) {
        const std::vector<std::int32_t> tokens(prompt.begin() + static_cast<std::ptrdiff_t>(active.position),
                                               prompt.begin() + static_cast<std::ptrdiff_t>(end));
        const engine::Status status = m_model->extendSlot(active.slot, tokens);
        if (!status) {
            failJob(active, status.error().message);
            return;
        }
        active.position = end;
    }
    if (active.position == last) {
        std::set<std::int32_t> endOfSequence;
        for (const std::int32_t id : m_model->endOfSequenceTokens())
            endOfSequence.insert(id);
        active.stream = std::make_unique<inference::TokenStream>(m_model->tokenizer(), std::move(endOfSequence),
                                                                 active.job.options);
        active.next = prompt.back();
        active.decoding = true;
    }
}

void ModelRunner::decodeStep()
{
    if (m_options.tokenBudget > 0) {
        // Every decoding sequence adds a position: room from idle slots first, then the running
        // sequence that holds the most ends (as at the end of its context) and its slot is freed.
        std::int64_t adding = 0;
        for (const auto &active : m_active)
            adding += active->decoding && !active->ended;
        std::int64_t excess = freeIdleSlots(usedTokens() + adding - m_options.tokenBudget, busySlots(), -1);
        while (excess > 0) {
            Active *fullest = nullptr;
            for (const auto &active : m_active)
                if (active->decoding && !active->ended
                    && (!fullest || m_model->slotTokens(active->slot).size() > m_model->slotTokens(fullest->slot).size()))
                    fullest = active.get();
            if (!fullest)
                break;
            end(*fullest, inference::FinishReason::ContextFull);
            excess -= 1 + static_cast<std::int64_t>(m_model->slotTokens(fullest->slot).size());
            m_model->releaseSlot(fullest->slot);
        }
    }
    std::vector<Active *> batch;
    std::vector<inference::InferenceModel::SlotToken> steps;
    for (const auto &active : m_active)
        if (active->decoding && !active->ended) {
            batch.push_back(active.get());
            steps.push_back({active->slot, active->next});
        }
    if (batch.empty())
        return;
    auto logits = m_model->decodeStep(steps);
    if (!logits) {
        for (Active *active : batch)
            failJob(*active, logits.error().message);
        return;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        Active &active = *batch[i];
        const inference::TokenStream::Step step = active.stream->next(logits.value()[i], active.history);
        if (m_metrics) // counted before the caller hears of it
            m_metrics->addGeneratedTokens(active.job.source, 1);
        if (active.stream->generatedTokens() == 1) {
            active.firstToken = Clock::now();
            if (m_metrics)
                m_metrics->observeTimeToFirstToken(seconds(active.firstToken - active.submitted));
        }
        if (active.job.sink) {
            JobEvent event;
            event.token = step.token;
            event.text = step.text + step.tail;
            event.generatedTokens = active.stream->generatedTokens();
            active.job.sink(event);
        }
        if (step.finished) {
            end(active, active.stream->finishReason());
            continue;
        }
        active.history.push_back(step.token);
        active.next = step.token;
        if (static_cast<std::int64_t>(m_model->slotTokens(active.slot).size()) >= contextLength())
            end(active, inference::FinishReason::ContextFull);
    }
}

void ModelRunner::end(Active &active, inference::FinishReason reason)
{
    if (active.ended)
        return;
    active.ended = true;
    JobEvent event;
    event.kind = JobEvent::Kind::Finished;
    event.finish = reason;
    if (active.stream) { // a stream that ended by itself keeps its own reason
        event.text = active.stream->finish(reason);
        event.finish = active.stream->finishReason();
        event.generatedTokens = active.stream->generatedTokens();
    }
    event.promptTokens = static_cast<std::int64_t>(active.job.prompt.size());
    event.cachedPromptTokens = active.cached;
    event.queueSeconds = seconds(active.started - active.submitted);
    if (event.generatedTokens > 0) {
        const Clock::time_point now = Clock::now();
        event.timeToFirstTokenSeconds = seconds(active.firstToken - active.submitted);
        if (event.generatedTokens > 1 && now > active.firstToken)
            event.decodeTokensPerSecond = static_cast<double>(event.generatedTokens - 1) / seconds(now - active.firstToken);
    }
    if (m_metrics)
        m_metrics->addFinished(active.job.source);
    if (active.job.sink)
        active.job.sink(event);
}

void ModelRunner::failJob(Active &active, const std::string &message)
{
    if (active.ended)
        return;
    active.ended = true;
    JobEvent event;
    event.kind = JobEvent::Kind::Failed;
    event.error = message;
    event.promptTokens = static_cast<std::int64_t>(active.job.prompt.size());
    event.generatedTokens = active.stream ? active.stream->generatedTokens() : 0;
    // What the slot holds may be half written: forget it.
    m_model->truncateSlot(active.slot, 0);
    if (active.job.sink)
        active.job.sink(event);
}

void ModelRunner::removeEnded()
{
    const auto before = m_active.size();
    m_active.erase(std::remove_if(m_active.begin(), m_active.end(), [](const auto &active) { return active->ended; }),
                   m_active.end());
    if (m_active.size() == before)
        return;
    std::lock_guard lock(m_mutex);
    m_running = static_cast<int>(m_active.size());
    m_lastActivity = Clock::now();
    if (m_active.empty() && m_queue.empty())
        m_idle.notify_all();
    // A slot came free: queued jobs can be admitted at the next loop step.
}

} // namespace deskseek::serving
