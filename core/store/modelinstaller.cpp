#include "store/modelinstaller.h"

#include "download/filedownloader.h"
#include "download/hubclient.h"
#include "engine/gguf/ggufconverter.h"
#include "engine/gguf/quantscheme.h"
#include "engine/model/modelfiles.h"
#include "i18n/datasize.h"
#include "store/installqualitycheck.h"
#include "store/modelstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QSaveFile>
#include <QStorageInfo>

#include <algorithm>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace deskseek::store {

namespace {

QJsonArray sourcesJson(const QList<ModelSource> &list)
{
    QJsonArray sources;
    for (const ModelSource &source : list)
        sources.append(QJsonObject{{u"hub"_s, source.hub.endpoint().toString()},
                                   {u"api"_s, source.hub.api() == download::HubSource::Api::ModelScope ? u"modelscope"_s : u"huggingface"_s},
                                   {u"repo"_s, source.repo},
                                   {u"file"_s, source.file},
                                   {u"publisher"_s, source.publisher}});
    return sources;
}

QList<ModelSource> sourcesFromJson(const QJsonArray &array)
{
    QList<ModelSource> sources;
    for (const QJsonValue &value : array) {
        const QJsonObject source = value.toObject();
        const QUrl hub(source.value(u"hub"_s).toString());
        const QString repo = source.value(u"repo"_s).toString();
        if (!hub.isValid() || repo.isEmpty())
            continue;
        const auto api = source.value(u"api"_s).toString() == u"modelscope"_s ? download::HubSource::Api::ModelScope
                                                                                : download::HubSource::Api::HuggingFace;
        // The well-known hubs keep their names ("hf-mirror"); others are named by host.
        download::HubSource known = download::HubSource::custom(hub, api);
        for (const download::HubSource &candidate : {download::HubSource::huggingFace(), download::HubSource::hfMirror(),
                                                      download::HubSource::modelScope()})
            if (candidate.endpoint() == hub)
                known = candidate;
        sources.append({known, repo, source.value(u"file"_s).toString(), source.value(u"publisher"_s).toString()});
    }
    return sources;
}

// The download of one file of a source into `target`, with the request's network settings.
download::DownloadRequest downloadOf(const InstallRequest &request, const ModelSource &source, const download::HubFile &file,
                                     const QString &target)
{
    download::DownloadRequest download;
    download.url = source.hub.fileUrl(source.repo, file.path);
    download.target = target;
    download.expectedSize = file.size;
    download.sha256 = file.sha256;
    download.bearerToken = request.token;
    download.proxy = request.proxy;
    download.maxAttempts = request.attemptsPerSource;
    download.backoffMs = request.backoffMs;
    download.stallSeconds = request.stallSeconds;
    download.connections = request.connectionsPerFile;
    download.pieceBytes = request.pieceBytes;
    return download;
}

bool writeJournal(const QString &path, const InstallRequest &request, const QString &state)
{
    const QJsonObject journal{{u"sources"_s, sourcesJson(request.sources)},
                              {u"readyMade"_s, sourcesJson(request.readyMade)},
                              {u"type"_s, request.quantization},
                              {u"keepSource"_s, request.keepSource},
                              {u"state"_s, state}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(journal).toJson());
    return file.commit();
}

} // namespace

QString ModelInstaller::journalName()
{
    return u"install.json"_s;
}

