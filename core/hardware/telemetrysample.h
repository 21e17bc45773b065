#pragma once

#include "hardware/gpuinfo.h"

#include <QList>
#include <QMetaType>

namespace deskseek::hardware {

// One reading of the machine's load, as the Monitor page plots it.
struct TelemetrySample
{
    qint64 timeMs = 0; // since the epoch
    QList<GpuInfo> gpus;
    double cpuPercent = 0.0; // all cores together, 0-100; 0 for the first sample
    qint64 ramUsedBytes = 0;
    qint64 ramTotalBytes = 0;
};

} // namespace deskseek::hardware

Q_DECLARE_METATYPE(deskseek::hardware::TelemetrySample)
