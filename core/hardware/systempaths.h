#pragma once

#include <QString>

namespace deskseek::hardware {

// Where hardware detection looks. The defaults are the real system's; tests point them at fake
// trees and a fake NVML library through the environment:
//   DESKSEEK_PROC_ROOT     instead of /proc   (cpuinfo, meminfo, stat)
//   DESKSEEK_SYSFS_ROOT    instead of /sys    (AMD GPUs under class/drm)
//   DESKSEEK_NVML_LIBRARY  instead of libnvidia-ml.so.1 / nvml.dll
struct SystemPaths
{
    QString procRoot;
    QString sysfsRoot;
    QString nvmlLibrary;

    static SystemPaths system();          // the real machine
    static SystemPaths fromEnvironment(); // system() with the overrides above
};

} // namespace deskseek::hardware
