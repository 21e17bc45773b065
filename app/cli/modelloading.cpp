#include "cli/modelloading.h"

#include "cli/terminal.h"
#include "cli/terminalprogress.h"
#include "hardware/hardwaredetector.h"
#include "settings/appsettings.h"
#include "store/modelstore.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

ModelLoading::ModelLoading(settings::AppSettings &settings, QTextStream &err)
    : m_settings(settings)
    , m_err(err)
    , m_threads(u"threads"_s, tr("CPU threads (default: all cores)"), tr("n"))
    , m_device(u"device"_s, tr("Where to run: cpu or cuda (default: cpu)"), tr("device"), u"cpu"_s)
    , m_gpuLayers(u"gpu-layers"_s, tr("Layers on the GPU with --device cuda (default: as many as fit)"), tr("n"))
    , m_context(u"ctx"_s, tr("Context length in tokens (default: 4096)"), tr("n"), u"4096"_s)
    , m_experts(u"experts"_s,
                tr("With --device cuda, where a mixture of experts' routed experts run: cpu or gpu (default: cpu when the "
                   "GPU cannot hold them)"),
                tr("where"))
{
}

void ModelLoading::addOptions(QCommandLineParser &parser) const
{
    parser.addOption(m_threads);
    parser.addOption(m_device);
    parser.addOption(m_gpuLayers);
    parser.addOption(m_context);
    parser.addOption(m_experts);
}

std::optional<engine::inference::LoadOptions> ModelLoading::options(const QCommandLineParser &parser) const
{
    engine::inference::LoadOptions options;
    bool ok = true;
    if (parser.isSet(m_threads)) {
        options.threads = parser.value(m_threads).toInt(&ok);
        if (!ok || options.threads < 1 || options.threads > 1024) {
            m_err << tr("--threads must be a number from 1 to 1024.") << u"\n"_s;
            return std::nullopt;
        }
    }
    options.contextLength = parser.value(m_context).toLongLong(&ok);
    if (!ok || options.contextLength < 16 || options.contextLength > (1 << 20)) {
        m_err << tr("--ctx must be a number of tokens from 16 to 1048576.") << u"\n"_s;
        return std::nullopt;
    }
    const QString device = parser.value(m_device).toLower();
    if (device == u"cuda"_s || device == u"gpu"_s) {
        options.device = engine::inference::Device::Cuda;
    } else if (device != u"cpu"_s) {
        m_err << tr("--device must be cpu or cuda.") << u"\n"_s;
        return std::nullopt;
    }
    if (parser.isSet(m_experts)) {
        const QString where = parser.value(m_experts).toLower();
        if (where != u"cpu"_s && where != u"gpu"_s) {
            m_err << tr("--experts must be cpu or gpu.") << u"\n"_s;
            return std::nullopt;
        }
        options.routedExpertsOnCpu = where == u"cpu"_s ? 1 : 0;
    }
    if (parser.isSet(m_gpuLayers)) {
        options.gpuLayers = parser.value(m_gpuLayers).toLongLong(&ok);
        if (!ok || options.gpuLayers < 0) {
            m_err << tr("--gpu-layers must be 0 or more.") << u"\n"_s;
            return std::nullopt;
        }
    } else if (options.device == engine::inference::Device::Cuda) {
        // As many layers as the free memory of the first NVIDIA GPU holds (the engine decides).
        hardware::HardwareDetector detector;
        for (const hardware::GpuInfo &gpu : detector.sampleGpus())
            if (gpu.vendor == hardware::GpuInfo::Vendor::Nvidia) {
                options.freeGpuBytes = static_cast<std::uint64_t>(std::max<qint64>(0, gpu.vramFreeBytes));
                break;
            }
    }
    return options;
}

QString ModelLoading::resolve(const QString &model) const
{
    if (QFileInfo::exists(model))
        return model;
    for (const store::InstalledModel &installed : store::ModelStore(m_settings.modelDirectory()).scan())
        if (installed.name.compare(model, Qt::CaseInsensitive) == 0)
            return installed.ggufPath;
    m_err << tr("No model '%1': give a model folder, a .gguf file, or the name of an installed model "
                "(see 'deskseek-cli list').")
                 .arg(model)
          << u"\n"_s;
    return {};
}

std::unique_ptr<engine::inference::InferenceModel> ModelLoading::load(const QString &path,
                                                                      engine::inference::LoadOptions options) const
{
    TerminalProgress progress(m_err, stderrIsTerminal());
    options.progress = [&](double fraction) {
        progress.update(fraction, tr("Loading %1").arg(QFileInfo(path).fileName()));
        return true;
    };
    auto model = engine::inference::InferenceModel::load(path.toStdString(), options);
    progress.finish();
    if (!model) {
        m_err << tr("Cannot load the model: %1").arg(QString::fromStdString(model.error().message)) << u"\n"_s;
        return nullptr;
    }
    return std::move(model).value();
}

} // namespace deskseek::app
