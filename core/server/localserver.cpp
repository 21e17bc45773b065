#include "server/localserver.h"

#include "server/apiserver.h"
#include "serving/modelhost.h"
#include "settings/appsettings.h"
#include "settings/websearchconfig.h"

#include <QTcpSocket>

namespace deskseek::server {

LocalServer::LocalServer(settings::AppSettings &settings, serving::ModelHost &host, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_host(host)
{
    connect(&m_settings, &settings::AppSettings::serverChanged, this, &LocalServer::apply);
    connect(&m_settings, &settings::AppSettings::modelDirectoryChanged, this,
            [this](const QString &folder) { m_host.setModelFolder(folder); });
    connect(&m_settings, &settings::AppSettings::searchChanged, this, &LocalServer::refreshSearch);
    connect(&m_settings, &settings::AppSettings::languageChanged, this, &LocalServer::refreshSearch);
    refreshSearch();
}

void LocalServer::refreshSearch()
{
    tools::WebSearchConfig config = settings::webSearchConfig(m_settings);
    const std::lock_guard lock(m_search->mutex);
    m_search->config = std::move(config);
}

LocalServer::~LocalServer() = default;

void LocalServer::start()
{
    apply();
}

void LocalServer::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    apply();
}

QString LocalServer::regenerateApiKey()
{
    const QString key = m_settings.regenerateServerApiKey();
    apply();
    return key;
}

bool LocalServer::running() const
{
    return m_server && m_server->running();
}

QString LocalServer::address() const
{
    return running() ? QString::fromStdString(m_server->address()) : QString();
}

int LocalServer::ollamaPort() const
{
    return running() ? m_server->ollamaPort() : 0;
}

void LocalServer::apply()
{
    const settings::ServerSettings server = m_settings.server();
    serving::ModelHost::Options options = m_host.options();
    options.parallel = server.parallel;
    options.contextLength = server.contextLength;
    options.sharedContext = !server.contextPerAnswer;
    options.maxLoadedModels = server.maxLoadedModels;
    options.idleUnload = std::chrono::seconds(server.idleUnloadMinutes > 0 ? server.idleUnloadMinutes * 60 : -1);
    m_host.setOptions(options);
    m_host.setModelFolder(m_settings.modelDirectory());

    ServerConfig config;
    config.host = server.localNetwork ? "0.0.0.0" : "127.0.0.1";
    config.port = server.port;
    config.ollamaPort = server.ollamaPort ? settings::ServerSettings::kOllamaPort : 0;
    // Serving the network requires the key; on this computer alone it is not asked for.
    if (server.localNetwork)
        config.apiKey = m_settings.serverApiKey(true).toStdString();
    refreshSearch(); // the proxy may have changed
    config.webSearch = [search = m_search] {
        const std::lock_guard lock(search->mutex);
        return search->config;
    };
    for (const QString &origin : server.corsOrigins)
        if (!origin.trimmed().isEmpty())
            config.corsOrigins.push_back(origin.trimmed().toStdString());
    const bool listen = server.enabled && !m_paused;
    // Settings of the models alone (parallel, context...) leave the listening server as it is:
    // its clients' answers go on.
    if (m_applied && listen == m_listening && sameListener(config, *m_applied) && m_error.isEmpty())
        return;
    m_applied = config;
    m_listening = listen;
    m_server.reset(); // stops the one before (its running answers are cancelled)
    m_error.clear();
    if (listen) {
        auto apiServer = std::make_unique<ApiServer>(m_host, config);
        std::string error;
        if (apiServer->start(&error))
            m_server = std::move(apiServer);
        else if (server.ollamaPort && portInUse(settings::ServerSettings::kOllamaPort))
            m_error = tr("Port %1 is in use by another program (Ollama?). Turn off \"Also answer on Ollama's port\", or "
                         "quit the other program.")
                          .arg(settings::ServerSettings::kOllamaPort);
        else
            m_error = tr("DeskSeek cannot listen on port %1: another program uses it. Choose another port.")
                          .arg(server.port);
    }
    Q_EMIT statusChanged();
}

bool LocalServer::sameListener(const ServerConfig &a, const ServerConfig &b)
{
    return a.host == b.host && a.port == b.port && a.ollamaPort == b.ollamaPort && a.apiKey == b.apiKey
           && a.corsOrigins == b.corsOrigins;
}

bool LocalServer::portInUse(int port)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
    const bool connected = socket.waitForConnected(300);
    socket.abort();
    return connected;
}

} // namespace deskseek::server
