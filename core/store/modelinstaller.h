#pragma once

#include "download/hubsource.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <utility>

namespace deskseek::store {

// One place to get a model from: a hub and the repository's name there (the same model may be
// published under different names on different hubs).
struct ModelSource
{
    ModelSource(download::HubSource hub, QString repo, QString file = {}, QString publisher = {})
        : hub(std::move(hub))
        , repo(std::move(repo))
        , file(std::move(file))
        , publisher(std::move(publisher))
    {
    }

    download::HubSource hub;
    QString repo;      // "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B"
    QString file;      // a ready-made GGUF's path in the repository; empty: the safetensors
    QString publisher; // who made that file ("bartowski"), for people
};

struct InstallRequest
{
    QString modelDirectory;    // the folder that holds one folder per model
    QString name;              // the model's folder name; the repository's name when empty
    QList<ModelSource> sources; // the safetensors, tried in order: when one fails or stalls, the next takes over
    // Ready-made GGUF files of `quantization` (ModelSource::file set), tried first: the first
    // that lists its file is downloaded (SHA-256 verified, resumable) instead of the
    // safetensors; when none does, the install goes on with `sources` and quantizes locally.
    QList<ModelSource> readyMade;
    QString quantization = QStringLiteral("q4_k_m"); // a GGUF type DeskSeek writes (QuantScheme's names)
    bool keepSource = false;   // keep the downloaded safetensors next to the GGUF
    // After quantizing here, compare the file with the original over a short text (models of at
    // most qualityCheckMaxParameters): the result goes into the manifest.
    bool qualityCheck = false;
    double qualityCheckMaxParameters = 8.5e9;
    int qualityCheckTokens = 128;
    QByteArray token;          // Hugging Face token for gated repositories (optional)
    QByteArray proxy;          // a proxy URL; empty: the environment's
    int parallelFiles = 3;     // files downloaded at the same time
    int connectionsPerFile = 4; // a large file comes in pieces over this many connections at once
    qint64 pieceBytes = 32 << 20; // the size of those pieces
    int attemptsPerSource = 6; // network errors and 5xx are retried this often before the next source
    int backoffMs = 500;       // the first wait between attempts; it doubles
    int stallSeconds = 60;     // under 1 KiB/s for this long counts as a failure (a crawling source)
};

struct InstallProgress
{
    enum class Step { Listing, Downloading, Converting, Checking };
    Step step = Step::Listing;
    double fraction = 0.0;      // of this step
    QString detail;             // the file or tensor being worked on
    QString source;             // the hub in use ("huggingface", "hf-mirror", ...)
    qint64 bytesDone = 0;       // Downloading: bytes of all files on disk
    qint64 bytesTotal = 0;
    double bytesPerSecond = 0.0;
};

struct InstallResult
{
    enum class Error { None, NotFound, Network, Corrupt, Disk, Convert, Cancelled };
    Error error = Error::None;
    QString message;     // for people: what happened and what to do
    QString folder;      // the model's folder
    QString ggufPath;    // the installed file
    qint64 ggufBytes = 0;
    qint64 downloadedBytes = 0; // bytes that came over the network in this call
    QStringList notes;   // what happened on the way ("hf-mirror failed: ...; using modelscope")
    QString readyMadeFrom; // the publisher of the ready-made file that was installed; empty: made here
    double top1Agreement = -1.0; // the quality check's share of next-token choices that match the original; < 0: not run
    double meanKlDivergence = -1.0;
    bool ok() const { return error == Error::None; }
};

// Installs a model: list its files on a hub → download them (resumable, SHA-256 verified) →
// convert to a GGUF of the chosen type → write the manifest → ready. With a ready-made GGUF of
// the chosen type on a hub, that one file is downloaded and checked instead. A journal (install.json
// in the model's folder) records what is being installed until it is done, so an install that
// was cancelled, failed, or killed with the process resumes where it stopped when started again
// (downloaded files are kept, partial ones continue), and the model list never shows a
// half-installed model. Blocking: run it on a worker thread.
class ModelInstaller
{
    Q_DECLARE_TR_FUNCTIONS(ModelInstaller)

public:
    // Return false to cancel; the install stops at the next piece of data or tensor.
    using ProgressCallback = std::function<bool(const InstallProgress &)>;

    InstallResult install(const InstallRequest &request, const ProgressCallback &progress = {});

    // The journal's file name, in the model's folder.
    static QString journalName();
    // Throws away what an unfinished install left in `folder` (downloads, partial files, the
    // journal) and the folder itself when nothing else is in it; an installed GGUF stays.
    static void discard(const QString &folder);
    // The request of an interrupted install of the model folder `name`, to resume it.
    static std::optional<InstallRequest> readJournal(const QString &modelDirectory, const QString &name);
};

} // namespace deskseek::store
