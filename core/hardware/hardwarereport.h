#pragma once

#include "hardware/cpuinfo.h"
#include "hardware/gpuinfo.h"
#include "hardware/memoryinfo.h"
#include "hardware/nvmllibrary.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>

namespace deskseek::hardware {

// What a machine has: processor, memory, the model folder's free space, and its GPUs.
struct HardwareReport
{
    Q_DECLARE_TR_FUNCTIONS(HardwareReport)

public:
    CpuInfo cpu;
    MemoryInfo memory;
    QString modelFolder;
    qint64 diskFreeBytes = -1; // -1: unknown
    QList<GpuInfo> gpus;
    NvmlLibrary::Status nvmlStatus = NvmlLibrary::Status::Absent;
    QString nvmlMessage;

    bool cpuOnly() const { return gpus.isEmpty(); }
    qint64 totalVramBytes() const;
    // One line for people: "NVIDIA GeForce RTX 4060 (8 GB), AMD EPYC (8 cores), 24 GB RAM" or
    // "CPU only: AMD EPYC (2 cores), 24 GB RAM".
    QString summary() const;
    QJsonObject toJson() const;
};

} // namespace deskseek::hardware
