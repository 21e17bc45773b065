#pragma once

#include "tools/websearch.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace deskseek::server {

// How the local API server listens and whom it answers.
struct ServerConfig
{
    std::string host = "127.0.0.1"; // "0.0.0.0": the local network too (then an API key is required)
    int port = 11435;               // OpenAI and Ollama APIs both; 0: any free port
    int ollamaPort = 0;             // also answer on this port (Ollama's 11434); 0: off
    std::string apiKey;             // required as "Authorization: Bearer" or "x-api-key" when set
    std::vector<std::string> corsOrigins; // allowed besides localhost, app://, file://, tauri:// ("*": any)
    std::size_t maxBodyBytes = 8u << 20;
    int keepAliveSeconds = 5;       // an idle connection is closed after this
    int readTimeoutSeconds = 30;    // a request's headers and body must arrive within this
    int threads = 0;                // connections served at once; 0: room for every slot and the queue
    // Where a chat completion with web_search_options gets its providers (Settings → Search);
    // none: such requests are answered without search.
    std::function<tools::WebSearchConfig()> webSearch;
};

// Whether a host name means this machine only (127.0.0.0/8, ::1, localhost).
bool isLoopbackHost(const std::string &host);

} // namespace deskseek::server
