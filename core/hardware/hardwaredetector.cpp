#include "hardware/hardwaredetector.h"

#include "hardware/amdgpus.h"
#include "hardware/dxgiadapters.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

HardwareDetector::HardwareDetector(SystemPaths paths)
    : m_paths(std::move(paths))
    , m_nvml(std::make_unique<NvmlLibrary>(m_paths.nvmlLibrary))
{
}

HardwareDetector::~HardwareDetector() = default;

QList<GpuInfo> HardwareDetector::sampleGpus()
{
    QList<GpuInfo> gpus = m_nvml->gpus();
#ifdef Q_OS_LINUX
    gpus += detectAmdGpus(m_paths);
#elif defined(Q_OS_WIN)
    // DXGI for what NVML does not cover: other vendors, or NVIDIA when NVML is absent.
    for (const GpuInfo &adapter : detectDxgiAdapters()) {
        if (adapter.vendor != GpuInfo::Vendor::Nvidia || m_nvml->status() != NvmlLibrary::Status::Ok)
            gpus.append(adapter);
    }
#endif
    return gpus;
}

HardwareReport HardwareDetector::detect(const QString &modelFolder)
{
    HardwareReport report;
    report.cpu = CpuInfo::detect(m_paths);
    report.memory = MemoryInfo::detect(m_paths);
    report.modelFolder = QDir::toNativeSeparators(modelFolder);
    // The folder may not exist yet: its nearest existing parent is on the same drive.
    QString existing = QDir(modelFolder).absolutePath();
    while (!QFileInfo::exists(existing)) {
        const QString parent = QFileInfo(existing).absolutePath();
        if (parent == existing)
            break;
        existing = parent;
    }
    const QStorageInfo storage(existing);
    if (storage.isValid())
        report.diskFreeBytes = storage.bytesAvailable();
    report.nvmlStatus = m_nvml->status();
    report.nvmlMessage = m_nvml->message();
    report.gpus = sampleGpus();
    return report;
}

} // namespace deskseek::hardware
