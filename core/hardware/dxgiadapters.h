#pragma once

#include "hardware/gpuinfo.h"

#include <QList>

namespace deskseek::hardware {

// Windows: the graphics adapters DXGI reports (vendor, name, dedicated video memory), for the
// GPUs NVML does not cover (AMD, Intel, or NVIDIA without a working NVML). Empty elsewhere.
QList<GpuInfo> detectDxgiAdapters();

} // namespace deskseek::hardware
