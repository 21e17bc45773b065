#include "server/apiserver.h"

#include "server/metricstext.h"
#include "server/routecontext.h"
#include "serving/modelhost.h"

#include <algorithm>
#ifndef _WIN32
#include <sys/socket.h>
#endif
#include <mutex>
#include <thread>

namespace deskseek::server {

using nlohmann::json;

namespace {

const char *const kRoutes[] = {"/",          "/health",        "/metrics",      "/v1/models",  "/v1/chat/completions",
                               "/v1/completions", "/api/version", "/api/tags", "/api/ps", "/api/show",
                               "/api/chat",  "/api/generate"};

std::string routeLabel(const std::string &path)
{
    for (const char *route : kRoutes)
        if (path == route)
            return route;
    if (path.rfind("/v1/models/", 0) == 0)
        return "/v1/models/{id}";
    return "other";
}

bool isOllamaPath(const std::string &path)
{
    return path.rfind("/api/", 0) == 0;
}

// Origins a browser-based client on this machine has: localhost pages and desktop shells.
bool allowedOrigin(const std::string &origin, const std::vector<std::string> &extra)
{
    for (const std::string &allowed : extra)
        if (allowed == "*" || allowed == origin)
            return true;
    for (const char *scheme : {"app://", "file://", "tauri://", "capacitor://", "vscode-webview://"})
        if (origin.rfind(scheme, 0) == 0)
            return true;
    if (origin == "null") // file:// pages
        return true;
    for (const char *scheme : {"http://", "https://"}) {
        if (origin.rfind(scheme, 0) != 0)
            continue;
        std::string host = origin.substr(std::string(scheme).size());
        if (host.rfind('[', 0) == 0)
            host = host.substr(0, host.find(']') + 1);
        else
            host = host.substr(0, host.find(':'));
        return isLoopbackHost(host);
    }
    return false;
}

// Compares without stopping at the first difference (the key's length aside).
bool sameKey(const std::string &a, const std::string &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

std::string hostName(const std::string &header)
{
    if (header.rfind('[', 0) == 0)
        return header.substr(0, header.find(']') + 1);
    return header.substr(0, header.find(':'));
}

// cpp-httplib listens with a backlog of 5 connections: a burst of clients (100 at once) then
// overflows the kernel's queue of accepted connections. Listening again on the bound socket
// sets a larger one.
class HttpServer : public httplib::Server
{
public:
    void widenBacklog() { ::listen(svr_sock_, 512); }
};

} // namespace

struct ApiServer::Impl
{
    serving::ModelHost &host;
    ServerConfig config;
    RouteContext context{host, config};
    struct Listener
    {
        std::unique_ptr<HttpServer> server;
        std::thread thread;
        int port = 0;
    };
    std::vector<Listener> listeners;
    mutable std::mutex countsMutex;
    std::map<std::pair<std::string, int>, std::int64_t> counts;

    Impl(serving::ModelHost &modelHost, ServerConfig serverConfig)
        : host(modelHost)
        , config(std::move(serverConfig))
    {
    }

    void count(const httplib::Request &request, const httplib::Response &response)
    {
        std::lock_guard lock(countsMutex);
        ++counts[{routeLabel(request.path), response.status}];
    }

    httplib::Server::HandlerResponse screen(const httplib::Request &request, httplib::Response &response)
    {
        const auto refuse = [&](int status, const std::string &message, const char *type) {
            ApiError error;
            error.status = status;
            error.type = type;
            error.message = message;
            isOllamaPath(request.path) ? sendOllamaError(response, error) : sendOpenAiError(response, error);
            return httplib::Server::HandlerResponse::Handled;
        };
        if (isLoopbackHost(config.host) && request.has_header("Host")
            && !isLoopbackHost(hostName(request.get_header_value("Host"))))
            return refuse(403, "This server answers this computer only (the Host header names another).",
                          "permission_error");
        const std::string origin = request.get_header_value("Origin");
        if (!origin.empty()) {
            if (!allowedOrigin(origin, config.corsOrigins))
                return refuse(403, "The origin " + origin + " is not allowed. Add it to the allowed origins in DeskSeek "
                                   "(Settings → Server).", "permission_error");
            response.set_header("Access-Control-Allow-Origin", origin);
            response.set_header("Vary", "Origin");
            response.set_header("Access-Control-Expose-Headers", "Retry-After");
        }
        if (request.method == "OPTIONS") { // a browser's preflight
            response.set_header("Access-Control-Allow-Methods", "GET, POST, HEAD, OPTIONS");
            const std::string headers = request.get_header_value("Access-Control-Request-Headers");
            response.set_header("Access-Control-Allow-Headers",
                                headers.empty() ? "Authorization, Content-Type, x-api-key" : headers);
            response.set_header("Access-Control-Max-Age", "600");
            response.status = 204;
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!config.apiKey.empty() && request.path != "/" && request.path != "/health") {
            std::string given = request.get_header_value("x-api-key");
            const std::string authorization = request.get_header_value("Authorization");
            if (given.empty() && authorization.rfind("Bearer ", 0) == 0)
                given = authorization.substr(7);
            if (!sameKey(given, config.apiKey)) {
                response.set_header("WWW-Authenticate", "Bearer");
                return refuse(401, given.empty() ? "An API key is required: send it as 'Authorization: Bearer <key>' or "
                                                   "'x-api-key' (DeskSeek shows it in Settings → Server)."
                                                 : "The API key is wrong (DeskSeek shows it in Settings → Server).",
                              "authentication_error");
            }
        }
        return httplib::Server::HandlerResponse::Unhandled;
    }

