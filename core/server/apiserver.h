#pragma once

#include "server/serverconfig.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace deskseek::serving {
class ModelHost;
}

namespace deskseek::server {

// The local HTTP API (OpenAI- and Ollama-compatible, plus /metrics) on cpp-httplib, on threads
// of its own. Every generation goes through the ModelHost, beside the chat. It binds 127.0.0.1
// unless the configuration says otherwise; then it requires the API key. Requests are bounded
// (body, headers, time), browsers' origins are checked (CORS), and a request with another Host
// than this machine's is refused while serving loopback only (DNS rebinding).
class ApiServer
{
public:
    ApiServer(serving::ModelHost &host, ServerConfig config);
    ~ApiServer(); // stops

    ApiServer(const ApiServer &) = delete;
    ApiServer &operator=(const ApiServer &) = delete;

    // Binds the port(s) and starts answering; false with a message for people when a port is
    // taken or the address is invalid (nothing is left listening then).
    bool start(std::string *error);
    // Stops listening; running streams are cancelled.
    void stop();
    bool running() const;

    int port() const;       // the bound port (after start; the configured port may be 0)
    int ollamaPort() const; // 0: not listening there
    std::string address() const; // "http://127.0.0.1:11435"

    // Requests answered, by route ("/v1/chat/completions", "other") and HTTP status.
    std::map<std::pair<std::string, int>, std::int64_t> requestCounts() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace deskseek::server
