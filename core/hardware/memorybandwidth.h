#pragma once

#include "hardware/systempaths.h"

#include <QString>

namespace deskseek::hardware {

struct BandwidthMeasurement
{
    double gbs = 0;
    double busyBefore = 0; // the machine's CPU load (0..1) just before and just after
    double busyAfter = 0;
    bool idle = false;     // both low enough for the figure to be the machine's own
};

// Measures how fast the CPU reads memory (GB/s): every core sums a share of a 256 MiB buffer,
// best of three passes. Decoding a token reads every weight once, so this bounds CPU decode
// speed. Takes about half a second; run it once and keep the figure (AppSettings).
double measureMemoryBandwidthGBs(int passes = 3);

// The same with the machine's CPU load checked over 300 ms before and after, and the best of
// `passes` passes: a figure measured while other programs kept the CPU busier than `maxBusy`
// says so (idle false) and should not be kept.
BandwidthMeasurement measureMemoryBandwidthWhenIdle(const SystemPaths &paths, int passes = 5, double maxBusy = 0.2);

// Whether a stored figure can be believed: a measured value in a range memory has.
bool isPlausibleBandwidth(double gbs);

// What the figure belongs to: the processor, its logical processors and the RAM. A different
// value means different hardware, to measure again.
QString bandwidthFingerprint(const SystemPaths &paths);

} // namespace deskseek::hardware
