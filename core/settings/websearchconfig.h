#pragma once

#include "tools/websearch.h"

namespace deskseek::settings {

class AppSettings;

// What a web search is to do, from Settings → Search: the providers in their order with their
// keys and SearXNG's address, the numbers of results and pages, and the proxy.
tools::WebSearchConfig webSearchConfig(const AppSettings &settings);

} // namespace deskseek::settings
