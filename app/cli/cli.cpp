#include "cli/cli.h"

#include "engine/buildinfo.h"
#include "i18n/translations.h"
#include "settings/appsettings.h"
#include "version.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

namespace {
const QString kProgram = u"deskseek-cli"_s;
} // namespace

Cli::Cli(settings::AppSettings &settings, QTextStream &out, QTextStream &err)
    : m_settings(settings)
    , m_out(out)
    , m_err(err)
{
}

QList<Cli::Command> Cli::commands()
{
    return {
        {u"info"_s, tr("Show the versions, compute devices and folders DeskSeek uses"),
         [this](const QStringList &arguments) { return runInfo(arguments); }},
        {u"detect"_s, tr("Show the processor, memory, disk and GPUs that DeskSeek finds"),
         [this](const QStringList &arguments) { return runDetect(arguments); }},
        {u"recommend"_s, tr("Recommend the DeepSeek model and quantization for this computer"),
         [this](const QStringList &arguments) { return runRecommend(arguments); }},
        {u"pull"_s, tr("Download a model from Hugging Face or a mirror and convert it to GGUF"),
         [this](const QStringList &arguments) { return runPull(arguments); }},
        {u"import"_s, tr("Add models already on this computer (Ollama, LM Studio, a folder) where they lie"),
         [this](const QStringList &arguments) { return runImport(arguments); }},
        {u"list"_s, tr("List the installed models"),
         [this](const QStringList &arguments) { return runList(arguments); }},
        {u"rm"_s, tr("Delete an installed model"),
         [this](const QStringList &arguments) { return runRemove(arguments); }},
        {u"run"_s, tr("Chat with a model, or answer one prompt"),
         [this](const QStringList &arguments) { return runRun(arguments); }},
        {u"serve"_s, tr("Run the local API server (OpenAI- and Ollama-compatible) without the desktop app"),
         [this](const QStringList &arguments) { return runServe(arguments); }},
        {u"search"_s, tr("Search the web and print the results and the main text of the top pages"),
         [this](const QStringList &arguments) { return runSearch(arguments); }},
        {u"bench"_s, tr("Measure a model's prompt and generation speed"),
         [this](const QStringList &arguments) { return runBench(arguments); }},
        {u"logits"_s, tr("Print a model's next-token logits after some tokens"),
         [this](const QStringList &arguments) { return runLogits(arguments); }},
        {u"quantize"_s, tr("Convert a Hugging Face model or a GGUF file to GGUF (q4_k_m, q6_k, q8_0, f16 and others)"),
         [this](const QStringList &arguments) { return runQuantize(arguments); }},
        {u"quality"_s, tr("Compare a quantized model's next-token predictions with its original's"),
         [this](const QStringList &arguments) { return runQuality(arguments); }},
        {u"tokenize"_s, tr("Show the token ids of a text for a model's tokenizer"),
         [this](const QStringList &arguments) { return runTokenize(arguments); }},
    };
}

QString Cli::versionText() const
{
    return u"%1 %2\nQt %3\n%4\n"_s.arg(kProgram, QString::fromLatin1(kVersion),
                                        QString::fromLatin1(qVersion()),
                                        QString::fromStdString(
                                            engine::describe(engine::buildInfo())));
}

QString Cli::helpText()
{
    QString text = tr("Usage: %1 [options] <command> [command options]").arg(kProgram) + u"\n\n"_s;
    text += tr("DeskSeek on the command line: DeepSeek models on your own computer.") + u"\n\n"_s;
    text += tr("Options:") + u"\n"_s;
    text += u"  -h, --help     "_s + tr("Show this help") + u"\n"_s;
    text += u"  -v, --version  "_s + tr("Show the versions of DeskSeek, Qt and libtorch")
            + u"\n\n"_s;
    text += tr("Commands:") + u"\n"_s;
    for (const Command &command : commands())
        text += u"  %1  %2\n"_s.arg(command.name.leftJustified(10), command.summary);
    text += u"\n"_s + tr("Run '%1 <command> --help' for the options of a command.").arg(kProgram)
            + u"\n"_s;
    return text;
}

