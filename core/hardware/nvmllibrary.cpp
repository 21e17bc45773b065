#include "hardware/nvmllibrary.h"

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

namespace {
// The NVML C API (facts from nvml.h): return codes, opaque device handles, plain structs.
using nvmlReturn_t = int;
using nvmlDevice_t = struct nvmlDevice_st *;
struct nvmlMemory_t
{
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
struct nvmlUtilization_t
{
    unsigned int gpu;
    unsigned int memory;
};
constexpr nvmlReturn_t NVML_SUCCESS = 0;
constexpr int NVML_TEMPERATURE_GPU = 0;
constexpr unsigned int kMaxDevices = 64;
} // namespace

struct NvmlLibrary::Functions
{
    nvmlReturn_t (*init)() = nullptr;
    nvmlReturn_t (*shutdown)() = nullptr;
    const char *(*errorString)(nvmlReturn_t) = nullptr;
    nvmlReturn_t (*driverVersion)(char *, unsigned int) = nullptr;
    nvmlReturn_t (*deviceCount)(unsigned int *) = nullptr;
    nvmlReturn_t (*deviceByIndex)(unsigned int, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*name)(nvmlDevice_t, char *, unsigned int) = nullptr;
    nvmlReturn_t (*memory)(nvmlDevice_t, nvmlMemory_t *) = nullptr;
    nvmlReturn_t (*temperature)(nvmlDevice_t, int, unsigned int *) = nullptr;
    nvmlReturn_t (*utilization)(nvmlDevice_t, nvmlUtilization_t *) = nullptr;
    nvmlReturn_t (*power)(nvmlDevice_t, unsigned int *) = nullptr;
    nvmlReturn_t (*computeCapability)(nvmlDevice_t, int *, int *) = nullptr;
};

NvmlLibrary::NvmlLibrary(const QString &libraryPath)
    : m_library(libraryPath)
{
    if (!m_library.load()) {
        m_message = u"No NVIDIA driver found (%1 could not be loaded)."_s.arg(libraryPath);
        return;
    }
    m_functions = new Functions;
    if (!resolve()) {
        m_status = Status::Failed;
        m_message = u"%1 is not a usable NVIDIA management library (functions are missing). "
                    "Update the NVIDIA driver."_s.arg(libraryPath);
        return;
    }
    const nvmlReturn_t result = m_functions->init();
    if (result != NVML_SUCCESS) {
        m_status = Status::Failed;
        const char *text = m_functions->errorString ? m_functions->errorString(result) : nullptr;
        m_message = u"The NVIDIA driver did not respond (NVML: %1, code %2). Restart the computer "
                    "or reinstall the NVIDIA driver; until then DeskSeek uses the CPU."_s
                        .arg(text ? QString::fromUtf8(text) : u"unknown error"_s)
                        .arg(result);
        return;
    }
    m_status = Status::Ok;
    char version[96] = {};
    if (m_functions->driverVersion && m_functions->driverVersion(version, sizeof version - 1) == NVML_SUCCESS)
        m_driverVersion = QString::fromUtf8(version);
}

NvmlLibrary::~NvmlLibrary()
{
    if (m_status == Status::Ok && m_functions->shutdown)
        m_functions->shutdown();
    delete m_functions;
    // The library stays loaded: unloading a driver library while others may use it is unsafe.
}

bool NvmlLibrary::resolve()
{
    const auto get = [this](auto &pointer, const char *name) {
        pointer = reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(m_library.resolve(name));
        return pointer != nullptr;
    };
    Functions &f = *m_functions;
    const bool required = get(f.init, "nvmlInit_v2") && get(f.shutdown, "nvmlShutdown")
                          && get(f.deviceCount, "nvmlDeviceGetCount_v2")
                          && get(f.deviceByIndex, "nvmlDeviceGetHandleByIndex_v2")
                          && get(f.name, "nvmlDeviceGetName") && get(f.memory, "nvmlDeviceGetMemoryInfo");
    // Optional: older drivers or restricted devices may lack them.
    get(f.errorString, "nvmlErrorString");
    get(f.driverVersion, "nvmlSystemGetDriverVersion");
    get(f.temperature, "nvmlDeviceGetTemperature");
    get(f.utilization, "nvmlDeviceGetUtilizationRates");
    get(f.power, "nvmlDeviceGetPowerUsage");
    get(f.computeCapability, "nvmlDeviceGetCudaComputeCapability");
    return required;
}

QList<GpuInfo> NvmlLibrary::gpus()
{
    QList<GpuInfo> result;
    if (m_status != Status::Ok)
        return result;
    const Functions &f = *m_functions;
    unsigned int count = 0;
    if (f.deviceCount(&count) != NVML_SUCCESS)
        return result;
    for (unsigned int i = 0; i < std::min(count, kMaxDevices); ++i) {
        nvmlDevice_t device = nullptr;
        if (f.deviceByIndex(i, &device) != NVML_SUCCESS)
            continue;
        GpuInfo gpu;
        gpu.vendor = GpuInfo::Vendor::Nvidia;
        gpu.index = int(i);
        gpu.source = u"nvml"_s;
        gpu.driverVersion = m_driverVersion;
        char name[128] = {};
        if (f.name(device, name, sizeof name - 1) == NVML_SUCCESS)
            gpu.name = QString::fromUtf8(name);
        nvmlMemory_t memory = {};
        if (f.memory(device, &memory) == NVML_SUCCESS) {
            gpu.vramTotalBytes = qint64(memory.total);
            gpu.vramUsedBytes = qint64(memory.used);
            gpu.vramFreeBytes = qint64(memory.free);
        }
        unsigned int value = 0;
        if (f.temperature && f.temperature(device, NVML_TEMPERATURE_GPU, &value) == NVML_SUCCESS)
            gpu.temperatureC = int(value);
        nvmlUtilization_t utilization = {};
        if (f.utilization && f.utilization(device, &utilization) == NVML_SUCCESS)
            gpu.utilizationPercent = int(utilization.gpu);
        if (f.power && f.power(device, &value) == NVML_SUCCESS)
            gpu.powerWatts = value / 1000.0; // milliwatts
        int major = 0, minor = 0;
        if (f.computeCapability && f.computeCapability(device, &major, &minor) == NVML_SUCCESS)
            gpu.computeCapability = u"%1.%2"_s.arg(major).arg(minor);
        result.append(gpu);
    }
    return result;
}

} // namespace deskseek::hardware
