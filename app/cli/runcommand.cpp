// deskseek-cli run: generate text with a model, once (--prompt) or as a chat (--chat), streamed
// to the terminal; the reasoning (<think> ... </think>) is shown dimmed.

#include "cli/cli.h"
#include "cli/interruptguard.h"
#include "cli/modelloading.h"
#include "cli/terminal.h"

#include "settings/websearchconfig.h"
#include "tools/searchprompt.h"
#include "tools/websearch.h"

#include <QCommandLineParser>
#include <QDate>
#include <QElapsedTimer>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace deskseek::engine;

namespace deskseek::app {

namespace {

const QString kDim = u"\x1b[2m"_s;
const QString kNormal = u"\x1b[0m"_s;

// Writes streamed answer text, dimming what lies between <think> and </think> on a terminal.
class AnswerPrinter
{
public:
    AnswerPrinter(QTextStream &out, bool terminal, bool thinking)
        : m_out(out)
        , m_terminal(terminal)
        , m_thinking(thinking)
    {
        if (m_thinking && m_terminal)
            m_out << kDim;
    }

    void print(const std::string &piece)
    {
        QString text = QString::fromStdString(piece);
        while (!text.isEmpty()) {
            const QString tag = m_thinking ? u"</think>"_s : u"<think>"_s;
            const qsizetype at = text.indexOf(tag);
            if (at < 0) {
                m_out << text;
                break;
            }
            m_out << text.left(at + (m_thinking ? tag.size() : 0));
            if (m_terminal)
                m_out << (m_thinking ? kNormal : kDim);
            if (!m_thinking)
                m_out << tag;
            text = text.mid(at + tag.size());
            m_thinking = !m_thinking;
        }
        m_out.flush();
    }

