#pragma once

#include "hardware/hardwarereport.h"
#include "hardware/systempaths.h"

#include <memory>

namespace deskseek::hardware {

// Looks at the machine: CPU, memory, the model folder's disk, NVIDIA GPUs (NVML) and AMD GPUs
// (sysfs). No GPU, or a driver that fails, gives a CPU-only report, never an error. Keeps NVML
// loaded so that it can be asked again (for telemetry).
class HardwareDetector
{
public:
    explicit HardwareDetector(SystemPaths paths = SystemPaths::fromEnvironment());
    ~HardwareDetector();

    HardwareReport detect(const QString &modelFolder);
    // The GPUs' current state only (cheaper than detect()).
    QList<GpuInfo> sampleGpus();
    const SystemPaths &paths() const { return m_paths; }

private:
    SystemPaths m_paths;
    std::unique_ptr<NvmlLibrary> m_nvml;
};

} // namespace deskseek::hardware
