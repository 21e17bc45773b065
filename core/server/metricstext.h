#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace deskseek::serving {
class ModelHost;
}

namespace deskseek::server {

// GET /metrics in Prometheus's text format (0.0.4): requests by route and status, prompt and
// generated tokens by source, queue depth, running sequences, the recent generation rate, the
// time-to-first-token histogram, and each loaded model with its memory.
std::string metricsText(serving::ModelHost &host, const std::map<std::pair<std::string, int>, std::int64_t> &requests);

} // namespace deskseek::server
