#pragma once

#include "hardware/systempaths.h"

#include <QString>

namespace deskseek::hardware {

struct CpuInfo
{
    QString model;
    int cores = 0;   // physical cores
    int threads = 0; // logical processors
    bool avx2 = false;
    bool fma = false;
    bool avx512 = false; // AVX-512 F

    bool operator==(const CpuInfo &) const = default;

    // Linux: /proc/cpuinfo; elsewhere: the processor itself (CPUID) and Qt's thread count.
    static CpuInfo detect(const SystemPaths &paths);
};

} // namespace deskseek::hardware
