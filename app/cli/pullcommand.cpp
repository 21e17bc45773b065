// deskseek-cli pull: download a model from a hub and quantize it to a GGUF file.

#include "cli/cli.h"
#include "cli/terminalprogress.h"

#include "catalog/catalog.h"
#include "download/filedownloader.h"
#include "download/hubclient.h"
#include "engine/gguf/ggufconverter.h"
#include "engine/model/modelfiles.h"
#include "i18n/datasize.h"
#include "settings/appsettings.h"
#include "store/modelstore.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStorageInfo>
#include <QTextStream>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace deskseek::app {

int Cli::runPull(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Download a DeepSeek model and convert it to a GGUF file in the model folder."));
    parser.addHelpOption();
    const QCommandLineOption sourceOption(u"source"_s, tr("hf (Hugging Face, default), hf-mirror, or the URL of a "
                                                          "Hugging Face-compatible hub"), tr("source"), u"hf"_s);
    const QCommandLineOption quantOption(u"quant"_s, tr("Weight type: q4_0 (default), q8_0, f16, bf16 or f32"), tr("type"), u"q4_0"_s);
    const QCommandLineOption keepOption(u"keep-source"_s, tr("Keep the downloaded safetensors files"));
    parser.addOption(sourceOption);
    parser.addOption(quantOption);
    parser.addOption(keepOption);
    parser.addPositionalArgument(u"model"_s, tr("A catalog name (r1-distill-qwen-7b) or a repository (deepseek-ai/...)"));
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        m_err << tr("Usage: deskseek-cli pull <catalog name | owner/repo> [--source hf|hf-mirror|URL] [--quant q4_0]") << u"\n"_s;
        return UsageError;
    }
    const auto dtype = engine::model::dtypeFromName(parser.value(quantOption).toStdString());
    if (!dtype || *dtype == engine::model::DType::F8_E4M3) {
        m_err << tr("Unknown type '%1'. Choose q4_0, q8_0, f16, bf16 or f32.").arg(parser.value(quantOption)) << u"\n"_s;
        return UsageError;
    }
    const QString sourceName = parser.value(sourceOption);
    download::HubSource source = download::HubSource::huggingFace();
    QString sourceKey = u"huggingface"_s;
    if (sourceName == u"hf-mirror"_s) {
        source = download::HubSource::hfMirror();
        sourceKey = u"hf-mirror"_s;
    } else if (sourceName.startsWith(u"http://"_s) || sourceName.startsWith(u"https://"_s)) {
        source = download::HubSource::custom(QUrl(sourceName));
    } else if (sourceName != u"hf"_s) {
        m_err << tr("Unknown source '%1'. Use hf, hf-mirror or a hub URL (ModelScope comes in a later version).").arg(sourceName)
              << u"\n"_s;
        return UsageError;
    }

    // A catalog name or a repository.
    QString repo = parser.positionalArguments().first();
    if (!repo.contains(u'/')) {
        const catalog::Catalog models = catalog::Catalog::load();
        const catalog::ModelVariant *variant = models.find(repo);
        if (!variant) {
            m_err << tr("'%1' is not in the catalog. Run 'deskseek-cli recommend' for the names, or give a "
                        "repository such as deepseek-ai/DeepSeek-R1-Distill-Qwen-7B.").arg(repo) << u"\n"_s;
            return UsageError;
        }
        if (!variant->runnable) {
            m_err << tr("%1 cannot run in this version of DeskSeek yet.").arg(variant->name) << u"\n"_s;
            return Failure;
        }
        repo = variant->repos.value(sourceKey, variant->repos.value(u"huggingface"_s));
    }
    const QString name = repo.section(u'/', -1);

    QString error;
    const download::HubClient client(source, qgetenv("HF_TOKEN"));
    const QList<download::HubFile> files = download::selectModelFiles(client.listFiles(repo, &error));
    if (files.isEmpty()) {
        m_err << (error.isEmpty() ? tr("%1 has no safetensors model files.").arg(repo) : error) << u"\n"_s;
        return Failure;
    }
    qint64 total = 0;
    for (const download::HubFile &file : files)
        total += file.size;
    const QDir folder(m_settings.modelDirectory() + u'/' + name);
    QDir().mkpath(folder.path());
    const qint64 free = QStorageInfo(folder.path()).bytesAvailable();
    const qint64 needed = total + total / 2; // the download and, at most, a file half its size
    if (free >= 0 && free < needed) {
        m_err << tr("Not enough disk space in %1: %2 free, about %3 needed. Free some space or choose another "
                    "model folder in Settings.").arg(folder.path(), i18n::formatBytes(free), i18n::formatBytes(needed)) << u"\n"_s;
        return Failure;
    }

    m_err << tr("Downloading %1 from %2 (%3 files, %4) ...").arg(repo, source.endpoint().host()).arg(files.size()).arg(i18n::formatBytes(total)) << u"\n"_s;
    TerminalProgress progress(m_err, ::isatty(STDERR_FILENO));
    const QString sourceFolder = folder.filePath(u"source"_s);
    qint64 done = 0;
    for (const download::HubFile &file : files) {
        download::DownloadRequest request;
        request.url = source.fileUrl(repo, file.path);
        request.target = sourceFolder + u'/' + file.path;
        request.expectedSize = file.size;
        request.sha256 = file.sha256;
        request.bearerToken = qgetenv("HF_TOKEN");
        const download::DownloadResult result = download::FileDownloader().download(request, [&](const download::DownloadProgress &p) {
            progress.update(total > 0 ? double(done + p.received) / double(total) : 1.0, file.path);
            return true;
        });
        if (!result.ok()) {
            progress.finish();
            m_err << tr("Download failed: %1").arg(result.message) << u"\n"_s;
            return Failure;
        }
        done += file.size;
    }
    progress.update(1.0, QString());
    progress.finish();

    const auto model = engine::model::ModelFiles::openFolder(sourceFolder.toStdString());
    if (!model) {
        m_err << tr("The downloaded model cannot be read: %1").arg(QString::fromStdString(model.error().message)) << u"\n"_s;
        return Failure;
    }
    const QString output = folder.filePath(u"%1-%2.gguf"_s.arg(name, QString::fromLatin1(engine::model::dtypeName(*dtype))));
    m_err << tr("Converting to %1 ...").arg(QString::fromLatin1(engine::model::dtypeName(*dtype))) << u"\n"_s;
    const auto summary = engine::gguf::convertToGguf(model.value(), output.toStdString(), *dtype,
                                                     [&](const engine::gguf::ConvertProgress &state) {
                                                         progress.update(state.bytesTotal ? double(state.bytesDone) / double(state.bytesTotal) : 1.0,
                                                                         QString::fromStdString(state.tensorName));
                                                         return true;
                                                     });
    progress.finish();
    if (!summary) {
        m_err << tr("Conversion failed: %1").arg(QString::fromStdString(summary.error().message)) << u"\n"_s;
        return Failure;
    }
    if (!parser.isSet(keepOption))
        QDir(sourceFolder).removeRecursively();
    if (!store::ModelStore(m_settings.modelDirectory()).writeManifest(folder.path(), repo, source.endpoint().toString(),
                                                                       QString::fromLatin1(engine::model::dtypeName(*dtype)), &error))
        m_err << error << u"\n"_s;
    m_out << tr("Installed %1 as %2 (%3).").arg(repo, output, i18n::formatBytes(qint64(summary->outputBytes))) << u"\n"_s;
    return Success;
}

} // namespace deskseek::app
