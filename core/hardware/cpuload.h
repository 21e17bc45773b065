#pragma once

#include "hardware/systempaths.h"

#include <QtGlobal>

namespace deskseek::hardware {

// The whole machine's CPU time so far: busy and total, in the system's ticks (Linux: /proc/stat
// under the paths' proc root; Windows: GetSystemTimes). Two readings give the busy share between
// them. total is 0 where it cannot be read.
struct CpuTimes
{
    qint64 busy = 0;
    qint64 total = 0;

    static CpuTimes read(const SystemPaths &paths);
    // The busy share (0..1) from `earlier` to this reading; 0 when no time passed or none is known.
    double busySince(const CpuTimes &earlier) const;
};

} // namespace deskseek::hardware
