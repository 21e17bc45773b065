#pragma once

#include "server/serverconfig.h"

#include <QObject>
#include <QString>

#include <memory>
#include <mutex>
#include <optional>

namespace deskseek::settings {
class AppSettings;
struct ServerSettings;
}
namespace deskseek::serving {
class ModelHost;
}

namespace deskseek::server {

class ApiServer;

// The desktop app's API server as the settings describe it (Settings → Server): it starts with
// DeskSeek, restarts when its settings change, can be paused from the tray, and says whether it
// runs, where, and why not. The models it serves are the ModelHost's, shared with the chat; the
// host follows the same settings (parallel answers, context, idle unload, loaded models).
class LocalServer : public QObject
{
    Q_OBJECT

public:
    LocalServer(settings::AppSettings &settings, serving::ModelHost &host, QObject *parent = nullptr);
    ~LocalServer() override;

    // Starts listening if the settings enable the server (and it is not paused).
    void start();
    void setPaused(bool paused);
    bool paused() const { return m_paused; }

    bool running() const;
    QString address() const;   // "http://127.0.0.1:11435"; empty while stopped
    int ollamaPort() const;    // 0: not answering on Ollama's port
    QString error() const { return m_error; } // why it does not run (a port taken...); empty otherwise
    serving::ModelHost &host() const { return m_host; }

    // Changes the API key (Settings → Server); a server that requires it restarts with the new one.
    QString regenerateApiKey();

    // Whether something already listens on 127.0.0.1:port (another Ollama, another program).
    static bool portInUse(int port);

Q_SIGNALS:
    void statusChanged();

private:
    void apply();
    static bool sameListener(const ServerConfig &a, const ServerConfig &b);

    settings::AppSettings &m_settings;
    serving::ModelHost &m_host;
    std::unique_ptr<ApiServer> m_server;
    bool m_paused = false;
    bool m_listening = false;
    std::optional<ServerConfig> m_applied; // what the listener was last started with
    QString m_error;
    // Settings → Search as the server's threads read it (kept current from the GUI thread).
    struct SearchConfig
    {
        std::mutex mutex;
        tools::WebSearchConfig config;
    };
    std::shared_ptr<SearchConfig> m_search = std::make_shared<SearchConfig>();
    void refreshSearch();
};

} // namespace deskseek::server
