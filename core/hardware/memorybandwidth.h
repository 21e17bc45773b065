#pragma once

namespace deskseek::hardware {

// Measures how fast the CPU reads memory (GB/s): every core sums a share of a 256 MiB buffer,
// best of three passes. Decoding a token reads every weight once, so this bounds CPU decode
// speed. Takes about half a second; run it once and keep the figure (AppSettings).
double measureMemoryBandwidthGBs();

} // namespace deskseek::hardware
