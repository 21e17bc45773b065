#include "settings/cpubandwidth.h"

#include "hardware/hardwaredetector.h"
#include "settings/appsettings.h"

namespace deskseek::settings {

bool cpuBandwidthNeedsMeasuring(const AppSettings &settings, const hardware::SystemPaths &paths)
{
    return !hardware::isPlausibleBandwidth(settings.cpuBandwidthGBs())
           || settings.cpuBandwidthFingerprint() != hardware::bandwidthFingerprint(paths);
}

bool keepCpuBandwidth(AppSettings &settings, const hardware::BandwidthMeasurement &measurement,
                      const hardware::SystemPaths &paths)
{
    if (!measurement.idle)
        return false;
    settings.setCpuBandwidthGBs(measurement.gbs, hardware::bandwidthFingerprint(paths));
    return true;
}

double cpuBandwidthForEstimates(AppSettings &settings, const hardware::SystemPaths &paths)
{
    if (!cpuBandwidthNeedsMeasuring(settings, paths))
        return settings.cpuBandwidthGBs();
    const hardware::BandwidthMeasurement measurement = hardware::measureMemoryBandwidthWhenIdle(paths);
    return keepCpuBandwidth(settings, measurement, paths) ? measurement.gbs : 0.0;
}

MachineReading readMachine(const QString &modelFolder, const hardware::SystemPaths &paths, bool measureBandwidth)
{
    MachineReading reading;
    if (measureBandwidth) {
        reading.bandwidth = hardware::measureMemoryBandwidthWhenIdle(paths);
        reading.measured = true;
    }
    reading.report = hardware::HardwareDetector(paths).detect(modelFolder);
    return reading;
}

} // namespace deskseek::settings
