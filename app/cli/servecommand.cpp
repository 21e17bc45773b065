// deskseek-cli serve: the local API server (OpenAI- and Ollama-compatible) without a desktop,
// for a server or a machine reached over SSH. It serves the installed models by name (or the
// model given), loaded on demand; SIGTERM or Ctrl+C stops it cleanly.

#include "cli/cli.h"
#include "cli/modelloading.h"
#include "server/apiserver.h"
#include "settings/websearchconfig.h"
#include "serving/modelhost.h"
#include "settings/appsettings.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#ifdef Q_OS_UNIX
#include <pthread.h>
#endif

using namespace Qt::StringLiterals;

namespace deskseek::app {

namespace {

#ifndef Q_OS_UNIX
std::atomic<bool> g_stopRequested{false}; // a signal handler can only reach static storage

void requestStop(int)
{
    g_stopRequested = true;
}
#endif

// Blocks SIGINT and SIGTERM for the threads made from now on (the server's), so that the one
// waiting in waitForStop() receives them.
class StopSignals
{
public:
    StopSignals()
    {
#ifdef Q_OS_UNIX
        sigemptyset(&m_signals);
        sigaddset(&m_signals, SIGINT);
        sigaddset(&m_signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &m_signals, nullptr);
#else
        std::signal(SIGINT, requestStop);
        std::signal(SIGTERM, requestStop);
#endif
    }
    ~StopSignals()
    {
#ifdef Q_OS_UNIX
        pthread_sigmask(SIG_UNBLOCK, &m_signals, nullptr);
#else
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
#endif
    }
    StopSignals(const StopSignals &) = delete;
    StopSignals &operator=(const StopSignals &) = delete;

    void waitForStop()
    {
#ifdef Q_OS_UNIX
        int received = 0;
        sigwait(&m_signals, &received);
#else
        while (!g_stopRequested)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
#endif
    }

private:
#ifdef Q_OS_UNIX
    sigset_t m_signals;
#endif
};

} // namespace

int Cli::runServe(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Run the local API server (OpenAI- and Ollama-compatible) without the desktop app"));
    parser.addHelpOption();
    parser.addPositionalArgument(u"model"_s, tr("A model to load now and keep loaded (default: any installed model, "
                                                "loaded when a request names it)"),
                                 u"[model]"_s);
    const QCommandLineOption host(u"host"_s, tr("Address to listen on (default: 127.0.0.1, this computer only; "
                                                "0.0.0.0 for the local network, which needs --api-key)"),
                                  tr("address"), u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, tr("Port for both APIs (default: 11435)"), tr("port"), u"11435"_s);
    const QCommandLineOption ollamaPort(u"ollama-port"_s, tr("Also answer on this port (Ollama's is 11434)"), tr("port"));
    const QCommandLineOption noOllamaPort(u"no-ollama-port"_s, tr("Answer on --port only (the default)"));
    const QCommandLineOption apiKey(u"api-key"_s, tr("Require this key (Authorization: Bearer or x-api-key)"), tr("key"));
    const QCommandLineOption parallel(u"parallel"_s, tr("Answers generated at the same time (default: 4)"), tr("n"), u"4"_s);
    const QCommandLineOption threads(u"threads"_s, tr("CPU threads (default: all cores)"), tr("n"));
    const QCommandLineOption context(u"ctx"_s, tr("Context length of each answer in tokens (default: 4096)"), tr("n"),
                                     u"4096"_s);
    const QCommandLineOption contextPerSlot(u"ctx-per-slot"_s,
                                            tr("Give every answer a whole context of its own (default: the answers "
                                               "at once share one, as llama-server's unified KV cache)"));
    parser.addOptions({host, port, ollamaPort, noOllamaPort, apiKey, parallel, threads, context, contextPerSlot});
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (parser.positionalArguments().size() > 1) {
        m_err << tr("deskseek-cli serve takes at most one model.") << u"\n"_s;
        return UsageError;
    }
    const auto number = [&](const QCommandLineOption &option, int low, int high, int *value) {
        bool ok = false;
        *value = parser.value(option).toInt(&ok);
        if (ok && *value >= low && *value <= high)
            return true;
        m_err << tr("--%1 must be a number from %2 to %3.").arg(option.names().constFirst()).arg(low).arg(high) << u"\n"_s;
        return false;
    };
    server::ServerConfig config;
    serving::ModelHost::Options options;
    int value = 0;
    if (!number(port, 0, 65535, &config.port) || !number(parallel, 1, 64, &options.parallel) || !number(context, 16, 1 << 20, &value))
        return UsageError;
    options.contextLength = value;
    options.sharedContext = !parser.isSet(contextPerSlot);
    if (parser.isSet(threads)) {
        if (!number(threads, 1, 1024, &options.threads))
            return UsageError;
    }
    if (parser.isSet(ollamaPort) && !parser.isSet(noOllamaPort) && !number(ollamaPort, 1, 65535, &config.ollamaPort))
        return UsageError;
    config.host = parser.value(host).toStdString();
    config.apiKey = parser.value(apiKey).toStdString();
    if (!server::isLoopbackHost(config.host) && config.apiKey.empty()) {
        m_err << tr("Serving %1 makes DeskSeek reachable from other computers: give an API key with --api-key.")
                     .arg(parser.value(host))
              << u"\n"_s;
        return UsageError;
    }

    // Signals go to the thread that waits for them, none to the server's threads (made below).
    StopSignals stopSignals;

    serving::ModelHost modelHost(m_settings.modelDirectory(), options);
    if (!parser.positionalArguments().isEmpty()) {
        const QString given = parser.positionalArguments().constFirst();
        const QString path = ModelLoading(m_settings, m_err).resolve(given);
        if (path.isEmpty())
            return Failure;
        const QString name = QFileInfo::exists(given) ? QFileInfo(given).completeBaseName() : given;
        if (QFileInfo::exists(given))
            modelHost.addModel(name, path);
        m_err << tr("Loading %1…").arg(name) << u"\n"_s;
        m_err.flush();
        const auto loaded = modelHost.acquire(name, std::chrono::seconds(-1));
        if (!loaded.runner) {
            m_err << loaded.message << u"\n"_s;
            return Failure;
        }
    }
    // Chat completions with web_search_options search with Settings → Search.
    config.webSearch = [search = settings::webSearchConfig(m_settings)] { return search; };
    server::ApiServer apiServer(modelHost, config);
    std::string error;
    if (!apiServer.start(&error)) {
        m_err << QString::fromStdString(error) << u"\n"_s;
        return Failure;
    }
    m_out << tr("DeskSeek's API server is listening on %1 (OpenAI: /v1, Ollama: /api).")
                 .arg(QString::fromStdString(apiServer.address()))
          << u"\n"_s;
    if (apiServer.ollamaPort() > 0)
        m_out << tr("It also answers on port %1, as Ollama would.").arg(apiServer.ollamaPort()) << u"\n"_s;
    m_out << tr("Press Ctrl+C to stop.") << u"\n"_s;
    m_out.flush();

    stopSignals.waitForStop();
    m_err << tr("Stopping: running answers are cancelled.") << u"\n"_s;
    m_err.flush();
    modelHost.unloadAll();
    apiServer.stop();
    return Success;
}

} // namespace deskseek::app
