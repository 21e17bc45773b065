#pragma once

#include "hardware/gpuinfo.h"
#include "hardware/systempaths.h"

#include <QList>

namespace deskseek::hardware {

// AMD GPUs through the amdgpu driver's sysfs files (Linux): class/drm/cardN/device with
// vendor 0x1002, mem_info_vram_total/used, gpu_busy_percent, hwmon/hwmon*/temp1_input and
// power1_average.
QList<GpuInfo> detectAmdGpus(const SystemPaths &paths);

} // namespace deskseek::hardware
