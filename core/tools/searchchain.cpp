#include "tools/searchchain.h"

#include <QCoreApplication>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace deskseek::tools {

QString SearchOutcome::explanation() const
{
    if (cancelled)
        return QCoreApplication::translate("deskseek::tools::SearchOutcome", "The search was cancelled.");
    QStringList failures;
    for (const SearchAttempt &attempt : attempts)
        failures << attempt.reason;
    if (found()) {
        const QString answered = QCoreApplication::translate("deskseek::tools::SearchOutcome",
            "Searched with %1.").arg(providerName);
        return failures.isEmpty() ? answered : answered + u' ' + failures.join(u' ');
    }
    if (failures.isEmpty())
        return QCoreApplication::translate("deskseek::tools::SearchOutcome",
                                           "No search provider is enabled. Turn one on in Settings → Search.");
    return QCoreApplication::translate("deskseek::tools::SearchOutcome",
        "No search provider answered: %1").arg(failures.join(u' '));
}

SearchChain::SearchChain(std::vector<std::unique_ptr<SearchProvider>> providers, FetchOptions options, int timeoutMs)
    : m_providers(std::move(providers))
    , m_options(std::move(options))
    , m_timeoutMs(timeoutMs)
{
}

SearchOutcome SearchChain::search(const QString &query, int count, const std::function<void(const SearchProvider &)> &onTry,
                                  const std::atomic<bool> *cancel) const
{
    SearchOutcome outcome;
    for (const auto &provider : m_providers) {
        if (cancel && cancel->load()) {
            outcome.cancelled = true;
            return outcome;
        }
        if (!provider->configured())
            continue;
        if (onTry)
            onTry(*provider);
        HttpRequest request = provider->request(query, count);
        request.timeoutMs = m_timeoutMs;
        request.maxBytes = 4 << 20; // a result page is well under this; a 50 MiB answer is cut here
        const HttpResponse response = fetchOne(request, m_options, cancel);
        if (response.failure == HttpResponse::Failure::Cancelled) {
            outcome.cancelled = true;
            return outcome;
        }
        ProviderAnswer answer = provider->read(response);
        if (answer.status == ProviderAnswer::Status::Ok && !answer.results.isEmpty()) {
            outcome.providerId = provider->id();
            outcome.providerName = provider->displayName();
            outcome.results = answer.results.mid(0, count);
            return outcome;
        }
        if (answer.status == ProviderAnswer::Status::Ok)
            answer.reason = QCoreApplication::translate("deskseek::tools::SearchProvider",
                "%1 found nothing.").arg(provider->displayName());
        else if (answer.status == ProviderAnswer::Status::Failed && response.failure != HttpResponse::Failure::None)
            answer.reason = u"%1: %2"_s.arg(provider->displayName(), answer.reason);
        outcome.attempts.append({provider->displayName(), answer.status, answer.reason});
    }
    return outcome;
}

} // namespace deskseek::tools
