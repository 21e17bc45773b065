#pragma once

#include "hardware/systempaths.h"

#include <QtGlobal>

namespace deskseek::hardware {

struct MemoryInfo
{
    qint64 totalBytes = 0;
    qint64 availableBytes = 0; // what programs can still get without swapping

    bool operator==(const MemoryInfo &) const = default;

    // Linux: /proc/meminfo; Windows: GlobalMemoryStatusEx.
    static MemoryInfo detect(const SystemPaths &paths);
};

} // namespace deskseek::hardware
