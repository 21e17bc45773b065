// deskseek-cli bench: prefill and decode speed, time to first token and peak memory on a model.

#include "cli/cli.h"
#include "cli/modelloading.h"

#include "hardware/memorybandwidth.h"
#include "i18n/datasize.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include "engine/inference/sampler.h"

#include <random>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#include <psapi.h>
#else
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;

namespace deskseek::app {

namespace {

qint64 peakResidentBytes()
{
#ifdef _WIN32
    PROCESS_MEMORY_COUNTERS counters{};
    if (!::GetProcessMemoryInfo(::GetCurrentProcess(), &counters, sizeof counters))
        return 0;
    return static_cast<qint64>(counters.PeakWorkingSetSize);
#else
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<qint64>(usage.ru_maxrss) * 1024; // Linux reports kilobytes
#endif
}

} // namespace

int Cli::runBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Measure how fast a model reads a prompt and writes tokens."));
    parser.addHelpOption();
    const QCommandLineOption promptTokens(u"prompt-tokens"_s, tr("Prompt length in tokens (default: 512)"), tr("n"), u"512"_s);
    const QCommandLineOption genTokens(u"gen-tokens"_s, tr("Tokens to generate (default: 128)"), tr("n"), u"128"_s);
    const QCommandLineOption json(u"json"_s, tr("Print JSON"));
    const QCommandLineOption profile(u"profile"_s, tr("Also show where the time goes"));
    const QCommandLineOption sequences(u"sequences"_s,
                                       tr("Also decode this many sequences together, as the server does (default: 1)"),
                                       tr("n"), u"1"_s);
    parser.addOptions({promptTokens, genTokens, json, profile, sequences});
    ModelLoading loading(m_settings, m_err);
    loading.addOptions(parser);
    parser.addPositionalArgument(u"model"_s, tr("A model folder, a .gguf file or an installed model's name"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    bool promptOk = false, genOk = false, sequencesOk = false;
    const qint64 promptCount = parser.value(promptTokens).toLongLong(&promptOk);
    const qint64 genCount = parser.value(genTokens).toLongLong(&genOk);
    const int sequenceCount = parser.value(sequences).toInt(&sequencesOk);
    if (parser.positionalArguments().size() != 1 || !promptOk || !genOk || !sequencesOk || promptCount < 1 || genCount < 1
        || sequenceCount < 1 || sequenceCount > 64) {
        m_err << tr("Usage: deskseek-cli bench <model> [--prompt-tokens 512] [--gen-tokens 128] [--threads N] [--json]")
              << u"\n"_s;
        return UsageError;
    }
    const QString path = loading.resolve(parser.positionalArguments().first());
    if (path.isEmpty())
        return Failure;
    auto options = loading.options(parser);
    if (!options)
        return UsageError;
    if (!parser.isSet(u"ctx"_s))
        options->contextLength = promptCount + genCount + 1;
    options->profile = parser.isSet(profile);
    options->sequences = sequenceCount;
    QElapsedTimer loadTimer;
    loadTimer.start();
    const auto model = loading.load(path, *options);
    if (!model)
        return Failure;
    const double loadSeconds = static_cast<double>(loadTimer.elapsed()) / 1000.0;

    // A prompt of random ordinary tokens (the same every run); speed does not depend on the ids.
    std::mt19937 random(1234);
    const std::int32_t vocabulary = std::min<std::int32_t>(model->tokenizer()->size(), static_cast<std::int32_t>(model->config().vocabSize));
    std::uniform_int_distribution<std::int32_t> pick(0, vocabulary - 1);
    std::vector<std::int32_t> prompt;
    while (static_cast<qint64>(prompt.size()) < promptCount) {
        const std::int32_t id = pick(random);
        if (!model->tokenizer()->isSpecial(id))
            prompt.push_back(id);
    }
    engine::inference::GenerationOptions generation;
    generation.sampling.temperature = 0.0f;
    generation.maxTokens = genCount;
    generation.stopAtEos = false;
    const auto stats = model->generate(prompt, generation);
    if (!stats) {
        m_err << QString::fromStdString(stats.error().message) << u"\n"_s;
        return Failure;
    }
    // Several sequences decoded together (one step advances all): each slot holds the prompt,
    // then genCount steps, timed from the second.
    double batchedRate = 0.0;
    if (sequenceCount > 1) {
        std::vector<engine::inference::InferenceModel::SlotToken> steps;
        const std::vector<std::int32_t> head(prompt.begin(), prompt.end() - 1);
        for (int slot = 0; slot < sequenceCount; ++slot) {
            model->truncateSlot(slot, slot == 0 ? static_cast<std::int64_t>(head.size()) : 0);
            if (slot > 0 && !model->extendSlot(slot, head)) {
                m_err << tr("The sequences do not fit in the context: give a larger --ctx.") << u"\n"_s;
                return Failure;
            }
            steps.push_back({slot, prompt.back()});
        }
        QElapsedTimer timer;
        for (qint64 i = 0; i < genCount; ++i) {
            if (i == 1)
                timer.start();
            const auto logits = model->decodeStep(steps);
            if (!logits) {
                m_err << QString::fromStdString(logits.error().message) << u"\n"_s;
                return Failure;
            }
            for (std::size_t s = 0; s < steps.size(); ++s)
                steps[s].token = engine::inference::argmax(logits.value()[s]);
        }
        if (genCount > 1)
            batchedRate = double(sequenceCount * (genCount - 1)) / (double(timer.nsecsElapsed()) / 1e9);
    }
    const qint64 peak = peakResidentBytes();
    // The memory-bandwidth bound of decoding on the CPU: read bandwidth ÷ bytes read per token.
    const bool onCpu = QString::fromStdString(model->deviceDescription()).startsWith(u"CPU"_s);
    const double bandwidth = onCpu ? hardware::measureMemoryBandwidthGBs() : 0.0;
    const double perToken = static_cast<double>(model->bytesReadPerToken());
    const double limit = bandwidth > 0 && perToken > 0 ? bandwidth * 1e9 / perToken : 0.0;
    // The type of the bulk of the weights (a layer's MLP), as "Q4_0".
    const auto *mlp = model->files().findTensor("model.layers.0.mlp.up_proj.weight");
    const QString weights = mlp ? QString::fromLatin1(engine::model::dtypeName(mlp->dtype)) : u"?"_s;
    if (parser.isSet(json)) {
        const QJsonObject report{
            {u"model"_s, QFileInfo(path).fileName()},
            {u"weights"_s, weights},
            {u"device"_s, QString::fromStdString(model->deviceDescription())},
            {u"promptTokens"_s, promptCount},
            {u"generatedTokens"_s, static_cast<qint64>(stats->generatedTokens)},
            {u"prefillTokensPerSecond"_s, stats->prefillTokensPerSecond},
            {u"decodeTokensPerSecond"_s, stats->decodeTokensPerSecond},
            {u"timeToFirstTokenSeconds"_s, stats->timeToFirstTokenSeconds},
            {u"loadSeconds"_s, loadSeconds},
            {u"weightBytes"_s, static_cast<qint64>(model->weightBytes())},
            {u"cacheBytes"_s, static_cast<qint64>(model->cacheBytes())},
            {u"peakRssBytes"_s, peak},
            {u"bytesReadPerToken"_s, static_cast<qint64>(model->bytesReadPerToken())},
            {u"bandwidthGBs"_s, bandwidth},
            {u"bandwidthLimitTokensPerSecond"_s, limit},
            {u"sequences"_s, sequenceCount},
            {u"batchedDecodeTokensPerSecond"_s, batchedRate},
        };
        QJsonObject parts;
        for (const auto &[name, seconds] : model->profile())
            parts.insert(QString::fromStdString(name), seconds);
        QJsonObject full = report;
        if (!parts.isEmpty())
            full.insert(u"profile"_s, parts);
        m_out << QJsonDocument(full).toJson(QJsonDocument::Compact) << u"\n"_s;
        return Success;
    }
    m_out << tr("Model:          %1 (%2 weights, %3)").arg(QFileInfo(path).fileName(), weights,
                                                          i18n::formatBytes(static_cast<qint64>(model->weightBytes())))
          << u"\n"_s;
    m_out << tr("Device:         %1").arg(QString::fromStdString(model->deviceDescription())) << u"\n"_s;
    m_out << tr("Prefill:        %1 tokens/s (%2 tokens)").arg(stats->prefillTokensPerSecond, 0, 'f', 2).arg(promptCount) << u"\n"_s;
    m_out << tr("Decode:         %1 tokens/s (%2 tokens)").arg(stats->decodeTokensPerSecond, 0, 'f', 2).arg(stats->generatedTokens)
          << u"\n"_s;
    if (limit > 0)
        m_out << tr("Bandwidth:      %1 GB/s read; %2 per token: at most %3 tokens/s, decode at %4 % of it")
                     .arg(bandwidth, 0, 'f', 1)
                     .arg(i18n::formatBytes(static_cast<qint64>(perToken)))
                     .arg(limit, 0, 'f', 1)
                     .arg(100.0 * stats->decodeTokensPerSecond / limit, 0, 'f', 0)
              << u"\n"_s;
    if (sequenceCount > 1)
        m_out << tr("Decode, %1 sequences together: %2 tokens/s in all (%3 a sequence)")
                     .arg(sequenceCount)
                     .arg(batchedRate, 0, 'f', 2)
                     .arg(batchedRate / sequenceCount, 0, 'f', 2)
              << u"\n"_s;
    m_out << tr("First token:    %1 s").arg(stats->timeToFirstTokenSeconds, 0, 'f', 3) << u"\n"_s;
    m_out << tr("Load:           %1 s").arg(loadSeconds, 0, 'f', 2) << u"\n"_s;
    m_out << tr("Peak memory:    %1 (KV cache %2)").arg(i18n::formatBytes(peak), i18n::formatBytes(static_cast<qint64>(model->cacheBytes())))
          << u"\n"_s;
    for (const auto &[name, seconds] : model->profile())
        m_out << u"  %1 %2 s\n"_s.arg(QString::fromStdString(name).leftJustified(28)).arg(seconds, 0, 'f', 3);
    return Success;
}

} // namespace deskseek::app