int Cli::run(const QStringList &arguments)
{
    QStringList rest = arguments.mid(1);
    if (rest.isEmpty() || rest.first() == u"-h"_s || rest.first() == u"--help"_s
        || rest.first() == u"help"_s) {
        m_out << helpText();
        return rest.isEmpty() ? UsageError : Success;
    }
    if (rest.first() == u"-v"_s || rest.first() == u"--version"_s) {
        m_out << versionText();
        return Success;
    }
    const QString name = rest.takeFirst();
    for (const Command &command : commands()) {
        if (command.name == name)
            return command.run(QStringList{kProgram + u" "_s + name} + rest);
    }
    m_err << tr("%1: unknown command or option '%2'. Run '%1 --help' for the list of commands.")
                 .arg(kProgram, name)
          << u"\n"_s;
    return UsageError;
}

std::optional<int> Cli::parseArguments(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments)) {
        m_err << parser.errorText() << u"\n"_s;
        return UsageError;
    }
    if (parser.isSet(u"help"_s)) {
        m_out << parser.helpText();
        return Success;
    }
    return std::nullopt;
}

int Cli::runInfo(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Show the versions, compute devices and folders DeskSeek uses"));
    parser.addHelpOption();
    const QCommandLineOption json(u"json"_s, tr("Print JSON instead of text"));
    parser.addOption(json);
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        m_err << tr("%1 info takes no arguments, got '%2'.")
                     .arg(kProgram, parser.positionalArguments().join(u' '))
              << u"\n"_s;
        return UsageError;
    }

    const engine::BuildInfo build = engine::buildInfo();
    const QString modelDirectory = QDir::toNativeSeparators(m_settings.modelDirectory());
    const QString settingsFile = QDir::toNativeSeparators(m_settings.fileName());
    const QString language = i18n::Translations::resolve(m_settings.language());
    if (parser.isSet(json)) {
        const QJsonObject object{
            {u"version"_s, QString::fromLatin1(kVersion)},
            {u"qt"_s, QString::fromLatin1(qVersion())},
            {u"torch"_s, QString::fromStdString(build.torchVersion)},
            {u"cudaCompiled"_s, build.cudaCompiled},
            {u"cudaAvailable"_s, build.torchHasCuda},
            {u"cudaDevices"_s, build.cudaDeviceCount},
            {u"cpuThreads"_s, build.cpuThreads},
            {u"blas"_s, QString::fromStdString(build.blasBackend)},
            {u"blasLibrary"_s, QString::fromStdString(build.blasLibrary)},
            {u"modelDirectory"_s, modelDirectory},
            {u"settingsFile"_s, settingsFile},
            {u"language"_s, language},
        };
        m_out << QJsonDocument(object).toJson(QJsonDocument::Indented);
        return Success;
    }
    const auto yesNo = [](bool value) { return value ? tr("yes") : tr("no"); };
    m_out << tr("DeskSeek:          %1").arg(QString::fromLatin1(kVersion)) << u"\n"_s
          << tr("Qt:                %1").arg(QString::fromLatin1(qVersion())) << u"\n"_s
          << tr("libtorch:          %1").arg(QString::fromStdString(build.torchVersion)) << u"\n"_s
          << tr("CUDA kernels:      %1").arg(yesNo(build.cudaCompiled)) << u"\n"_s
          << tr("CUDA devices:      %1").arg(build.cudaDeviceCount) << u"\n"_s
          << tr("CPU threads:       %1").arg(build.cpuThreads) << u"\n"_s
          << tr("BLAS:              %1").arg(QString::fromStdString(build.blasBackend)) << u"\n"_s
          << tr("Model folder:      %1").arg(modelDirectory) << u"\n"_s
          << tr("Settings file:     %1").arg(settingsFile) << u"\n"_s
          << tr("Language:          %1").arg(language) << u"\n"_s;
    if (engine::isSlowBlas(build)) {
        m_out << u"\n"_s
              << tr("Warning: libtorch uses the reference BLAS (%1), which makes prompt processing "
                    "about 50 times slower. Install OpenBLAS (Debian/Ubuntu: sudo apt install "
                    "libopenblas0-openmp).")
                     .arg(QString::fromStdString(build.blasLibrary))
              << u"\n"_s;
    }
    return Success;
}

} // namespace deskseek::app
