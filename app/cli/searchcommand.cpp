// deskseek-cli search: a web search as the chat runs it (the provider chain of Settings → Search,
// or one provider), then the top pages read and their main text printed.

#include "cli/cli.h"
#include "cli/interruptguard.h"

#include "settings/appsettings.h"
#include "settings/websearchconfig.h"
#include "tools/searchproviders.h"
#include "tools/websearch.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runSearch(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Search the web and print the results and the main text of the top pages"));
    parser.addHelpOption();
    const QCommandLineOption provider(u"provider"_s, tr("Ask only this provider: %1").arg(tools::providerIds().join(u", "_s)), tr("name"));
    const QCommandLineOption url(u"url"_s, tr("The provider's address (a SearXNG instance)"), tr("url"));
    const QCommandLineOption key(u"key"_s, tr("The provider's API key (Brave, Tavily, Bocha)"), tr("key"));
    const QCommandLineOption fetch(u"fetch"_s, tr("Pages to read in full (default: Settings → Search, 3)"), tr("k"));
    const QCommandLineOption results(u"results"_s, tr("Results to ask for (default: Settings → Search, 5)"), tr("n"));
    const QCommandLineOption json(u"json"_s, tr("Print JSON instead of text"));
    parser.addOptions({provider, url, key, fetch, results, json});
    parser.addPositionalArgument(u"query"_s, tr("What to search for"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    const QString query = parser.positionalArguments().join(u' ').trimmed();
    if (query.isEmpty()) {
        m_err << tr("Usage: deskseek-cli search \"<query>\" [--provider NAME] [--url URL] [--key KEY] [--fetch K] [--json]") << u"\n"_s;
        return UsageError;
    }
    tools::WebSearchConfig config = settings::webSearchConfig(m_settings);
    if (parser.isSet(provider)) {
        const QString id = parser.value(provider).toLower();
        if (!tools::providerIds().contains(id)) {
            m_err << tr("Unknown provider '%1'. Known: %2.").arg(id, tools::providerIds().join(u", "_s)) << u"\n"_s;
            return UsageError;
        }
        config.providers = {id};
        if (!config.keys.contains(id))
            config.keys.insert(id, m_settings.searchKey(id));
        if (parser.isSet(key))
            config.keys.insert(id, parser.value(key));
        if (parser.isSet(url))
            config.endpoints.insert(id, QUrl::fromUserInput(parser.value(url)));
    } else if (parser.isSet(url) || parser.isSet(key)) {
        m_err << tr("--url and --key belong to one provider: name it with --provider.") << u"\n"_s;
        return UsageError;
    }
    const auto count = [&](const QCommandLineOption &option, int low, int high, int *value) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const int number = parser.value(option).toInt(&ok);
        if (!ok || number < low || number > high) {
            m_err << tr("--%1 must be a whole number from %2 to %3.").arg(option.names().first()).arg(low).arg(high) << u"\n"_s;
            return false;
        }
        *value = number;
        return true;
    };
    if (!count(results, 1, 10, &config.results) || !count(fetch, 0, 10, &config.pages.pages))
        return UsageError;

    InterruptGuard interrupt;
    const bool quiet = parser.isSet(json);
    const tools::WebSearch search(config);
    const tools::WebSearchReport report = search.run(query, [&](const tools::SearchStep &step) {
        if (quiet)
            return;
        if (step.kind == tools::SearchStep::Kind::Searching)
            m_err << tr("Searching with %1…").arg(step.provider) << u"\n"_s;
        else
            m_err << tr("Reading %n page(s)…", nullptr, step.pages) << u"\n"_s;
        m_err.flush();
    }, &interrupt.flag());

    if (parser.isSet(json)) {
        QJsonArray attempts;
        for (const tools::SearchAttempt &attempt : report.outcome.attempts)
            attempts.append(QJsonObject{{u"provider"_s, attempt.providerName}, {u"reason"_s, attempt.reason}});
        QJsonObject object{
            {u"query"_s, query},
            {u"provider"_s, report.outcome.providerId},
            {u"attempts"_s, attempts},
            {u"sources"_s, QJsonDocument::fromJson(tools::sourcesToJson(report.sources)).array()},
            {u"searchSeconds"_s, report.searchSeconds},
            {u"fetchSeconds"_s, report.fetchSeconds},
            {u"extractSeconds"_s, report.extractSeconds},
            {u"message"_s, report.outcome.explanation()},
        };
        m_out << QJsonDocument(object).toJson(QJsonDocument::Indented);
        return report.outcome.found() ? Success : Failure;
    }
    if (!report.outcome.found()) {
        m_err << report.outcome.explanation() << u"\n"_s;
        return Failure;
    }
    m_err << report.outcome.explanation() << u"\n"_s;
    for (const tools::WebSource &source : report.sources) {
        m_out << u"[%1] %2\n    %3\n"_s.arg(source.index).arg(source.title, source.url.toString());
        if (!source.siteName.isEmpty() || !source.date.isEmpty())
            m_out << u"    "_s << QStringList{source.siteName, source.date}.join(u" · "_s).trimmed() << u"\n"_s;
        if (!source.snippet.isEmpty())
            m_out << u"    "_s << source.snippet << u"\n"_s;
    }
    for (const tools::WebSource &source : report.sources) {
        if (source.text.isEmpty() && source.note.isEmpty())
            continue;
        m_out << u"\n===== [%1] %2 =====\n"_s.arg(source.index).arg(source.title);
        m_out << (source.text.isEmpty() ? tr("(not read: %1)").arg(source.note) : source.text) << u"\n"_s;
    }
    return Success;
}

} // namespace deskseek::app
