// Installing models against real HTTP servers on 127.0.0.1 (the test hub, speaking Hugging
// Face's and ModelScope's APIs): ModelScope listings, falling back to the next source, resuming
// after the process was killed, a full disk, cancelling (nothing half-installed is listed), and
// a model at the end that deskseek-cli run generates from.

#include "fixtures/fakehub.h"
#include "fixtures/hfmodelfixture.h"

#include "download/filedownloader.h"
#include "download/hubclient.h"
#include "engine/gguf/ggufconverter.h"
#include "engine/gguf/quantscheme.h"
#include "engine/model/modelfiles.h"
#include "store/modelinstaller.h"
#include "store/modelstore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace deskseek;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The bytes that unfinished downloads in `folder` have on disk (by their piece maps, if any).
qint64 partBytes(const QString &folder)
{
    qint64 total = 0;
    for (const QFileInfo &info : QDir(folder).entryInfoList({u"*.part"_s}, QDir::Files))
        total += download::FileDownloader::bytesOnDisk(info.filePath().chopped(5), -1);
    return total;
}

} // namespace

class TestInstall : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_model;     // the model in Hugging Face layout that the hubs serve
    qint64 m_modelBytes = 0;
    const QString m_repo = u"deepseek-ai/Tiny-Install"_s;

    void publish(tests::FakeHub &hub, const QString &repo)
    {
        for (const QString &file : QDir(m_model).entryList(QDir::Files))
            hub.addFile(repo, file, readAll(m_model + u'/' + file), file.endsWith(u".safetensors"_s));
    }

    store::InstallRequest request(const QString &modelDirectory, QList<store::ModelSource> sources)
    {
        store::InstallRequest request;
        request.modelDirectory = modelDirectory;
        request.sources = std::move(sources);
        request.quantization = u"q8_0"_s;
        request.attemptsPerSource = 2;
        request.backoffMs = 10;
        return request;
    }

    QProcessEnvironment cliEnvironment(const QString &home)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, home);
        env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
        env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
        env.insert(u"LC_ALL"_s, u"C.UTF-8"_s);
        return env;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_model = m_dir.filePath(u"hub-model"_s);
        tests::HfModelSpec spec;
        spec.layerCount = 1;
        tests::writeHfModel(m_model.toStdString(), spec, DESKSEEK_REFERENCE_DIR);
        for (const QFileInfo &info : QDir(m_model).entryInfoList(QDir::Files))
            m_modelBytes += info.size();
    }

    void modelScopeApi()
    {
        tests::FakeHub hub;
        publish(hub, m_repo);
        const auto modelScope = download::HubSource::custom(hub.endpoint(), download::HubSource::Api::ModelScope);
        QCOMPARE(modelScope.treeUrl(m_repo).toString(),
                 hub.endpoint().toString() + u"/api/v1/models/deepseek-ai/Tiny-Install/repo/files?Revision=master&Recursive=true"_s);
        QCOMPARE(modelScope.fileUrl(m_repo, u"model.safetensors"_s).toString(),
                 hub.endpoint().toString() + u"/api/v1/models/deepseek-ai/Tiny-Install/repo?Revision=master&FilePath=model.safetensors"_s);
        QString error;
        const QList<download::HubFile> files = download::HubClient(modelScope).listFiles(m_repo, &error);
        QVERIFY2(!files.isEmpty(), qPrintable(error));
        QCOMPARE(files.size(), QDir(m_model).entryList(QDir::Files).size()); // the "tree" entry is skipped
        for (const download::HubFile &file : files) {
            const QByteArray content = readAll(m_model + u'/' + file.path);
            QCOMPARE(file.size, content.size());
            // ModelScope gives every file's SHA-256, small ones too.
            QCOMPARE(file.sha256, QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
        }
        // Range requests work there too: a dropped connection resumes.
        download::DownloadRequest get;
        get.url = modelScope.fileUrl(m_repo, u"model.safetensors"_s);
        get.target = m_dir.filePath(u"ms/model.safetensors"_s);
        get.expectedSize = QFileInfo(m_model + u"/model.safetensors"_s).size();
        for (const auto &file : files)
            if (file.path == u"model.safetensors"_s)
                get.sha256 = file.sha256;
        get.backoffMs = 10;
        hub.dropAfter = 5 << 20;
        const auto result = download::FileDownloader().download(get);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(hub.rangeRequests >= 1);
        QCOMPARE(readAll(get.target), readAll(m_model + u"/model.safetensors"_s));

        // Bad listings are refused with the reason.
        QVERIFY(download::HubSource::parseModelScopeFiles(R"({"Code":10010205001,"Message":"model not found"})", m_repo, &error).isEmpty());
        QVERIFY2(error.contains(u"model not found"_s), qPrintable(error));
        QVERIFY(download::HubSource::parseModelScopeFiles(
                    R"({"Code":200,"Data":{"Files":[{"Path":"../../.bashrc","Type":"blob","Size":1}]}})", m_repo, &error)
                    .isEmpty());
        QVERIFY2(error.contains(u"invalid file"_s), qPrintable(error));
        QVERIFY(download::HubSource::parseModelScopeFiles("{not json", m_repo, &error).isEmpty());
        QVERIFY(download::HubSource::fromName(u"modelscope"_s)->api() == download::HubSource::Api::ModelScope);
        QVERIFY(!download::HubSource::fromName(u"ftp://example.com"_s));
    }

    void fallsBackToTheNextSource()
    {
        tests::FakeHub down, failing, good;
        publish(failing, m_repo);
        publish(good, u"deepseek-ai/Tiny-Install-MS"_s); // another name on the other hub
        down.unavailable = true;       // cannot even list
        failing.failures503 = 1000;    // lists, then every download answers 503
        const QString models = m_dir.filePath(u"fallback"_s);
        const store::InstallResult result = store::ModelInstaller().install(
            request(models, {{download::HubSource::custom(down.endpoint()), m_repo},
                             {download::HubSource::custom(failing.endpoint()), m_repo},
                             {download::HubSource::custom(good.endpoint(), download::HubSource::Api::ModelScope),
                              u"deepseek-ai/Tiny-Install-MS"_s}}));
        QVERIFY2(result.ok(), qPrintable(result.message));
        const QString notes = result.notes.join(u'\n');
        QVERIFY2(notes.contains(u"503"_s) && notes.contains(u"Continuing with"_s), qPrintable(notes));
        QCOMPARE(result.downloadedBytes, m_modelBytes);
        const QList<store::InstalledModel> installed = store::ModelStore(models).scan();
        QCOMPARE(installed.size(), 1);
        QCOMPARE(installed.first().quantization, u"Q8_0"_s);
        QVERIFY(!QFileInfo::exists(installed.first().folder + u"/install.json"_s));

        // A source that crawls (100 bytes/s) counts as failed after the stall time.
        tests::FakeHub crawling;
        publish(crawling, m_repo);
        crawling.bytesPerSecond = 100;
        store::InstallRequest slow = request(m_dir.filePath(u"crawl"_s),
                                             {{download::HubSource::custom(crawling.endpoint()), m_repo},
                                              {download::HubSource::custom(good.endpoint(), download::HubSource::Api::ModelScope),
                                               u"deepseek-ai/Tiny-Install-MS"_s}});
        slow.stallSeconds = 1;
        slow.attemptsPerSource = 1;
        const store::InstallResult rescued = store::ModelInstaller().install(slow);
        QVERIFY2(rescued.ok(), qPrintable(rescued.message));
        QVERIFY2(rescued.notes.join(u'\n').contains(u"Continuing with 127.0.0.1"_s), qPrintable(rescued.notes.join(u'\n')));
        crawling.bytesPerSecond = 0;

        // Every source failing: one message that names them all; nothing is listed.
        down.unavailable = true;
        const store::InstallResult none = store::ModelInstaller().install(
            request(m_dir.filePath(u"nowhere"_s), {{download::HubSource::custom(down.endpoint()), m_repo},
                                                   {download::HubSource::custom(good.endpoint()), u"deepseek-ai/Missing"_s}}));
        QCOMPARE(none.error, store::InstallResult::Error::NotFound);
        QVERIFY2(none.message.contains(u"503"_s) && none.message.contains(u"404"_s), qPrintable(none.message));
        QVERIFY(store::ModelStore(m_dir.filePath(u"nowhere"_s)).scan().isEmpty());
        QVERIFY(store::ModelStore(m_dir.filePath(u"nowhere"_s)).interruptedInstalls().isEmpty()); // no trace
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"nowhere/Tiny-Install"_s)));
    }

    void downloadsSeveralFilesAtOnce()
    {
        for (const int parallel : {1, 3}) {
            tests::FakeHub hub;
            publish(hub, m_repo);
            hub.bytesPerSecond = 32 << 20; // per connection
            store::InstallRequest install = request(m_dir.filePath(u"parallel-%1"_s.arg(parallel)),
                                                    {{download::HubSource::custom(hub.endpoint()), m_repo}});
            install.parallelFiles = parallel;
            double fraction = 0.0;
            bool monotonic = true;
            const store::InstallResult result = store::ModelInstaller().install(install, [&](const store::InstallProgress &p) {
                if (p.step == store::InstallProgress::Step::Downloading) {
                    monotonic = monotonic && p.fraction >= fraction - 1e-9 && p.bytesDone <= p.bytesTotal;
                    fraction = p.fraction;
                }
                return true;
            });
            QVERIFY2(result.ok(), qPrintable(result.message));
            QVERIFY(monotonic);
            QCOMPARE(result.downloadedBytes, m_modelBytes);
            if (parallel == 1)
                QCOMPARE(hub.maxActiveFiles.load(), 1);
            else
                QVERIFY2(hub.maxActiveFiles >= 2, qPrintable(QString::number(hub.maxActiveFiles)));
        }
    }

    // A hub whose name does not resolve, reachable only through the proxy (the test hub, which
    // also answers requests in proxy form).
    void downloadsThroughAProxy()
    {
        tests::FakeHub hub;
        publish(hub, m_repo);
        const auto unreachable = download::HubSource::custom(QUrl(u"http://hub.deskseek.invalid"_s));
        store::InstallRequest direct = request(m_dir.filePath(u"proxy"_s), {{unreachable, m_repo}});
        const store::InstallResult failed = store::ModelInstaller().install(direct);
        QVERIFY(!failed.ok());
        QCOMPARE(hub.proxiedRequests.load(), 0);
        store::InstallRequest proxied = direct;
        proxied.proxy = hub.endpoint().toString().toUtf8();
        const store::InstallResult result = store::ModelInstaller().install(proxied);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(hub.proxiedRequests >= 1 + int(QDir(m_model).entryList(QDir::Files).size())); // the listing and each file
    }

    // A ready-made GGUF of the chosen type: only that file comes (not the safetensors, not the
    // repository's other types), resumed after a cancel, verified by SHA-256 (a source that
    // serves damaged bytes hands over to the next); with no ready-made file anywhere the install
    // falls back to the original and quantizes here.
    void installsAReadyMadeGguf()
    {
        const auto files = engine::model::ModelFiles::openFolder(m_model.toStdString());
        QVERIFY(files.ok());
        const QString made = m_dir.filePath(u"ready-q4km.gguf"_s);
        QVERIFY(engine::gguf::convertToGguf(files.value(), made.toStdString(), *engine::gguf::quantSchemeFromName("q4_k_m")));
        const QByteArray gguf = readAll(made);
        const QString ggufRepo = u"bartowski/Tiny-Install-GGUF"_s;
        tests::FakeHub damaged, good;
        for (tests::FakeHub *hub : {&damaged, &good}) {
            hub->addFile(ggufRepo, u"Tiny-Install-Q4_K_M.gguf"_s, gguf);
            hub->addFile(ggufRepo, u"Tiny-Install-Q8_0.gguf"_s, QByteArray(3 << 20, 'x'));
            publish(*hub, m_repo);
        }
        const QString models = m_dir.filePath(u"ready"_s);
        store::InstallRequest ready = request(models, {{download::HubSource::custom(good.endpoint()), m_repo, {}, {}}});
        ready.name = u"Tiny-Install"_s;
        ready.quantization = u"q4_k_m"_s;
        ready.readyMade = {{download::HubSource::custom(damaged.endpoint()), ggufRepo, u"Tiny-Install-Q4_K_M.gguf"_s, u"bartowski"_s},
                           {download::HubSource::custom(good.endpoint()), ggufRepo, u"Tiny-Install-Q4_K_M.gguf"_s, u"bartowski"_s}};
        ready.connectionsPerFile = 1;

        // Cancelled half-way on the first source: the partial file stays, nothing is listed.
        damaged.bytesPerSecond = 4 << 20;
        store::InstallResult result = store::ModelInstaller().install(ready, [&](const store::InstallProgress &p) {
            return p.bytesDone < gguf.size() / 2;
        });
        QCOMPARE(result.error, store::InstallResult::Error::Cancelled);
        QVERIFY(store::ModelStore(models).scan().isEmpty());
        const qint64 kept = result.downloadedBytes;
        QVERIFY(kept >= gguf.size() / 2 && kept < gguf.size());

        // Again, now the first source damages what it sends: the SHA-256 check catches it, the
        // second source (the same file) finishes.
        damaged.bytesPerSecond = 0;
        damaged.corruptResponses = 100;
        const qint64 goodBefore = good.bytesServed;
        result = store::ModelInstaller().install(ready);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.readyMadeFrom, u"bartowski"_s);
        QCOMPARE(readAll(result.ggufPath), gguf);
        QVERIFY(result.notes.join(u' ').contains(damaged.endpoint().host()));
        QVERIFY(good.bytesServed - goodBefore <= gguf.size());
        QVERIFY(!QFileInfo::exists(result.folder + u"/source"_s)); // no safetensors came
        const QList<store::InstalledModel> installed = store::ModelStore(models).scan();
        QCOMPARE(installed.size(), 1);
        QCOMPARE(installed.first().quantization, u"Q4_K_M"_s);
        QCOMPARE(installed.first().repository, ggufRepo);

        // The catalog's name spelled otherwise by the repository: its one Q4_K_M file comes instead.
        tests::FakeHub renamed;
        renamed.addFile(ggufRepo, u"tiny-install.q4_k_m.gguf"_s, gguf);
        renamed.addFile(ggufRepo, u"tiny-install.q8_0.gguf"_s, QByteArray(3 << 20, 'x'));
        store::InstallRequest respelled = ready;
        respelled.modelDirectory = m_dir.filePath(u"respelled"_s);
        respelled.readyMade = {{download::HubSource::custom(renamed.endpoint()), ggufRepo, u"Tiny-Install-Q4_K_M.gguf"_s, u"bartowski"_s}};
        result = store::ModelInstaller().install(respelled);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.readyMadeFrom, u"bartowski"_s);
        QCOMPARE(readAll(result.ggufPath), gguf);
        QVERIFY(result.notes.join(u' ').contains(u"tiny-install.q4_k_m.gguf"_s));
        QCOMPARE(renamed.bytesServed, qint64(gguf.size()));

        // No ready-made file anywhere: the original is downloaded and quantized here.
        const QString local = m_dir.filePath(u"local"_s);
        store::InstallRequest missing = ready;
        missing.modelDirectory = local;
        missing.readyMade = {{download::HubSource::custom(good.endpoint()), u"nobody/none-GGUF"_s, u"none-Q4_K_M.gguf"_s, u"nobody"_s}};
        result = store::ModelInstaller().install(missing);
        QVERIFY2(result.ok(), qPrintable(result.message));
        QVERIFY(result.readyMadeFrom.isEmpty());
        QVERIFY(result.notes.join(u' ').contains(u"makes the file itself"_s));
        QCOMPARE(store::ModelStore(local).scan().first().quantization, u"Q4_K_M"_s);
        QVERIFY(result.downloadedBytes >= m_modelBytes);
    }

    void cancelLeavesNothingHalfInstalled()
    {
        tests::FakeHub hub;
        publish(hub, m_repo);
        const QString models = m_dir.filePath(u"cancel"_s);
        const auto source = QList<store::ModelSource>{{download::HubSource::custom(hub.endpoint()), m_repo}};
        // Cancelled while downloading.
        store::InstallResult result = store::ModelInstaller().install(request(models, source), [](const store::InstallProgress &p) {
            return p.bytesDone < (8 << 20);
        });
        QCOMPARE(result.error, store::InstallResult::Error::Cancelled);
        QVERIFY(store::ModelStore(models).scan().isEmpty());
        const qint64 first = result.downloadedBytes;
        QVERIFY(first >= (8 << 20));
        // Cancelled while converting: no GGUF, not even a partial one.
        result = store::ModelInstaller().install(request(models, source), [](const store::InstallProgress &p) {
            return !(p.step == store::InstallProgress::Step::Converting && p.fraction > 0.3);
        });
        QCOMPARE(result.error, store::InstallResult::Error::Cancelled);
        QVERIFY(store::ModelStore(models).scan().isEmpty());
        QVERIFY(QDir(result.folder).entryList({u"*.gguf*"_s}, QDir::Files).isEmpty());
        QCOMPARE(first + result.downloadedBytes, m_modelBytes); // resumed, nothing fetched twice
        // Started again: the conversion runs, nothing is downloaded.
        result = store::ModelInstaller().install(request(models, source));
        QVERIFY2(result.ok(), qPrintable(result.message));
        QCOMPARE(result.downloadedBytes, 0);
        QCOMPARE(store::ModelStore(models).scan().size(), 1);
    }

    // The process is killed mid-download; started again it continues where the data ends, and
    // the model it installs generates text with deskseek-cli run.
    void resumesAfterTheProcessIsKilled_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("one connection per file") << QStringList{u"--connections"_s, u"1"_s};
        QTest::newRow("pieces over four connections") << QStringList{u"--connections"_s, u"4"_s, u"--piece-mb"_s, u"1"_s};
    }

    void resumesAfterTheProcessIsKilled()
    {
        QFETCH(QStringList, options);
        tests::FakeHub hub;
        publish(hub, m_repo);
        const QString home = m_dir.filePath(u"killed-%1"_s.arg(options.value(1)));
        const QString folder = home + u"/data/DeskSeek/models/Tiny-Install"_s;
        hub.bytesPerSecond = 8 << 20;
        QProcess cli;
        cli.setProcessEnvironment(cliEnvironment(home));
        const QStringList pull = QStringList{u"pull"_s, m_repo, u"--source"_s, hub.endpoint().toString(), u"--quant"_s, u"q4_0"_s} + options;
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), pull);
        QVERIFY(cli.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(partBytes(folder + u"/source"_s) > (6 << 20), 60000);
        cli.kill();
        QVERIFY(cli.waitForFinished());
        const qint64 kept = partBytes(folder + u"/source"_s);
        // With pieces, what was on disk is known from the piece map, updated after every write.
        QCOMPARE(QDir(folder + u"/source"_s).entryList({u"*.pieces"_s}, QDir::Files).isEmpty(), options.value(1) == u"1"_s);
        qInfo("killed with %lld bytes of partial files kept", kept);
        qint64 complete = 0;
        for (const QFileInfo &info : QDir(folder + u"/source"_s).entryInfoList(QDir::Files))
            if (!info.fileName().endsWith(u".part"_s) && !info.fileName().endsWith(u".pieces"_s))
                complete += info.size();
        QVERIFY(QFileInfo::exists(folder + u"/install.json"_s));

        QProcess list;
        list.setProcessEnvironment(cliEnvironment(home));
        list.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"list"_s, u"--json"_s});
        QVERIFY(list.waitForFinished(60000));
        QCOMPARE(QJsonDocument::fromJson(list.readAllStandardOutput()).array().size(), 0); // not half-listed
        list.start(QString::fromUtf8(DESKSEEK_CLI_EXE), {u"list"_s});
        QVERIFY(list.waitForFinished(60000));
        QVERIFY2(QString::fromUtf8(list.readAllStandardOutput()).contains(u"Run 'deskseek-cli pull deepseek-ai/Tiny-Install' to resume"_s),
                 "list does not mention the interrupted install");

        hub.bytesPerSecond = 0;
        QTRY_COMPARE(hub.activeFiles.load(), 0); // the killed connections are over on the hub's side too
        const qint64 servedBefore = hub.bytesServed;
        cli.start(QString::fromUtf8(DESKSEEK_CLI_EXE), pull);
        QVERIFY(cli.waitForFinished(300000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        // Only what was missing came over the network again.
        QCOMPARE(hub.bytesServed - servedBefore, m_modelBytes - kept - complete);
        QVERIFY(!QFileInfo::exists(folder + u"/install.json"_s));

        QProcess run;
        run.setProcessEnvironment(cliEnvironment(home));
        run.start(QString::fromUtf8(DESKSEEK_CLI_EXE),
                  {u"run"_s, u"Tiny-Install"_s, u"--prompt"_s, u"Hi"_s, u"--max-tokens"_s, u"5"_s, u"--stats"_s});
        QVERIFY(run.waitForFinished(120000));
        const QString errors = QString::fromUtf8(run.readAllStandardError());
        QVERIFY2(run.exitCode() == 0, qPrintable(errors));
        QVERIFY2(errors.contains(u"[5 tokens"_s), qPrintable(errors));
    }

    void fullDisk_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("one connection per file") << QStringList{u"--connections"_s, u"1"_s};
        QTest::newRow("pieces over four connections") << QStringList{u"--connections"_s, u"4"_s, u"--piece-mb"_s, u"1"_s};
    }

    // A file-size limit stands in for a full disk: a clear message, nothing installed.
    void fullDisk()
    {
        QFETCH(QStringList, options);
        if (QStandardPaths::findExecutable(u"prlimit"_s).isEmpty())
            QSKIP("prlimit (util-linux) is not installed");
        tests::FakeHub hub;
        publish(hub, m_repo);
        const QString home = m_dir.filePath(u"full-%1"_s.arg(options.value(1)));
        QProcess cli;
        cli.setProcessEnvironment(cliEnvironment(home));
        cli.start(u"prlimit"_s, QStringList{u"--fsize=8388608"_s, QString::fromUtf8(DESKSEEK_CLI_EXE), u"pull"_s, m_repo,
                                            u"--source"_s, hub.endpoint().toString()} + options);
        QVERIFY(cli.waitForFinished(120000));
        const QString errors = QString::fromUtf8(cli.readAllStandardError());
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY2(errors.contains(u"The disk is full"_s), qPrintable(errors));
        QVERIFY(store::ModelStore(home + u"/data/DeskSeek/models"_s).scan().isEmpty());
        QVERIFY(QDir(home + u"/data/DeskSeek/models/Tiny-Install"_s).entryList({u"*.gguf"_s}, QDir::Files).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestInstall)
#include "tst_install.moc"
