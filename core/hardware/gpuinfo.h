#pragma once

#include <QString>
#include <QtGlobal>

#include <optional>

namespace deskseek::hardware {

// One graphics processor and its state when it was read.
struct GpuInfo
{
    enum class Vendor { Nvidia, Amd, Other };

    Vendor vendor = Vendor::Other;
    int index = 0; // among the GPUs of its vendor (NVML's / the DRM card order)
    QString name;
    qint64 vramTotalBytes = 0;
    qint64 vramUsedBytes = 0;
    qint64 vramFreeBytes = 0;
    std::optional<int> temperatureC;
    std::optional<int> utilizationPercent;
    std::optional<double> powerWatts;
    QString driverVersion;
    QString computeCapability; // "8.9" (NVIDIA)
    QString source;            // "nvml", "sysfs", "dxgi"

    bool operator==(const GpuInfo &) const = default;
};

QString vendorName(GpuInfo::Vendor vendor); // "nvidia", "amd", "other"

} // namespace deskseek::hardware
