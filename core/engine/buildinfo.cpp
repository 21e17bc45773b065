#include "engine/buildinfo.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>

#include <algorithm>
#include <cctype>
#include <regex>

#if defined(__linux__)
#include <link.h>

#include <climits>
#include <cstdlib>
#endif

namespace deskseek::engine {

namespace {

std::string lowercase(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Names a BLAS implementation after the file it was loaded from. Debian's libblas.so.3 is a
// symlink (alternatives) to the reference BLAS, OpenBLAS, BLIS or ATLAS.
std::string blasFromPath(const std::string &resolved)
{
    const std::string path = lowercase(resolved);
    if (path.find("openblas") != std::string::npos)
        return "OpenBLAS";
    if (path.find("mkl") != std::string::npos)
        return "MKL";
    if (path.find("blis") != std::string::npos)
        return "BLIS";
    if (path.find("atlas") != std::string::npos)
        return "ATLAS";
    if (path.find("libblas") != std::string::npos)
        return "reference BLAS";
    return {};
}

#if defined(__linux__)
// The resolved path of the first loaded shared library that provides BLAS.
std::string loadedBlasLibrary()
{
    std::string found;
    dl_iterate_phdr(
        [](dl_phdr_info *info, size_t, void *data) {
            auto *result = static_cast<std::string *>(data);
            if (!info->dlpi_name || !*info->dlpi_name)
                return 0;
            const std::string name = lowercase(info->dlpi_name);
            const auto slash = name.find_last_of('/');
            const std::string file = slash == std::string::npos ? name : name.substr(slash + 1);
            if (file.rfind("libblas", 0) != 0 && file.rfind("libopenblas", 0) != 0
                && file.rfind("libmkl_rt", 0) != 0 && file.rfind("libblis", 0) != 0)
                return 0;
            char resolved[PATH_MAX];
            *result = realpath(info->dlpi_name, resolved) ? resolved : info->dlpi_name;
            return 1;
        },
        &found);
    return found;
}
#endif

} // namespace

BuildInfo buildInfo()
{
    BuildInfo info;
    info.torchVersion = TORCH_VERSION;
    info.cudaCompiled = DESKSEEK_CUDA_ENABLED;
    try {
        info.torchHasCuda = at::hasCUDA();
        info.cudaDeviceCount = info.torchHasCuda ? at::detail::getCUDAHooks().getNumGPUs() : 0;
    } catch (const std::exception &) {
        // A CUDA build without a usable driver: the engine runs on the CPU.
        info.torchHasCuda = false;
        info.cudaDeviceCount = 0;
    }
    info.cpuThreads = at::get_num_threads();
#if defined(__linux__)
    info.blasLibrary = loadedBlasLibrary();
    info.blasBackend = blasFromPath(info.blasLibrary);
#endif
    if (info.blasBackend.empty()) {
        // What libtorch was configured with ("mkl", "open", "generic", ...).
        static const std::regex blas("BLAS_INFO=([^,]+)");
        const std::string config = at::show_config();
        std::smatch match;
        if (std::regex_search(config, match, blas))
            info.blasBackend = match[1].str();
    }
    return info;
}

bool isSlowBlas(const BuildInfo &info)
{
    return info.blasBackend == "reference BLAS";
}

std::string describe(const BuildInfo &info)
{
    std::string text = "libtorch " + info.torchVersion;
    if (info.torchHasCuda)
        text += " (CUDA, " + std::to_string(info.cudaDeviceCount) + " device"
                + (info.cudaDeviceCount == 1 ? "" : "s") + ")";
    else
        text += " (CPU)";
    if (info.cudaCompiled)
        text += ", DeskSeek CUDA kernels";
    return text;
}

} // namespace deskseek::engine
