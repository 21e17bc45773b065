// download_bench: DeskSeek's downloader against curl on loopback. Serves one file of the given
// size from the test hub (cpp-httplib on 127.0.0.1), downloads it with FileDownloader (resume
// support, streamed SHA-256, atomic rename) and with the curl command, both to disk, best of
// `--runs`, and prints both speeds and their ratio. A benchmark, not a test.
// Usage: download_bench [--mb 2048] [--runs 2] [--connections 1] [--folder DIR]

#include "download/filedownloader.h"
#include "download/hubclient.h"
#include "fixtures/fakehub.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 megabytes = 2048;
    int runs = 2;
    int connections = 1;
    QString folder;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--mb"))
            megabytes = std::atoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--runs"))
            runs = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--connections"))
            connections = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--folder"))
            folder = QString::fromLocal8Bit(argv[i + 1]);
    }
    QTemporaryDir temporary;
    if (folder.isEmpty())
        folder = temporary.path();
    QDir().mkpath(folder);

    // Incompressible content (xorshift), the size of a large model shard.
    QByteArray content(megabytes << 20, Qt::Uninitialized);
    std::uint64_t state = 0x9E3779B97F4A7C15ull;
    for (qsizetype i = 0; i + 8 <= content.size(); i += 8) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::memcpy(content.data() + i, &state, 8);
    }
    deskseek::tests::FakeHub hub;
    hub.addFile(u"bench/model"_s, u"model.safetensors"_s, content);
    QString error;
    const auto files = deskseek::download::HubClient(deskseek::download::HubSource::custom(hub.endpoint()))
                           .listFiles(u"bench/model"_s, &error);
    if (files.size() != 1) {
        std::fprintf(stderr, "download_bench: cannot list the file: %s\n", qPrintable(error));
        return 1;
    }
    const QUrl url = deskseek::download::HubSource::custom(hub.endpoint()).fileUrl(u"bench/model"_s, u"model.safetensors"_s);
    const double size = double(content.size());

    double best = 0.0, bestCurl = 0.0;
    for (int run = 0; run < runs; ++run) {
        const QString ours = folder + u"/ours.bin"_s;
        const QString theirs = folder + u"/curl.bin"_s;
        double seconds = 0.0, curlSeconds = 0.0;
        // Each download starts with no dirty pages left by the one before, and the two take turns
        // going first.
        for (int turn = 0; turn < 2; ++turn) {
            const bool oursNow = (turn == 0) == (run % 2 == 0);
            QFile::remove(ours);
            QFile::remove(theirs);
#ifdef Q_OS_UNIX
            ::sync();
#endif
            QElapsedTimer timer;
            timer.start();
            if (oursNow) {
                deskseek::download::DownloadRequest request;
                request.url = url;
                request.target = ours;
                request.connections = connections;
                request.expectedSize = files[0].size;
                request.sha256 = files[0].sha256;
                const auto result = deskseek::download::FileDownloader().download(request);
                seconds = double(timer.nsecsElapsed()) / 1e9;
                if (!result.ok()) {
                    std::fprintf(stderr, "download_bench: %s\n", qPrintable(result.message));
                    return 1;
                }
            } else {
                QProcess curl;
                curl.start(u"curl"_s, {u"-s"_s, u"-f"_s, u"-o"_s, theirs, url.toString()});
                if (!curl.waitForFinished(-1) || curl.exitCode() != 0) {
                    std::fprintf(stderr, "download_bench: curl failed (is it installed?)\n");
                    return 1;
                }
                curlSeconds = double(timer.nsecsElapsed()) / 1e9;
            }
        }
        QFile::remove(ours);
        QFile::remove(theirs);
        best = std::max(best, size / seconds);
        bestCurl = std::max(bestCurl, size / curlSeconds);
        std::printf("run %d: DeskSeek %.0f MB/s (SHA-256 verified), curl %.0f MB/s\n", run + 1, size / seconds / 1e6,
                    size / curlSeconds / 1e6);
    }
    std::printf("%d connection(s). ", connections);
    std::printf("%lld MiB over loopback, best of %d: DeskSeek %.0f MB/s, curl %.0f MB/s, ratio %.2f\n", megabytes, runs,
                best / 1e6, bestCurl / 1e6, best / bestCurl);
    return 0;
}
