#include "serving/modelhost.h"

#include "engine/inference/inferencemodel.h"
#include "store/modelstore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace deskseek::serving {

ModelHost::ModelHost(QString modelFolder, Options options)
    : m_folder(std::move(modelFolder))
    , m_options(options)
{
    m_reaper = std::thread([this] { reap(); });
}

ModelHost::~ModelHost()
{
    {
        std::lock_guard lock(m_mutex);
        m_quit = true;
    }
    m_reaperWake.notify_all();
    m_reaper.join();
    unloadAll();
}

void ModelHost::setOptions(const Options &options)
{
    std::lock_guard lock(m_mutex);
    m_options = options;
}

ModelHost::Options ModelHost::options() const
{
    std::lock_guard lock(m_mutex);
    return m_options;
}

void ModelHost::setModelFolder(const QString &folder)
{
    std::lock_guard lock(m_mutex);
    m_folder = folder;
}

void ModelHost::addModel(const QString &name, const QString &path)
{
    std::lock_guard lock(m_mutex);
    m_added[name] = path;
}

QList<ModelHost::ModelEntry> ModelHost::models() const
{
    QString folder;
    std::map<QString, QString> added;
    {
        std::lock_guard lock(m_mutex);
        folder = m_folder;
        added = m_added;
    }
    QList<ModelEntry> entries;
    for (const auto &[name, path] : added) {
        const QFileInfo info(path);
        ModelEntry entry;
        entry.name = name;
        entry.path = path;
        entry.bytes = info.isFile() ? info.size() : 0;
        entry.modified = info.lastModified();
        entries.push_back(entry);
    }
    if (!folder.isEmpty())
        for (const store::InstalledModel &installed : store::ModelStore(folder).scan()) {
            if (added.count(installed.name))
                continue;
            entries.push_back({installed.name, installed.ggufPath, installed.architecture, installed.quantization,
                               installed.bytes, installed.installed.isValid() ? installed.installed
                                                                              : QFileInfo(installed.ggufPath).lastModified()});
        }
    return entries;
}

std::optional<QString> ModelHost::matchName(const QStringList &names, const QString &requested)
{
    QString name = requested.trimmed();
    for (int pass = 0; pass < 2; ++pass) {
        if (names.contains(name))
            return name;
        for (const QString &candidate : names)
            if (candidate.compare(name, Qt::CaseInsensitive) == 0)
                return candidate;
        if (!name.endsWith(u":latest"_s, Qt::CaseInsensitive))
            break;
        name.chop(7);
    }
    return std::nullopt;
}

std::optional<ModelHost::ModelEntry> ModelHost::find(const QString &requested) const
{
    const QList<ModelEntry> entries = models();
    QStringList names;
    for (const ModelEntry &entry : entries)
        names << entry.name;
    const std::optional<QString> name = matchName(names, requested);
    if (!name)
        return std::nullopt;
    return entries[names.indexOf(*name)];
}

QString ModelHost::nameForPath(const QString &path)
{
    const QString canonical = QFileInfo(path).canonicalFilePath();
    for (const ModelEntry &entry : models())
        if (QFileInfo(entry.path).canonicalFilePath() == canonical)
            return entry.name;
    const QFileInfo info(path);
    const QString name = info.isDir() ? info.fileName() : info.completeBaseName();
    addModel(name, path);
    return name;
}