    void finish()
    {
        if (m_thinking && m_terminal)
            m_out << kNormal;
        m_out << u"\n"_s;
        m_out.flush();
    }

private:
    QTextStream &m_out;
    bool m_terminal;
    bool m_thinking;
};

bool endsWith(const std::string &text, const std::string &suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

int Cli::runRun(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Generate text with a model: answer one prompt, or chat."));
    parser.addHelpOption();
    const QCommandLineOption prompt(u"prompt"_s, tr("The prompt to answer"), tr("text"));
    const QCommandLineOption chat(u"chat"_s, tr("Chat: type a message and press Enter; /clear forgets, /exit quits"));
    const QCommandLineOption raw(u"raw"_s, tr("With --prompt: continue the text as it is, without the chat template"));
    const QCommandLineOption system(u"system"_s, tr("A system prompt"), tr("text"));
    const QCommandLineOption maxTokens(u"max-tokens"_s, tr("Most tokens to generate (default: 2048)"), tr("n"), u"2048"_s);
    const QCommandLineOption temperature(u"temperature"_s, tr("Sampling temperature; 0 picks the likeliest token (default: the model's, or 0.6)"), tr("t"));
    const QCommandLineOption topP(u"top-p"_s, tr("Nucleus sampling (default: the model's, or 0.95)"), tr("p"));
    const QCommandLineOption topK(u"top-k"_s, tr("Keep only the k likeliest tokens (default: off)"), tr("k"));
    const QCommandLineOption minP(u"min-p"_s, tr("Drop tokens less likely than this share of the likeliest (default: off)"), tr("p"));
    const QCommandLineOption repeatPenalty(u"repeat-penalty"_s, tr("Penalty for repeated tokens (default: 1, off)"), tr("x"));
    const QCommandLineOption seed(u"seed"_s, tr("Random seed: the same seed gives the same answer"), tr("n"));
    const QCommandLineOption stats(u"stats"_s, tr("Print speed figures after each answer"));
    const QCommandLineOption search(u"search"_s, tr("Search the web first and answer from the sources (Settings → Search), citing them"));
    parser.addOptions({prompt, chat, raw, system, maxTokens, temperature, topP, topK, minP, repeatPenalty, seed, stats, search});
    ModelLoading loading(m_settings, m_err);
    loading.addOptions(parser);
    parser.addPositionalArgument(u"model"_s, tr("A model folder, a .gguf file or an installed model's name"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1 || parser.isSet(prompt) == parser.isSet(chat)) {
        m_err << tr("Usage: deskseek-cli run <model> (--prompt TEXT | --chat) [--search] [--max-tokens N] [--temperature T] "
                    "[--top-p P] [--seed S] [--threads N] [--device cpu|cuda] [--gpu-layers N] [--ctx N]")
              << u"\n"_s;
        return UsageError;
    }
    if (parser.isSet(search) && parser.isSet(raw)) {
        m_err << tr("--search answers through the chat template; it cannot be used with --raw.") << u"\n"_s;
        return UsageError;
    }
    inference::GenerationOptions generation;
    bool ok = true;
    generation.maxTokens = parser.value(maxTokens).toLongLong(&ok);
    const auto number = [&](const QCommandLineOption &option, float low, float high) -> std::optional<float> {
        if (!parser.isSet(option))
            return std::nullopt;
        bool valid = false;
        const float value = parser.value(option).toFloat(&valid);
        if (!valid || value < low || value > high) {
            m_err << tr("--%1 must be a number from %2 to %3.").arg(option.names().first()).arg(low).arg(high) << u"\n"_s;
            ok = false;
        }
        return value;
    };
    const auto temperatureValue = number(temperature, 0.0f, 100.0f);
    const auto topPValue = number(topP, 0.0f, 1.0f);
    const auto topKValue = number(topK, 0.0f, 1e9f);
    const auto minPValue = number(minP, 0.0f, 1.0f);
    const auto penaltyValue = number(repeatPenalty, 0.01f, 100.0f);
    if (parser.isSet(seed)) {
        bool valid = false;
        generation.sampling.seed = parser.value(seed).toULongLong(&valid);
        if (!valid) {
            m_err << tr("--seed must be a whole number of 0 or more.") << u"\n"_s;
            ok = false;
        }
    }
    if (!ok)
        return UsageError;
    const QString path = loading.resolve(parser.positionalArguments().first());
    if (path.isEmpty())
        return Failure;
    const auto loadOptions = loading.options(parser);
    if (!loadOptions)
        return UsageError;
    const auto model = loading.load(path, *loadOptions);
    if (!model)
        return Failure;

    // Sampling: what the command line says, else the model's generation_config.json, else R1's
    // recommended settings.
    const model::GenerationConfig &defaults = model->files().generation;
    generation.sampling.temperature = temperatureValue.value_or(static_cast<float>(defaults.temperature.value_or(0.6)));
    generation.sampling.topP = topPValue.value_or(static_cast<float>(defaults.topP.value_or(0.95)));
    generation.sampling.topK = static_cast<std::int32_t>(topKValue.value_or(static_cast<float>(defaults.topK.value_or(0))));
    generation.sampling.minP = minPValue.value_or(0.0f);
    generation.sampling.repetitionPenalty = penaltyValue.value_or(static_cast<float>(defaults.repetitionPenalty.value_or(1.0)));
    generation.overflow = inference::ContextOverflow::Error;

    const bool terminal = stdoutIsTerminal();
    const tokenizer::ChatTemplate &chatTemplate = model->chatTemplate();
    std::vector<tokenizer::ChatMessage> messages;
    if (parser.isSet(system))
        messages.push_back({tokenizer::ChatMessage::Role::System, parser.value(system).toStdString()});

    const auto countTokens = [&](const QString &text) {
        const auto ids = model->tokenizer()->encode(text.toStdString());
        return ids ? int(ids.value().size()) : tools::SearchPrompt::estimateTokens(text);
    };
    // With --search: the last question becomes DeepSeek-R1's search prompt, its sources cut to
    // what the context leaves; the sources are listed after the answer.
    QList<tools::WebSource> sources;
    QString searchStats; // with --stats: the search's share of the time to the first token
    const auto searchFirst = [&](std::vector<tokenizer::ChatMessage> &turns, const std::atomic<bool> *cancel) {
        sources.clear();
        const QString question = QString::fromStdString(turns.back().content);
        const tools::WebSearch webSearch(settings::webSearchConfig(m_settings));
        const tools::WebSearchReport report = webSearch.run(question.simplified().left(256), [&](const tools::SearchStep &step) {
            m_err << (step.kind == tools::SearchStep::Kind::Searching ? tr("Searching with %1…").arg(step.provider)
                                                                       : tr("Reading %n page(s)…", nullptr, step.pages))
                  << u"\n"_s;
            m_err.flush();
        }, cancel);
        m_err << report.outcome.explanation() << u"\n"_s;
        searchStats = tr("search %1 s, fetch %2 s, extract %3 s (%4 KB at %5 MB/s)")
                          .arg(report.searchSeconds, 0, 'f', 3)
                          .arg(report.fetchSeconds, 0, 'f', 3)
                          .arg(report.extractSeconds, 0, 'f', 4)
                          .arg(report.extractedBytes / 1000.0, 0, 'f', 1)
                          .arg(report.extractSeconds > 0 ? report.extractedBytes / report.extractSeconds / 1e6 : 0.0, 0, 'f', 1);
        if (!report.outcome.found() || report.cancelled) {
            if (!report.cancelled)
                m_err << tr("The answer is written without search.") << u"\n"_s;
            return;
        }
        sources = report.sources;
        int others = 0;
        for (size_t i = 0; i + 1 < turns.size(); ++i)
            others += countTokens(QString::fromStdString(turns[i].content)) + 8;
        const int budget = tools::SearchPrompt::sourceBudget(int(model->contextLength()), others, generation.maxTokens, question,
                                                             countTokens);
        const auto built = tools::SearchPrompt::build(question, sources, QDate::currentDate(), budget, countTokens);
        if (built.shortenedSources + built.droppedSources > 0)
            m_err << tr("%n source(s) shortened to fit the context.", nullptr, built.shortenedSources + built.droppedSources) << u"\n"_s;
        turns.back().content = built.text.toStdString();
    };
    const auto printSources = [&] {
        if (sources.isEmpty())
            return;
        m_out << u"\n"_s << tr("Sources:") << u"\n"_s;
        for (const tools::WebSource &source : std::as_const(sources))
            m_out << u"[%1] %2 %3\n"_s.arg(source.index).arg(source.title, source.url.toString());
        m_out.flush();
    };

    const auto answer = [&](const std::string &text, bool useTemplate) -> std::optional<std::string> {
        // While an answer streams, Ctrl+C stops it (the chat goes on); at the prompt it quits.
        InterruptGuard interrupt;
        generation.cancel = &interrupt.flag();
        std::vector<tokenizer::ChatMessage> turns = messages;
        QElapsedTimer sent; // from "Send": the search, the prompt and its prefill until the first token
        sent.start();
        double firstToken = -1.0;
        if (parser.isSet(search) && useTemplate)
            searchFirst(turns, &interrupt.flag());
        if (interrupt.flag().load())
            return std::nullopt;
        const std::string promptText = useTemplate ? chatTemplate.render(turns, true) : text;
        const auto ids = model->tokenizer()->encode(promptText);
        if (!ids) {
            m_err << QString::fromStdString(ids.error().message) << u"\n"_s;
            return std::nullopt;
        }
        AnswerPrinter printer(m_out, terminal, useTemplate && endsWith(promptText, "<think>\n"));
        const auto result = model->generate(ids.value(), generation,
                                            [&](const inference::GenerationEvent &event) {
                                                if (firstToken < 0)
                                                    firstToken = sent.nsecsElapsed() / 1e9;
                                                printer.print(event.text);
                                            });
        printer.finish();
        printSources();
        if (!result) {
            m_err << QString::fromStdString(result.error().message) << u"\n"_s;
            return std::nullopt;
        }
        if (result->finish == inference::FinishReason::ContextFull)
            m_err << tr("[The context is full (%1 tokens). Start again with /clear or a larger --ctx.]").arg(model->contextLength())
                  << u"\n"_s;
        else if (result->finish == inference::FinishReason::Cancelled)
            m_err << tr("[Stopped.]") << u"\n"_s;
        if (parser.isSet(stats))
            m_err << tr("[%1 tokens, %2 tokens/s; prompt %3 tokens at %4 tokens/s; first token after %5 s]")
                         .arg(result->generatedTokens)
                         .arg(result->decodeTokensPerSecond, 0, 'f', 2)
                         .arg(result->promptTokens)
                         .arg(result->prefillTokensPerSecond, 0, 'f', 1)
                         .arg(result->timeToFirstTokenSeconds, 0, 'f', 2)
                  << u"\n"_s;
        if (parser.isSet(stats) && parser.isSet(search))
            m_err << tr("[Web search: %1; from sending to the first token %2 s]").arg(searchStats).arg(firstToken, 0, 'f', 3)
                  << u"\n"_s;
        return result->text;
    };

    if (parser.isSet(prompt)) {
        const std::string text = parser.value(prompt).toStdString();
        if (!parser.isSet(raw))
            messages.push_back({tokenizer::ChatMessage::Role::User, text});
        return answer(text, !parser.isSet(raw)) ? Success : Failure;
    }

    QTextStream input(stdin);
    m_err << tr("Chatting with %1. Type a message and press Enter; /clear starts over, /exit or Ctrl+D quits.")
                 .arg(QString::fromStdString(model->files().name))
          << u"\n"_s;
    for (;;) {
        if (terminal)
            m_out << u"> "_s;
        m_out.flush();
        const QString line = input.readLine();
        if (line.isNull() || line.trimmed() == u"/exit"_s)
            break;
        if (line.trimmed().isEmpty())
            continue;
        if (line.trimmed() == u"/clear"_s) {
            messages.erase(std::remove_if(messages.begin(), messages.end(),
                                          [](const auto &m) { return m.role != tokenizer::ChatMessage::Role::System; }),
                           messages.end());
            m_err << tr("[Conversation cleared.]") << u"\n"_s;
            continue;
        }
        messages.push_back({tokenizer::ChatMessage::Role::User, line.toStdString()});
        const auto reply = answer({}, true);
        if (!reply) {
            messages.pop_back();
            continue;
        }
        messages.push_back({tokenizer::ChatMessage::Role::Assistant, *reply});
    }
    return Success;
}

} // namespace deskseek::app
