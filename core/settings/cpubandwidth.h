#pragma once

#include "hardware/hardwarereport.h"
#include "hardware/memorybandwidth.h"

namespace deskseek::settings {

class AppSettings;

// Whether the stored memory bandwidth must be measured (again): none yet, an implausible one, or
// one measured on other hardware.
bool cpuBandwidthNeedsMeasuring(const AppSettings &settings, const hardware::SystemPaths &paths);

// Keeps a measurement only when the machine was idle while it ran (a busy machine reads memory
// slower than it can); true when it was kept.
bool keepCpuBandwidth(AppSettings &settings, const hardware::BandwidthMeasurement &measurement,
                      const hardware::SystemPaths &paths);

// The figure speed estimates use: the stored one when it holds, otherwise one measured now
// (about 2 s) and kept when the machine was idle; 0 when there is none to trust (the recommender
// then estimates).
double cpuBandwidthForEstimates(AppSettings &settings, const hardware::SystemPaths &paths);

// What the wizard and the first-start screen learn of the machine: its hardware and, when
// `measureBandwidth`, its memory's speed. Slow (up to 2 s): run it off the GUI thread, then give
// the measurement to keepCpuBandwidth() where the settings live.
struct MachineReading
{
    hardware::HardwareReport report;
    bool measured = false;
    hardware::BandwidthMeasurement bandwidth;
};
MachineReading readMachine(const QString &modelFolder, const hardware::SystemPaths &paths, bool measureBandwidth);

} // namespace deskseek::settings