ModelHost::Acquired ModelHost::acquire(const QString &name, std::optional<std::chrono::seconds> keepAlive,
                                       const std::function<bool(double)> &progress)
{
    Acquired result;
    {
        // A loaded model answers without a look at the model folder.
        std::lock_guard lock(m_mutex);
        QStringList loaded;
        for (const auto &[loadedName, model] : m_loaded)
            loaded << loadedName;
        if (const std::optional<QString> match = matchName(loaded, name)) {
            Loaded &model = m_loaded[*match];
            model.lastUsed = Clock::now();
            model.keepAlive = keepAlive.value_or(m_options.idleUnload);
            result.runner = model.runner;
            return result;
        }
    }
    const std::optional<ModelEntry> entry = find(name);
    if (!entry) {
        QStringList names;
        for (const ModelEntry &model : models())
            names << model.name;
        result.failure = Failure::NotFound;
        result.message = names.isEmpty()
                             ? tr("There is no model '%1', and no model is installed. Install one in DeskSeek "
                                  "(Models → Choose a model…) or with 'deskseek-cli pull'.")
                                   .arg(name)
                             : tr("There is no model '%1'. Installed: %2.").arg(name, names.join(u", "_s));
        return result;
    }
    std::shared_ptr<ModelRunner> evicted;
    Options options;
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_loaded.find(entry->name); // loaded meanwhile by another caller
        if (found != m_loaded.end()) {
            found->second.lastUsed = Clock::now();
            found->second.keepAlive = keepAlive.value_or(m_options.idleUnload);
            result.runner = found->second.runner;
            return result;
        }
        if (!m_loading.isEmpty()) {
            result.failure = Failure::Loading;
            result.message = tr("The model '%1' is loading. Try again in a few seconds.").arg(m_loading);
            return result;
        }
        if (static_cast<int>(m_loaded.size()) >= std::max(1, m_options.maxLoadedModels)) {
            // Room for this one: the least recently used model that is not answering anybody.
            auto oldest = m_loaded.end();
            for (auto it = m_loaded.begin(); it != m_loaded.end(); ++it)
                if (it->second.runner->idle() && (oldest == m_loaded.end() || it->second.lastUsed < oldest->second.lastUsed))
                    oldest = it;
            if (oldest == m_loaded.end()) {
                result.failure = Failure::Busy;
                result.message = tr("Another model is answering requests, and no more models may be loaded at once "
                                    "(%1). Try again when it is done, or allow more models in Settings → Server.")
                                     .arg(m_options.maxLoadedModels);
                return result;
            }
            evicted = std::move(oldest->second.runner);
            m_loaded.erase(oldest);
        }
        m_loading = entry->name;
        options = m_options;
    }
    evicted.reset(); // its memory is free before the next model loads

    engine::inference::LoadOptions load;
    load.threads = options.threads;
    load.contextLength = options.contextLength;
    load.sequences = std::clamp(options.parallel, 1, 64);
    load.prefillChunk = options.runner.prefillChunk;
    load.progress = progress;
    if (options.sharedContext)
        options.runner.tokenBudget = options.contextLength;
    const std::string path = entry->path.toStdString();
    auto runner = std::make_shared<ModelRunner>([&] { return engine::inference::InferenceModel::load(path, load); },
                                                entry->name.toStdString(), options.runner, &m_metrics);

    std::lock_guard lock(m_mutex);
    m_loading.clear();
    if (const auto &error = runner->loadError()) {
        if (error->code == engine::ErrorCode::Cancelled) {
            result.failure = Failure::Cancelled;
            result.message = tr("Loading was cancelled.");
        } else {
            result.failure = Failure::LoadFailed;
            result.message = tr("Cannot load the model '%1': %2").arg(entry->name, QString::fromStdString(error->message));
        }
        return result;
    }
    Loaded loaded;
    loaded.entry = *entry;
    loaded.runner = std::move(runner);
    loaded.keepAlive = keepAlive.value_or(options.idleUnload);
    loaded.lastUsed = Clock::now();
    result.runner = loaded.runner;
    m_loaded[entry->name] = std::move(loaded);
    return result;
}

bool ModelHost::unload(const QString &name)
{
    std::shared_ptr<ModelRunner> runner;
    {
        std::lock_guard lock(m_mutex);
        const auto found = m_loaded.find(name);
        if (found == m_loaded.end())
            return false;
        runner = std::move(found->second.runner);
        m_loaded.erase(found);
    }
    runner->stop();
    return true;
}

void ModelHost::unloadAll()
{
    std::map<QString, Loaded> loaded;
    {
        std::lock_guard lock(m_mutex);
        loaded.swap(m_loaded);
    }
    for (auto &[name, model] : loaded)
        model.runner->stop();
}

std::optional<ModelHost::Clock::time_point> ModelHost::expiry(const Loaded &loaded) const
{
    if (loaded.keepAlive.count() < 0)
        return std::nullopt;
    return std::max(loaded.lastUsed, loaded.runner->lastActivity()) + loaded.keepAlive;
}

QList<ModelHost::LoadedModel> ModelHost::loaded() const
{
    std::lock_guard lock(m_mutex);
    QList<LoadedModel> list;
    for (const auto &[name, model] : m_loaded) {
        LoadedModel item;
        item.name = name;
        item.weightBytes = model.runner->model().weightBytes();
        item.cacheBytes = model.runner->model().cacheBytes();
        item.contextLength = model.runner->contextLength();
        item.slotCount = model.runner->slotCount();
        item.running = model.runner->runningJobs();
        item.queued = model.runner->queuedJobs();
        if (const auto until = expiry(model)) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*until - Clock::now());
            item.expires = QDateTime::currentDateTime().addMSecs(std::max<qint64>(0, left.count()));
        }
        list.push_back(item);
    }
    return list;
}

QString ModelHost::loadingModel() const
{
    std::lock_guard lock(m_mutex);
    return m_loading;
}

int ModelHost::runningJobs() const
{
    std::lock_guard lock(m_mutex);
    int total = 0;
    for (const auto &[name, model] : m_loaded)
        total += model.runner->runningJobs();
    return total;
}

int ModelHost::queuedJobs() const
{
    std::lock_guard lock(m_mutex);
    int total = 0;
    for (const auto &[name, model] : m_loaded)
        total += model.runner->queuedJobs();
    return total;
}

void ModelHost::reap()
{
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
        m_reaperWake.wait_for(lock, std::chrono::milliseconds(250));
        std::vector<std::shared_ptr<ModelRunner>> idle;
        const Clock::time_point now = Clock::now();
        for (auto it = m_loaded.begin(); it != m_loaded.end();) {
            const auto until = expiry(it->second);
            if (until && now >= *until && it->second.runner->idle()) {
                idle.push_back(std::move(it->second.runner));
                it = m_loaded.erase(it);
            } else {
                ++it;
            }
        }
        if (idle.empty())
            continue;
        lock.unlock();
        idle.clear(); // the runners' threads end and the models' memory goes
        lock.lock();
    }
}

} // namespace deskseek::serving
