#pragma once

#include <string>

namespace deskseek::engine {

// What the engine was built with and what it finds at run time. Plain C++: safe to include
// from any layer (no torch types).
struct BuildInfo
{
    std::string torchVersion;     // libtorch's version, e.g. "1.13.0"
    bool cudaCompiled = false;    // the engine's CUDA code was compiled in
    bool torchHasCuda = false;    // libtorch has a working CUDA backend on this machine
    int cudaDeviceCount = 0;      // CUDA devices libtorch can use
    int cpuThreads = 0;           // threads libtorch uses for CPU work
    std::string blasBackend;      // the BLAS in use: "OpenBLAS", "MKL", "reference BLAS", ...
    std::string blasLibrary;      // the file it was loaded from, when it can be found
};

BuildInfo buildInfo();

// The reference BLAS makes matrix products ~50x slower than OpenBLAS: worth telling the user.
bool isSlowBlas(const BuildInfo &info);

// One line for --version and the About dialog, e.g. "libtorch 1.13.0 (CPU)".
std::string describe(const BuildInfo &info);

} // namespace deskseek::engine
