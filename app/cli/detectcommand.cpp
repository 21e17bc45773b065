// deskseek-cli detect: what hardware DeskSeek finds.

#include "cli/cli.h"

#include "hardware/hardwaredetector.h"
#include "i18n/datasize.h"
#include "settings/appsettings.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace deskseek::app {

namespace {
QString bytesText(qint64 bytes)
{
    return bytes < 0 ? Cli::tr("unknown") : i18n::formatBytes(bytes);
}
} // namespace

int Cli::runDetect(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Show the processor, memory, disk and GPUs that DeskSeek finds."));
    parser.addHelpOption();
    const QCommandLineOption json(u"json"_s, tr("Print JSON instead of text"));
    parser.addOption(json);
    if (const auto exit = parseArguments(parser, arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        m_err << tr("deskseek-cli detect takes no arguments.") << u"\n"_s;
        return UsageError;
    }
    hardware::HardwareDetector detector;
    const hardware::HardwareReport report = detector.detect(m_settings.modelDirectory());
    if (parser.isSet(json)) {
        m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
        return Success;
    }
    const auto yesNo = [](bool value) { return value ? tr("yes") : tr("no"); };
    m_out << tr("Processor:         %1").arg(report.cpu.model) << u"\n"_s
          << tr("Cores / threads:   %1 / %2").arg(report.cpu.cores).arg(report.cpu.threads) << u"\n"_s
          << tr("AVX2 / FMA / AVX-512: %1 / %2 / %3")
                 .arg(yesNo(report.cpu.avx2), yesNo(report.cpu.fma), yesNo(report.cpu.avx512))
          << u"\n"_s
          << tr("Memory:            %1 (%2 available)")
                 .arg(bytesText(report.memory.totalBytes), bytesText(report.memory.availableBytes))
          << u"\n"_s
          << tr("Model folder:      %1 (%2 free)").arg(report.modelFolder, bytesText(report.diskFreeBytes))
          << u"\n"_s;
    if (report.cpuOnly()) {
        m_out << tr("GPUs:              none found; models run on the CPU") << u"\n"_s;
    }
    for (const hardware::GpuInfo &gpu : report.gpus) {
        QString line = tr("GPU %1:             %2, %3 VRAM (%4 free)")
                           .arg(gpu.index)
                           .arg(gpu.name, bytesText(gpu.vramTotalBytes), bytesText(gpu.vramFreeBytes));
        if (gpu.temperatureC)
            line += u", "_s + tr("%1 °C").arg(*gpu.temperatureC);
        if (!gpu.computeCapability.isEmpty())
            line += u", "_s + tr("compute capability %1").arg(gpu.computeCapability);
        m_out << line << u"\n"_s;
    }
    if (report.nvmlStatus == hardware::NvmlLibrary::Status::Failed)
        m_out << tr("NVIDIA driver:     %1").arg(report.nvmlMessage) << u"\n"_s;
    return Success;
}

} // namespace deskseek::app
