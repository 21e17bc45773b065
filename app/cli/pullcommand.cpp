// deskseek-cli pull: download a model from a hub and quantize it to a GGUF file.

#include "cli/cli.h"
#include "cli/interruptguard.h"
#include "cli/terminal.h"
#include "cli/terminalprogress.h"

#include "catalog/catalog.h"
#include "i18n/datasize.h"
#include "settings/appsettings.h"
#include "engine/gguf/quantscheme.h"
#include "store/installsources.h"
#include "store/modelinstaller.h"

#include <QCommandLineParser>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runPull(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Download a DeepSeek model and convert it to a GGUF file in the model folder."));
    parser.addHelpOption();
    const QCommandLineOption sourceOption(
        u"source"_s,
        tr("Where to download from, tried in order: hf (Hugging Face), hf-mirror, modelscope, or a hub URL; "
           "several separated by commas (default: hf,hf-mirror,modelscope)"),
        tr("source"), u"hf,hf-mirror,modelscope"_s);
    const QCommandLineOption quantOption(u"quant"_s, tr("Weight type: q4_k_m (default), q5_k_m, q6_k, q8_0, q4_0, bf16 and the "
                                                        "others 'deskseek-cli quantize' makes"),
                                         tr("type"), u"q4_k_m"_s);
    const QCommandLineOption localOption(u"no-ready-made"_s,
                                         tr("Download the original model and quantize it here, even where a ready-made "
                                            "GGUF file of the type exists"));
    parser.addOption(localOption);
    const QCommandLineOption noCheckOption(u"no-quality-check"_s,
                                           tr("Skip comparing a model quantized here with the original (done for models "
                                              "up to 8B unless turned off in Settings)"));
    parser.addOption(noCheckOption);
    const QCommandLineOption keepOption(u"keep-source"_s, tr("Keep the downloaded safetensors files"));
    const QCommandLineOption proxyOption(u"proxy"_s, tr("A proxy for the downloads, such as http://127.0.0.1:7890 "
                                                         "(default: the one in Settings, else the system's)"), tr("url"));
    parser.addOption(proxyOption);
    const QCommandLineOption parallelOption(u"parallel"_s, tr("Files downloaded at the same time (default: 3)"), tr("n"), u"3"_s);
    parser.addOption(parallelOption);
    const QCommandLineOption connectionsOption(
        u"connections"_s, tr("Connections one large file is downloaded over at the same time (default: %1, from Settings)")
                              .arg(m_settings.downloadConnections()),
        tr("n"), QString::number(m_settings.downloadConnections()));
    parser.addOption(connectionsOption);
    const QCommandLineOption pieceOption(u"piece-mb"_s, tr("Size of the pieces those connections fetch, in MiB (default: 32)"),
                                         tr("MiB"), u"32"_s);
    parser.addOption(pieceOption);
    parser.addOption(sourceOption);
    parser.addOption(quantOption);
    parser.addOption(keepOption);
    parser.addPositionalArgument(u"model"_s, tr("A catalog name (see 'deskseek-cli recommend') or a repository (owner/name)"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        m_err << tr("Usage: deskseek-cli pull <catalog name | owner/repo> [--source hf|hf-mirror|modelscope|URL[,...]] [--quant q4_k_m]")
              << u"\n"_s;
        return UsageError;
    }
    const auto scheme = engine::gguf::quantSchemeFromName(parser.value(quantOption).toStdString());
    if (!scheme) {
        m_err << tr("Unknown type '%1'. Choose q4_k_m, q5_k_m, q6_k, q8_0, q4_0, bf16 or another type 'deskseek-cli quantize' makes.")
                     .arg(parser.value(quantOption))
              << u"\n"_s;
        return UsageError;
    }
    QList<download::HubSource> hubs;
    for (const QString &name : parser.value(sourceOption).split(u',', Qt::SkipEmptyParts)) {
        const auto hub = download::HubSource::fromName(name.trimmed());
        if (!hub) {
            m_err << tr("Unknown source '%1'. Use hf, hf-mirror, modelscope or a hub URL.").arg(name) << u"\n"_s;
            return UsageError;
        }
        hubs.append(*hub);
    }
    if (hubs.isEmpty()) {
        m_err << tr("Give at least one source.") << u"\n"_s;
        return UsageError;
    }

    // A catalog name (its repository on each hub) or a repository.
    const QString asked = parser.positionalArguments().first();
    store::InstallRequest request;
    request.modelDirectory = m_settings.modelDirectory();
    request.quantization = QString::fromStdString(scheme->name).toLower();
    request.qualityCheck = m_settings.qualityCheckAfterQuantizing() && !parser.isSet(noCheckOption);
    request.keepSource = parser.isSet(keepOption);
    request.token = m_settings.effectiveHuggingFaceToken();
    request.proxy = (parser.isSet(proxyOption) ? parser.value(proxyOption) : m_settings.downloadProxy()).toUtf8();
    bool parallelOk = false;
    request.parallelFiles = parser.value(parallelOption).toInt(&parallelOk);
    if (!parallelOk || request.parallelFiles < 1 || request.parallelFiles > 16) {
        m_err << tr("--parallel must be a number from 1 to 16.") << u"\n"_s;
        return UsageError;
    }
    bool connectionsOk = false;
    request.connectionsPerFile = parser.value(connectionsOption).toInt(&connectionsOk);
    if (!connectionsOk || request.connectionsPerFile < 1 || request.connectionsPerFile > 16) {
        m_err << tr("--connections must be a number from 1 to 16.") << u"\n"_s;
        return UsageError;
    }
    bool pieceOk = false;
    const int pieceMb = parser.value(pieceOption).toInt(&pieceOk);
    if (!pieceOk || pieceMb < 1 || pieceMb > 1024) {
        m_err << tr("--piece-mb must be a number from 1 to 1024.") << u"\n"_s;
        return UsageError;
    }
    request.pieceBytes = qint64(pieceMb) << 20;
    const catalog::Catalog models = catalog::Catalog::load();
    const catalog::ModelVariant *variant = asked.contains(u'/') ? nullptr : models.find(asked);
    if (!asked.contains(u'/') && !variant) {
        m_err << tr("'%1' is not in the catalog. Run 'deskseek-cli recommend' for the names, or give a "
                    "repository such as deepseek-ai/DeepSeek-R1-Distill-Qwen-7B.").arg(asked) << u"\n"_s;
        return UsageError;
    }
    if (variant && !variant->runnable) {
        m_err << tr("%1 cannot run in this version of DeskSeek yet.").arg(variant->name) << u"\n"_s;
        return Failure;
    }
    if (variant) {
        store::addCatalogSources(request, *variant, hubs);
        if (parser.isSet(localOption))
            request.readyMade.clear();
    } else {
        for (const download::HubSource &hub : hubs)
            request.sources.append({hub, asked, {}, {}});
    }
    request.name = variant ? variant->name : asked.section(u'/', -1);
    const QString typeName = QString::fromStdString(scheme->name);
    const QString what = variant ? variant->name : asked;

    if (!request.readyMade.isEmpty())
        m_err << tr("Installing %1 (%2): the ready-made file from %3 ...").arg(what, typeName, request.readyMade.first().publisher)
              << u"\n"_s;
    else
        m_err << tr("Installing %1 (%2) ...").arg(what, typeName) << u"\n"_s;
    TerminalProgress progress(m_err, stderrIsTerminal());
    InterruptGuard interrupt; // Ctrl+C stops; what was downloaded stays for the next pull
    store::InstallProgress::Step shown = store::InstallProgress::Step::Listing;
    QString shownSource;
    const store::InstallResult result = store::ModelInstaller().install(request, [&](const store::InstallProgress &p) {
        if (p.step != shown || p.source != shownSource) {
            progress.finish();
            if (p.step == store::InstallProgress::Step::Downloading)
                m_err << tr("Downloading from %1 (%2) ...").arg(p.source, i18n::formatBytes(p.bytesTotal)) << u"\n"_s;
            else if (p.step == store::InstallProgress::Step::Converting)
                m_err << tr("Converting to %1 ...").arg(typeName) << u"\n"_s;
            else if (p.step == store::InstallProgress::Step::Checking)
                m_err << tr("Checking the quality against the original ...") << u"\n"_s;
            shown = p.step;
            shownSource = p.source;
        }
        if (p.step != store::InstallProgress::Step::Listing)
            progress.update(p.fraction, p.detail);
        return !interrupt.interrupted();
    });
    progress.finish();
    for (const QString &note : result.notes)
        m_err << note << u"\n"_s;
    if (!result.ok()) {
        m_err << result.message << u"\n"_s;
        return Failure;
    }
    if (result.top1Agreement >= 0)
        m_out << tr("Quality check: %1 % of next-token choices match the original (mean KL divergence %2).")
                     .arg(100.0 * result.top1Agreement, 0, 'f', 1)
                     .arg(result.meanKlDivergence, 0, 'g', 3)
              << u"\n"_s;
    if (!result.readyMadeFrom.isEmpty())
        m_out << tr("Installed %1 as %2 (%3, the ready-made file from %4).")
                     .arg(what, result.ggufPath, i18n::formatBytes(result.ggufBytes), result.readyMadeFrom)
              << u"\n"_s;
    else
        m_out << tr("Installed %1 as %2 (%3).").arg(what, result.ggufPath, i18n::formatBytes(result.ggufBytes)) << u"\n"_s;
    return Success;
}

} // namespace deskseek::app
