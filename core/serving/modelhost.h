#pragma once

#include "serving/modelrunner.h"
#include "serving/servingmetrics.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace deskseek::serving {

// The loaded models: every caller (the chat, the API server) asks the host for a model by name
// and submits jobs to its runner; nobody else owns a model. A model loads on demand (in the
// asking thread), stays for an idle time (per request: keep_alive) and is unloaded after it; at
// most maxLoadedModels are loaded (the least recently used idle one makes room). Loading never
// happens twice at once, and the context and slots are fixed at load: options a request sends
// never cause a reload. Thread-safe.
class ModelHost
{
    Q_DECLARE_TR_FUNCTIONS(ModelHost)

public:
    struct Options
    {
        int parallel = 4;                  // sequences generated at the same time (KV-cache slots)
        std::int64_t contextLength = 8192; // tokens per sequence
        // The sequences share one context's positions (a unified KV cache: memory for one
        // context, each sequence may use all of it while the others leave room); false: each
        // its whole context.
        bool sharedContext = true;
        int threads = 0;                   // CPU threads (0: one per core)
        int maxLoadedModels = 1;
        std::chrono::seconds idleUnload{30 * 60}; // negative: never
        ModelRunner::Options runner;
    };

    struct ModelEntry
    {
        QString name; // the installed model's name (as deskseek-cli list prints it)
        QString path; // its GGUF file (or a folder)
        QString architecture;
        QString quantization;
        qint64 bytes = 0;
        QDateTime modified;
    };

    struct LoadedModel
    {
        QString name;
        std::uint64_t weightBytes = 0;
        std::uint64_t cacheBytes = 0;
        std::int64_t contextLength = 0;
        int slotCount = 0;
        int running = 0;
        int queued = 0;
        std::optional<QDateTime> expires; // none: kept while DeskSeek runs
    };

    enum class Failure { None, NotFound, Loading, Busy, LoadFailed, Cancelled };
    struct Acquired
    {
        std::shared_ptr<ModelRunner> runner;
        Failure failure = Failure::None;
        QString message; // for people: what happened and what to do
    };

    // modelFolder: the installed models (empty: none besides those added).
    ModelHost(QString modelFolder, Options options);
    ~ModelHost();

    ModelHost(const ModelHost &) = delete;
    ModelHost &operator=(const ModelHost &) = delete;

    // Applies to models loaded from now on.
    void setOptions(const Options &options);
    Options options() const;
    void setModelFolder(const QString &folder);
    // A model served under `name` besides the installed ones (a file given on the command line).
    void addModel(const QString &name, const QString &path);

    QList<ModelEntry> models() const;
    // The entry a request's model name means: the exact name, else case-insensitively, with an
    // Ollama-style ":latest" tag ignored.
    std::optional<ModelEntry> find(const QString &name) const;

    // The model's runner, loading it first when needed (this call then blocks until it is
    // loaded). keepAlive: how long it stays after its last job (negative: until DeskSeek quits;
    // zero: unloaded as soon as it is idle); none: the host's idle time. progress gets 0..1 while
    // this call loads the model and returns false to cancel.
    Acquired acquire(const QString &name, std::optional<std::chrono::seconds> keepAlive = std::nullopt,
                     const std::function<bool(double)> &progress = {});
    // The name a model file is served under: its installed name, or (added) its file's name.
    QString nameForPath(const QString &path);
    bool unload(const QString &name);
    void unloadAll();

    QList<LoadedModel> loaded() const;
    QString loadingModel() const; // empty: nothing is loading
    int runningJobs() const;
    int queuedJobs() const;
    ServingMetrics &metrics() { return m_metrics; }

private:
    using Clock = std::chrono::steady_clock;
    // The name a request means among `names`: the exact one, else case-insensitively, with an
    // Ollama-style ":latest" tag ignored.
    static std::optional<QString> matchName(const QStringList &names, const QString &requested);
    struct Loaded
    {
        ModelEntry entry;
        std::shared_ptr<ModelRunner> runner;
        std::chrono::seconds keepAlive{0};
        Clock::time_point lastUsed;
    };

    void reap();
    std::optional<Clock::time_point> expiry(const Loaded &loaded) const;

    mutable std::mutex m_mutex;
    QString m_folder;
    Options m_options;
    std::map<QString, QString> m_added; // name -> path
    std::map<QString, Loaded> m_loaded;
    QString m_loading;
    ServingMetrics m_metrics;

    std::condition_variable m_reaperWake;
    bool m_quit = false;
    std::thread m_reaper;
};

} // namespace deskseek::serving
