#include "server/metricstext.h"

#include "serving/modelhost.h"

#include <cstdio>
#include <sstream>

namespace deskseek::server {

namespace {

std::string escape(const std::string &value)
{
    std::string out;
    for (const char c : value) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string number(double value)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

void header(std::ostringstream &out, const char *name, const char *type, const char *help)
{
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

} // namespace

std::string metricsText(serving::ModelHost &host, const std::map<std::pair<std::string, int>, std::int64_t> &requests)
{
    const serving::ServingMetrics::Snapshot stats = host.metrics().snapshot();
    const char *sources[] = {"chat", "api"};
    std::ostringstream out;
    header(out, "deskseek_requests_total", "counter", "HTTP requests answered, by route and status.");
    for (const auto &[key, count] : requests)
        out << "deskseek_requests_total{route=\"" << escape(key.first) << "\",status=\"" << key.second << "\"} " << count
            << '\n';
    header(out, "deskseek_prompt_tokens_total", "counter", "Prompt tokens evaluated (not counting reused cache), by source.");
    for (int i = 0; i < 2; ++i)
        out << "deskseek_prompt_tokens_total{source=\"" << sources[i] << "\"} " << stats.promptTokens[i] << '\n';
    header(out, "deskseek_generated_tokens_total", "counter", "Tokens generated, by source.");
    for (int i = 0; i < 2; ++i)
        out << "deskseek_generated_tokens_total{source=\"" << sources[i] << "\"} " << stats.generatedTokens[i] << '\n';
    header(out, "deskseek_generations_total", "counter", "Generations finished, by source.");
    for (int i = 0; i < 2; ++i)
        out << "deskseek_generations_total{source=\"" << sources[i] << "\"} " << stats.finishedJobs[i] << '\n';
    header(out, "deskseek_tokens_per_second", "gauge", "Tokens generated per second over the last few seconds, by source.");
    for (int i = 0; i < 2; ++i)
        out << "deskseek_tokens_per_second{source=\"" << sources[i] << "\"} " << number(stats.recentTokensPerSecond[i]) << '\n';
    header(out, "deskseek_queue_depth", "gauge", "Generations waiting for a slot.");
    out << "deskseek_queue_depth " << host.queuedJobs() << '\n';
    header(out, "deskseek_running_sequences", "gauge", "Generations running (holding a KV-cache slot).");
    out << "deskseek_running_sequences " << host.runningJobs() << '\n';

    header(out, "deskseek_time_to_first_token_seconds", "histogram", "From a generation's submission to its first token.");
    const auto &bounds = serving::ServingMetrics::timeToFirstTokenBuckets();
    for (std::size_t i = 0; i < bounds.size(); ++i)
        out << "deskseek_time_to_first_token_seconds_bucket{le=\"" << number(bounds[i]) << "\"} " << stats.ttftBuckets[i] << '\n';
    out << "deskseek_time_to_first_token_seconds_bucket{le=\"+Inf\"} " << stats.ttftBuckets.back() << '\n';
    out << "deskseek_time_to_first_token_seconds_sum " << number(stats.ttftSum) << '\n';
    out << "deskseek_time_to_first_token_seconds_count " << stats.ttftCount << '\n';

    const auto loaded = host.loaded();
    header(out, "deskseek_model_loaded", "gauge", "1 for each loaded model.");
    for (const auto &model : loaded)
        out << "deskseek_model_loaded{model=\"" << escape(model.name.toStdString()) << "\"} 1\n";
    header(out, "deskseek_model_memory_bytes", "gauge", "Memory of each loaded model: weights and KV cache (allocated).");
    for (const auto &model : loaded) {
        const std::string name = escape(model.name.toStdString());
        out << "deskseek_model_memory_bytes{model=\"" << name << "\",kind=\"weights\"} " << model.weightBytes << '\n';
        out << "deskseek_model_memory_bytes{model=\"" << name << "\",kind=\"kv_cache\"} " << model.cacheBytes << '\n';
    }
    header(out, "deskseek_model_loading", "gauge", "1 while a model loads.");
    out << "deskseek_model_loading " << (host.loadingModel().isEmpty() ? 0 : 1) << '\n';
    return out.str();
}

} // namespace deskseek::server