void ModelInstaller::discard(const QString &folder)
{
    QDir dir(folder);
    if (!dir.exists())
        return;
    QDir(dir.filePath(u"source"_s)).removeRecursively();
    QFile::remove(dir.filePath(journalName()));
    for (const QString &part : dir.entryList({u"*.part"_s}, QDir::Files))
        QFile::remove(dir.filePath(part));
    if (dir.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
        dir.removeRecursively();
}

std::optional<InstallRequest> ModelInstaller::readJournal(const QString &modelDirectory, const QString &name)
{
    QFile file(modelDirectory + u'/' + name + u'/' + journalName());
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject journal = QJsonDocument::fromJson(file.read(1 << 20)).object();
    InstallRequest request;
    request.modelDirectory = modelDirectory;
    request.name = name;
    const auto scheme = engine::gguf::quantSchemeFromName(journal.value(u"type"_s).toString().toStdString());
    if (!scheme)
        return std::nullopt;
    request.quantization = QString::fromStdString(scheme->name).toLower();
    request.keepSource = journal.value(u"keepSource"_s).toBool();
    request.sources = sourcesFromJson(journal.value(u"sources"_s).toArray());
    request.readyMade = sourcesFromJson(journal.value(u"readyMade"_s).toArray());
    if (request.sources.isEmpty() && request.readyMade.isEmpty())
        return std::nullopt;
    return request;
}

InstallResult ModelInstaller::install(const InstallRequest &request, const ProgressCallback &progress)
{
    InstallResult result;
    const auto failWith = [&](InstallResult::Error error, const QString &message) {
        result.error = error;
        result.message = message;
        return result;
    };
    if (request.sources.isEmpty() && request.readyMade.isEmpty())
        return failWith(InstallResult::Error::NotFound, tr("No download source was given."));
    const auto scheme = engine::gguf::quantSchemeFromName(request.quantization.toStdString());
    if (!scheme)
        return failWith(InstallResult::Error::Convert, tr("DeskSeek cannot make %1 files.").arg(request.quantization));
    const QString typeName = QString::fromStdString(scheme->name);
    QString name = request.name;
    if (name.isEmpty()) {
        name = (request.sources.isEmpty() ? request.readyMade : request.sources).first().repo.section(u'/', -1);
        if (request.sources.isEmpty() && name.endsWith(u"-GGUF"_s, Qt::CaseInsensitive))
            name.chop(5);
    }
    const QDir folder(request.modelDirectory + u'/' + name);
    result.folder = folder.path();
    if (!QDir().mkpath(folder.path()))
        return failWith(InstallResult::Error::Disk, tr("Cannot create %1. Choose a model folder you can write to in Settings.")
                                                        .arg(folder.path()));
    const QString journal = folder.filePath(journalName());
    if (!writeJournal(journal, request, u"downloading"_s))
        return failWith(InstallResult::Error::Disk, tr("Cannot write %1. Free some space or choose another model folder.")
                                                        .arg(journal));
    InstallProgress state;
    const auto report = [&]() { return !progress || progress(state); };
    const QString output = folder.filePath(u"%1-%2.gguf"_s.arg(name, typeName));

    // 0. A ready-made file of the chosen type: its listing from the first source that has it,
    // then the one file (resumable, SHA-256 verified; a failing source hands over to the next
    // with the same file), checked by reading it as a model.
    if (!request.readyMade.isEmpty()) {
        QList<QPair<int, download::HubFile>> offers;
        for (int i = 0; i < request.readyMade.size(); ++i) {
            if (!report())
                return failWith(InstallResult::Error::Cancelled, tr("Cancelled. Start the install again to resume it."));
            const ModelSource &source = request.readyMade[i];
            state.source = source.hub.name();
            state.detail = source.repo;
            QString error;
            const download::HubClient client(source.hub, request.token, request.proxy);
            const QList<download::HubFile> listed = download::selectModelFiles(client.listFiles(source.repo, &error), source.file);
            if (listed.size() == 1 && listed.first().size > 0)
                offers.append({i, listed.first()});
            else
                result.notes << tr("%1: %2").arg(source.hub.name(), error.isEmpty() ? tr("%1 has no %2.").arg(source.repo, source.file) : error);
        }
        if (offers.isEmpty() && request.sources.isEmpty()) {
            if (!QFileInfo::exists(output + u".part"_s))
                discard(folder.path());
            return failWith(InstallResult::Error::NotFound, tr("No source has the ready-made file: %1").arg(result.notes.join(u"; "_s)));
        }
        if (!offers.isEmpty()) {
            const download::HubFile file = offers.first().second;
            const qint64 present = std::min(download::FileDownloader::bytesOnDisk(output, file.size), file.size);
            const qint64 free = QStorageInfo(folder.path()).bytesAvailable();
            if (free >= 0 && free < file.size - present)
                return failWith(InstallResult::Error::Disk,
                                tr("Not enough disk space in %1: %2 free, about %3 needed. Free some space or choose another "
                                   "model folder in Settings.")
                                    .arg(folder.path(), i18n::formatBytes(free), i18n::formatBytes(file.size - present)));
            state.step = InstallProgress::Step::Downloading;
            state.bytesTotal = file.size;
            download::DownloadResult got;
            int used = -1;
            for (const auto &[index, offered] : offers) {
                if (offered.size != file.size || offered.sha256 != file.sha256)
                    continue; // another file under the same name: not a copy of this one
                used = index;
                const ModelSource &source = request.readyMade[index];
                const download::DownloadRequest download = downloadOf(request, source, {offered.path, file.size, file.sha256}, output);
                state.source = source.hub.name();
                state.detail = offered.path;
                if (offered.path != source.file)
                    result.notes << tr("%1 has no %2; its file of the same type, %3, is used.").arg(source.repo, source.file, offered.path);
                got = download::FileDownloader().download(download, [&](const download::DownloadProgress &p) {
                    state.bytesDone = p.received;
                    state.bytesPerSecond = p.bytesPerSecond;
                    state.fraction = file.size > 0 ? double(p.received) / double(file.size) : 1.0;
                    return report();
                });
                result.downloadedBytes += got.transferred;
                if (got.ok() || got.error == download::DownloadResult::Error::Cancelled
                    || got.error == download::DownloadResult::Error::Disk)
                    break;
                result.notes << tr("%1: %2").arg(source.hub.name(), got.message);
            }
            if (got.error == download::DownloadResult::Error::Cancelled)
                return failWith(InstallResult::Error::Cancelled,
                                tr("Cancelled. What was downloaded is kept: start the install again to resume it."));
            if (got.error == download::DownloadResult::Error::Disk)
                return failWith(InstallResult::Error::Disk, got.message);
            if (!got.ok())
                return failWith(got.error == download::DownloadResult::Error::Corrupt ? InstallResult::Error::Corrupt
                                                                                       : InstallResult::Error::Network,
                                tr("Every source failed: %1").arg(result.notes.join(u"; "_s)));
            const auto model = engine::model::ModelFiles::openGguf(output.toStdString());
            const ModelSource &source = request.readyMade[used];
            if (!model) {
                QFile::remove(output);
                return failWith(InstallResult::Error::Corrupt, tr("The ready-made file from %1 cannot be used: %2")
                                                                   .arg(source.publisher, QString::fromStdString(model.error().message)));
            }
            QString error;
            if (!ModelStore(request.modelDirectory)
                     .writeManifest(folder.path(), source.repo, source.hub.endpoint().toString(), typeName, &error, source.publisher))
                result.notes << error;
            QFile::remove(journal);
            result.ggufPath = output;
            result.ggufBytes = file.size;
            result.readyMadeFrom = source.publisher;
            return result;
        }
        result.notes << tr("No ready-made file answered; DeskSeek downloads the original and makes the file itself.");
    }

    // 1. The file list, from the first source that answers.
    QList<download::HubFile> files;
    int current = -1;
    QString lastError;
    const auto listOn = [&](int index) -> QList<download::HubFile> {
        const ModelSource &source = request.sources[index];
        state.source = source.hub.name();
        state.detail = source.repo;
        QString error;
        const download::HubClient client(source.hub, request.token, request.proxy);
        QList<download::HubFile> listed = download::selectModelFiles(client.listFiles(source.repo, &error));
        if (listed.isEmpty()) {
            lastError = error.isEmpty() ? tr("%1 has no safetensors model files on %2.").arg(source.repo, source.hub.name()) : error;
            result.notes << tr("%1: %2").arg(source.hub.name(), lastError);
        }
        return listed;
    };
    for (int i = 0; i < request.sources.size() && files.isEmpty(); ++i) {
        if (!report())
            return failWith(InstallResult::Error::Cancelled, tr("Cancelled. Start the install again to resume it."));
        files = listOn(i);
        current = i;
    }
    if (files.isEmpty()) {
        // Nothing was downloaded: leave no trace of the attempt (no "interrupted install").
        if (!QFileInfo::exists(folder.filePath(u"source"_s)))
            discard(folder.path());
        return failWith(InstallResult::Error::NotFound, request.sources.size() == 1
                                                            ? lastError
                                                            : tr("No source has the model: %1").arg(result.notes.join(u"; "_s)));
    }

    // 2. Enough room for the download and the converted file (at most half its size again).
    qint64 total = 0, present = 0;
    const QString sourceFolder = folder.filePath(u"source"_s);
    for (const download::HubFile &file : files) {
        total += file.size;
        const QFileInfo done(sourceFolder + u'/' + file.path);
        present += done.exists() ? done.size() : std::min(download::FileDownloader::bytesOnDisk(done.filePath(), file.size), file.size);
    }
    const qint64 needed = (total - present) + total / 2;
    const qint64 free = QStorageInfo(folder.path()).bytesAvailable();
    if (free >= 0 && free < needed)
        return failWith(InstallResult::Error::Disk,
                        tr("Not enough disk space in %1: %2 free, about %3 needed. Free some space or choose another "
                           "model folder in Settings.")
                            .arg(folder.path(), i18n::formatBytes(free), i18n::formatBytes(needed)));

    // 3. The files, several at a time (large ones over several connections), from the current source; a
    // source that fails hands over to the next for the files still to come.
    state.step = InstallProgress::Step::Downloading;
    state.bytesTotal = total;
    QList<download::HubFile> pending;
    qint64 finished = 0;
    for (const download::HubFile &file : files) {
        const QString target = sourceFolder + u'/' + file.path;
        if (QFileInfo(target).size() == file.size && QFileInfo::exists(target))
            finished += file.size; // verified and renamed by an earlier run
        else
            pending.append(file);
    }
    std::mutex mutex; // guards everything below, `state`, `result` and calls of `progress`
    struct Running
    {
        qint64 received = 0;
        double bytesPerSecond = 0.0;
    };
    QMap<QString, Running> running;
    qsizetype nextFile = 0;
    bool stopped = false;
    const auto stop = [&](InstallResult::Error error, const QString &message) {
        if (!stopped) {
            stopped = true;
            result.error = error;
            result.message = message;
        }
    };
    const auto worker = [&] {
        std::unique_lock lock(mutex);
        while (!stopped && nextFile < pending.size()) {
            const download::HubFile file = pending[nextFile++];
            running.insert(file.path, {});
            for (;;) {
                const int used = current;
                const ModelSource source = request.sources[used];
                const download::DownloadRequest download = downloadOf(request, source, file, sourceFolder + u'/' + file.path);
                lock.unlock();
                const download::DownloadResult got = download::FileDownloader().download(download, [&](const download::DownloadProgress &p) {
                    std::lock_guard guard(mutex);
                    if (stopped)
                        return false;
                    running[file.path] = {p.received, p.bytesPerSecond};
                    state.bytesDone = finished;
                    state.bytesPerSecond = 0.0;
                    for (const Running &r : std::as_const(running)) {
                        state.bytesDone += r.received;
                        state.bytesPerSecond += r.bytesPerSecond;
                    }
                    state.fraction = total > 0 ? double(state.bytesDone) / double(total) : 1.0;
                    state.source = request.sources[current].hub.name();
                    state.detail = file.path;
                    if (!report()) {
                        stop(InstallResult::Error::Cancelled,
                             tr("Cancelled. What was downloaded is kept: start the install again to resume it."));
                        return false;
                    }
                    return true;
                });
                lock.lock();
                result.downloadedBytes += got.transferred;
                if (got.ok()) {
                    running.remove(file.path);
                    finished += file.size;
                    break;
                }
                if (stopped)
                    return;
                if (got.error == download::DownloadResult::Error::Cancelled) {
                    stop(InstallResult::Error::Cancelled, tr("Cancelled. What was downloaded is kept: start the install again to resume it."));
                    return;
                }
                if (got.error == download::DownloadResult::Error::Disk) {
                    stop(InstallResult::Error::Disk, got.message);
                    return;
                }
                if (current != used)
                    continue; // another file already moved on to the next source: try that one
                result.notes << tr("%1: %2").arg(source.hub.name(), got.message);
                // The next source that lists the same file takes over.
                std::optional<int> next;
                for (int i = used + 1; i < request.sources.size() && !next; ++i) {
                    const QList<download::HubFile> listed = listOn(i);
                    for (const download::HubFile &other : listed)
                        if (other.path == file.path && other.size == file.size)
                            next = i;
                }
                if (!next) {
                    stop(got.error == download::DownloadResult::Error::Corrupt ? InstallResult::Error::Corrupt
                                                                                : InstallResult::Error::Network,
                         request.sources.size() == 1 ? got.message : tr("Every source failed: %1").arg(result.notes.join(u"; "_s)));
                    return;
                }
                result.notes << tr("Continuing with %1.").arg(request.sources[*next].hub.name());
                current = *next;
            }
        }
    };
    std::vector<std::thread> workers;
    const int parallel = int(std::clamp<qsizetype>(request.parallelFiles, 1, std::max<qsizetype>(1, pending.size())));
    for (int i = 0; i < parallel; ++i)
        workers.emplace_back(worker);
    for (std::thread &thread : workers)
        thread.join();
    if (stopped)
        return result;

    // 4. The GGUF of the chosen type, written under a temporary name and renamed when complete.
    if (!writeJournal(journal, request, u"converting"_s))
        return failWith(InstallResult::Error::Disk, tr("Cannot write %1.").arg(journal));
    state.step = InstallProgress::Step::Converting;
    state.fraction = 0.0;
    if (!report())
        return failWith(InstallResult::Error::Cancelled, tr("Cancelled. Start the install again to resume it."));
    const auto model = engine::model::ModelFiles::openFolder(sourceFolder.toStdString());
    if (!model)
        return failWith(InstallResult::Error::Corrupt,
                        tr("The downloaded model cannot be read: %1").arg(QString::fromStdString(model.error().message)));
    const auto summary = engine::gguf::convertToGguf(model.value(), output.toStdString(), *scheme,
                                                     [&](const engine::gguf::ConvertProgress &p) {
                                                         state.fraction = p.bytesTotal ? double(p.bytesDone) / double(p.bytesTotal) : 1.0;
                                                         state.detail = QString::fromStdString(p.tensorName);
                                                         return report();
                                                     });
    if (!summary) {
        if (summary.error().code == engine::ErrorCode::Cancelled)
            return failWith(InstallResult::Error::Cancelled, tr("Cancelled. Start the install again to resume it."));
        return failWith(summary.error().message.find("disk is full") != std::string::npos ? InstallResult::Error::Disk
                                                                                           : InstallResult::Error::Convert,
                        tr("Conversion failed: %1").arg(QString::fromStdString(summary.error().message)));
    }

    // 5. The quality check (a model small enough): the new file against the original it was
    // made from, over a short text. A failed check is reported, not fatal; cancelling is.
    double parameters = 0;
    for (const engine::model::TensorData &tensor : model->tensors)
        parameters += double(tensor.elementCount());
    QualityCheckResult check;
    if (request.qualityCheck && parameters <= request.qualityCheckMaxParameters) {
        state.step = InstallProgress::Step::Checking;
        state.fraction = 0.0;
        state.detail.clear();
        bool cancelled = false;
        check = InstallQualityCheck::run(output, sourceFolder, request.qualityCheckTokens, [&](double fraction) {
            state.fraction = fraction;
            cancelled = !report();
            return !cancelled;
        });
        if (cancelled)
            return failWith(InstallResult::Error::Cancelled, tr("Cancelled. Start the install again to resume it."));
        if (check.ok) {
            result.top1Agreement = check.top1Agreement;
            result.meanKlDivergence = check.meanKlDivergence;
        } else {
            result.notes << tr("The quality check could not run: %1").arg(check.error);
        }
    }

    // 6. Ready: the manifest, then the journal goes (from then on the model is listed).
    QString error;
    const ModelSource &used = request.sources[current];
    if (!ModelStore(request.modelDirectory).writeManifest(folder.path(), used.repo, used.hub.endpoint().toString(), typeName, &error))
        result.notes << error;
    if (check.ok && !ModelStore(request.modelDirectory).recordQualityCheck(folder.path(), check.top1Agreement,
                                                                           check.meanKlDivergence, check.tokens, &error))
        result.notes << error;
    if (!request.keepSource)
        QDir(sourceFolder).removeRecursively();
    QFile::remove(journal);
    result.ggufPath = output;
    result.ggufBytes = qint64(summary->outputBytes);
    return result;
}

} // namespace deskseek::store