    std::unique_ptr<HttpServer> makeServer()
    {
        auto server = std::make_unique<HttpServer>();
        const int threads = config.threads > 0 ? config.threads
                                               : std::max(32, host.options().parallel + host.options().runner.queueLimit + 16);
        server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
        server->set_payload_max_length(config.maxBodyBytes);
        server->set_keep_alive_timeout(config.keepAliveSeconds);
        server->set_read_timeout(config.readTimeoutSeconds, 0);
        server->set_write_timeout(30, 0);
        server->set_pre_routing_handler([this](const httplib::Request &request, httplib::Response &response) {
            return screen(request, response);
        });
        server->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request &request, httplib::Response &response) {
            if (!response.body.empty() || response.is_chunked_content_provider_)
                return httplib::Server::HandlerResponse::Unhandled;
            ApiError error;
            error.status = response.status;
            switch (response.status) {
            case 404:
                error.message = "There is no " + request.method + " " + request.path + " here.";
                break;
            case 413:
                error.message = "The request body is too large (at most 8 MiB).";
                break;
            case 405:
                error.message = "The method " + request.method + " is not allowed on " + request.path + ".";
                break;
            default:
                error.message = "The request could not be read (HTTP " + std::to_string(response.status) + ").";
            }
            isOllamaPath(request.path) ? sendOllamaError(response, error) : sendOpenAiError(response, error);
            return httplib::Server::HandlerResponse::Handled;
        }));
        server->set_exception_handler([](const httplib::Request &, httplib::Response &response, std::exception_ptr) {
            ApiError error;
            error.status = 500;
            error.type = "server_error";
            error.message = "The server failed to answer this request.";
            sendOpenAiError(response, error);
        });
        server->set_logger([this](const httplib::Request &request, const httplib::Response &response) {
            count(request, response);
        });
        registerOpenAiRoutes(*server, context);
        registerOllamaRoutes(*server, context);
        server->Get("/metrics", [this](const httplib::Request &, httplib::Response &response) {
            response.set_content(metricsText(host, requestCounts()), "text/plain; version=0.0.4; charset=utf-8");
        });
        return server;
    }

    std::map<std::pair<std::string, int>, std::int64_t> requestCounts() const
    {
        std::lock_guard lock(countsMutex);
        return counts;
    }
};

ApiServer::ApiServer(serving::ModelHost &host, ServerConfig config)
    : d(std::make_unique<Impl>(host, std::move(config)))
{
}

ApiServer::~ApiServer()
{
    stop();
}

bool ApiServer::start(std::string *error)
{
    stop();
    if (!isLoopbackHost(d->config.host) && d->config.apiKey.empty()) {
        if (error)
            *error = "Serving the local network needs an API key.";
        return false;
    }
    std::vector<int> ports{d->config.port};
    if (d->config.ollamaPort > 0 && d->config.ollamaPort != d->config.port)
        ports.push_back(d->config.ollamaPort);
    for (const int port : ports) {
        Impl::Listener listener;
        listener.server = d->makeServer();
        if (port == 0) {
            listener.port = listener.server->bind_to_any_port(d->config.host);
        } else if (listener.server->bind_to_port(d->config.host, port)) {
            listener.port = port;
        }
        if (listener.port <= 0) {
            if (error)
                *error = "Cannot listen on " + d->config.host + ":" + std::to_string(port)
                         + ": the port is taken by another program, or the address is not this computer's. Choose another "
                           "port in Settings → Server.";
            stop();
            return false;
        }
        HttpServer *server = listener.server.get();
        server->widenBacklog();
        listener.thread = std::thread([server] { server->listen_after_bind(); });
        d->listeners.push_back(std::move(listener));
    }
    return true;
}

void ApiServer::stop()
{
    for (Impl::Listener &listener : d->listeners)
        listener.server->stop();
    for (Impl::Listener &listener : d->listeners)
        if (listener.thread.joinable())
            listener.thread.join();
    d->listeners.clear();
}

bool ApiServer::running() const
{
    return !d->listeners.empty();
}

int ApiServer::port() const
{
    return d->listeners.empty() ? 0 : d->listeners.front().port;
}

int ApiServer::ollamaPort() const
{
    if (d->config.ollamaPort <= 0)
        return 0;
    return d->listeners.size() > 1 ? d->listeners[1].port : port();
}

std::string ApiServer::address() const
{
    const std::string host = d->config.host == "0.0.0.0" ? "127.0.0.1" : d->config.host;
    return "http://" + host + ":" + std::to_string(port());
}

std::map<std::pair<std::string, int>, std::int64_t> ApiServer::requestCounts() const
{
    return d->requestCounts();
}

} // namespace deskseek::server
