#pragma once

#include "hardware/gpuinfo.h"

#include <QLibrary>
#include <QList>
#include <QString>

namespace deskseek::hardware {

// NVIDIA's management library (NVML), loaded at run time: DeskSeek has no link-time dependency
// on the driver, and a machine without one simply has no NVIDIA GPUs.
class NvmlLibrary
{
public:
    enum class Status { Absent, Ok, Failed };

    explicit NvmlLibrary(const QString &libraryPath);
    ~NvmlLibrary(); // nvmlShutdown
    NvmlLibrary(const NvmlLibrary &) = delete;
    NvmlLibrary &operator=(const NvmlLibrary &) = delete;

    Status status() const { return m_status; }
    // Why the library is absent or failed, for people ("NVML failed to initialize: Driver Not
    // Loaded (9)").
    QString message() const { return m_message; }
    QString driverVersion() const { return m_driverVersion; }

    // Every GPU with its current state; empty unless status() is Ok.
    QList<GpuInfo> gpus();

private:
    struct Functions;
    bool resolve();

    QLibrary m_library;
    Functions *m_functions = nullptr;
    Status m_status = Status::Absent;
    QString m_message;
    QString m_driverVersion;
};

} // namespace deskseek::hardware
