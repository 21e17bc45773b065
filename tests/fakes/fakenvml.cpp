// A stand-in for NVIDIA's libnvidia-ml.so: the NVML C functions DeskSeek calls, answering from a
// profile file named by DESKSEEK_FAKE_NVML_PROFILE. Tests load it through DESKSEEK_NVML_LIBRARY,
// so the real detection code runs against it.
//
// Profile lines ('#' starts a comment):
//   driver <version>
//   init_error <code>        nvmlInit_v2 returns this code (9: driver not loaded)
//   gpu <total bytes> <used bytes> <temperature C> <utilization %> <power mW> <cc major> <cc minor> <name...>
//
// Readings move over time: the n-th reading of a GPU's memory, temperature or utilization adds
// (n % 5) steps (64 MiB, 1 degree, 3 %), so the first reading is exactly the profile's.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define FAKE_MAX_GPUS 8
#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_ERROR_UNKNOWN 999

#if defined(_WIN32)
#define FAKE_EXPORT extern "C" __declspec(dllexport)
#else
#define FAKE_EXPORT extern "C" __attribute__((visibility("default")))
#endif

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

struct FakeGpu
{
    char name[96];
    unsigned long long total, used;
    unsigned int temperature, utilization, power;
    int major, minor;
    unsigned int readings[3];
};

namespace {
FakeGpu g_gpus[FAKE_MAX_GPUS];
unsigned int g_count;
char g_driver[64] = "0.0";
int g_initError;
int g_initialized;

int loadProfile()
{
    const char *path = getenv("DESKSEEK_FAKE_NVML_PROFILE");
    FILE *file = path ? std::fopen(path, "r") : nullptr;
    char line[256];
    g_count = 0;
    g_initError = 0;
    if (!file)
        return NVML_ERROR_UNKNOWN;
    while (fgets(line, sizeof line, file)) {
        char *newline = strchr(line, '\n');
        if (newline)
            *newline = '\0';
        if (strncmp(line, "driver ", 7) == 0) {
            snprintf(g_driver, sizeof g_driver, "%.63s", line + 7);
        } else if (strncmp(line, "init_error ", 11) == 0) {
            g_initError = atoi(line + 11);
        } else if (strncmp(line, "gpu ", 4) == 0 && g_count < FAKE_MAX_GPUS) {
            FakeGpu *gpu = &g_gpus[g_count];
            int consumed = 0;
            *gpu = FakeGpu{};
            if (sscanf(line + 4, "%llu %llu %u %u %u %d %d %n", &gpu->total, &gpu->used, &gpu->temperature,
                       &gpu->utilization, &gpu->power, &gpu->major, &gpu->minor, &consumed) >= 7) {
                snprintf(gpu->name, sizeof gpu->name, "%.95s", line + 4 + consumed);
                ++g_count;
            }
        }
    }
    fclose(file);
    return g_initError;
}

FakeGpu *gpuOf(void *device)
{
    FakeGpu *gpu = static_cast<FakeGpu *>(device);
    if (!g_initialized || gpu < g_gpus || gpu >= g_gpus + g_count)
        return nullptr;
    return gpu;
}
} // namespace

FAKE_EXPORT int nvmlInit_v2(void)
{
    const int result = loadProfile();
    g_initialized = result == NVML_SUCCESS;
    return result;
}

FAKE_EXPORT int nvmlShutdown(void)
{
    g_initialized = 0;
    return NVML_SUCCESS;
}

FAKE_EXPORT const char *nvmlErrorString(int result)
{
    switch (result) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    default: return "Unknown Error";
    }
}

FAKE_EXPORT int nvmlSystemGetDriverVersion(char *version, unsigned int length)
{
    if (!g_initialized)
        return NVML_ERROR_UNINITIALIZED;
    if (!version || length <= strlen(g_driver))
        return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(version, g_driver);
    return NVML_SUCCESS;
}

FAKE_EXPORT int nvmlDeviceGetCount_v2(unsigned int *count)
{
    if (!g_initialized)
        return NVML_ERROR_UNINITIALIZED;
    *count = g_count;
    return NVML_SUCCESS;
}

FAKE_EXPORT int nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device)
{
    if (!g_initialized)
        return NVML_ERROR_UNINITIALIZED;
    if (index >= g_count || !device)
        return NVML_ERROR_INVALID_ARGUMENT;
    *device = &g_gpus[index];
    return NVML_SUCCESS;
}

FAKE_EXPORT int nvmlDeviceGetName(void *device, char *name, unsigned int length)
{
    FakeGpu *gpu = gpuOf(device);
    if (!gpu || !name)
        return NVML_ERROR_INVALID_ARGUMENT;
    if (length <= strlen(gpu->name))
        return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(name, gpu->name);
    return NVML_SUCCESS;
}

FAKE_EXPORT int nvmlDeviceGetMemoryInfo(void *device, nvmlMemory_t *memory)
{
    FakeGpu *gpu = gpuOf(device);
    unsigned long long used;
    if (!gpu || !memory)
        return NVML_ERROR_INVALID_ARGUMENT;
    used = gpu->used + static_cast<unsigned long long>(gpu->readings[0]++ % 5) * (64ull << 20);
    if (used > gpu->total)
        used = gpu->total;
    memory->total = gpu->total;
    memory->used = used;
    memory->free = gpu->total - used;
    return NVML_SUCCESS;
}

FAKE_EXPORT int nvmlDeviceGetTemperature(void *device, int sensor, unsigned int *temperature)
{
    FakeGpu *gpu = gpuOf(device);
    if (!gpu || !temperature || sensor != 0)
        return NVML_ERROR_INVALID_ARGUMENT;
    *temperature = gpu->temperature + gpu->readings[1]++ % 5;
    return NVML_SUCCESS;
}

FAKE_EXPORT int nvmlDeviceGetUtilizationRates(void *device, nvmlUtilization_t *utilization)
{
    FakeGpu *gpu = gpuOf(device);
    if (!gpu || !utilization)
        return NVML_ERROR_INVALID_ARGUMENT;
    utilization->gpu = gpu->utilization + 3 * (gpu->readings[2]++ % 5);
    if (utilization->gpu > 100)
        utilization->gpu = 100;
    utilization->memory = utilization->gpu / 2;
    return NVML_SUCCESS;
}

FAKE_EXPORT int nvmlDeviceGetPowerUsage(void *device, unsigned int *power)
{
    FakeGpu *gpu = gpuOf(device);
    if (!gpu || !power)
        return NVML_ERROR_INVALID_ARGUMENT;
    *power = gpu->power;
    return NVML_SUCCESS;
}

FAKE_EXPORT int nvmlDeviceGetCudaComputeCapability(void *device, int *major, int *minor)
{
    FakeGpu *gpu = gpuOf(device);
    if (!gpu || !major || !minor)
        return NVML_ERROR_INVALID_ARGUMENT;
    *major = gpu->major;
    *minor = gpu->minor;
    return NVML_SUCCESS;
}
