#include "hardware/hardwarereport.h"

#include "i18n/datasize.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

namespace {
QString statusName(NvmlLibrary::Status status)
{
    switch (status) {
    case NvmlLibrary::Status::Absent: return u"absent"_s;
    case NvmlLibrary::Status::Ok: return u"ok"_s;
    case NvmlLibrary::Status::Failed: return u"error"_s;
    }
    return u"absent"_s;
}
} // namespace

qint64 HardwareReport::totalVramBytes() const
{
    qint64 total = 0;
    for (const GpuInfo &gpu : gpus)
        total += gpu.vramTotalBytes;
    return total;
}

QString HardwareReport::summary() const
{
    const QString processor = tr("%1 (%n cores)", nullptr, cpu.cores).arg(cpu.model);
    const QString ram = tr("%1 RAM").arg(i18n::formatBytes(memory.totalBytes));
    if (gpus.isEmpty())
        return tr("CPU only: %1, %2").arg(processor, ram);
    QStringList parts;
    for (const GpuInfo &gpu : gpus)
        parts << u"%1 (%2)"_s.arg(gpu.name, i18n::formatBytes(gpu.vramTotalBytes));
    return parts.join(u", "_s) + u", "_s + processor + u", "_s + ram;
}

QJsonObject HardwareReport::toJson() const
{
    QJsonArray gpuArray;
    for (const GpuInfo &gpu : gpus) {
        QJsonObject object{
            {u"index"_s, gpu.index},
            {u"vendor"_s, vendorName(gpu.vendor)},
            {u"name"_s, gpu.name},
            {u"vramTotalBytes"_s, double(gpu.vramTotalBytes)},
            {u"vramUsedBytes"_s, double(gpu.vramUsedBytes)},
            {u"vramFreeBytes"_s, double(gpu.vramFreeBytes)},
            {u"driverVersion"_s, gpu.driverVersion},
            {u"source"_s, gpu.source},
        };
        object.insert(u"temperatureC"_s, gpu.temperatureC ? QJsonValue(*gpu.temperatureC) : QJsonValue());
        object.insert(u"utilizationPercent"_s,
                      gpu.utilizationPercent ? QJsonValue(*gpu.utilizationPercent) : QJsonValue());
        object.insert(u"powerWatts"_s, gpu.powerWatts ? QJsonValue(*gpu.powerWatts) : QJsonValue());
        object.insert(u"computeCapability"_s,
                      gpu.computeCapability.isEmpty() ? QJsonValue() : QJsonValue(gpu.computeCapability));
        gpuArray.append(object);
    }
    return {
        {u"cpu"_s, QJsonObject{{u"model"_s, cpu.model}, {u"cores"_s, cpu.cores}, {u"threads"_s, cpu.threads},
                               {u"avx2"_s, cpu.avx2}, {u"fma"_s, cpu.fma}, {u"avx512"_s, cpu.avx512}}},
        {u"memory"_s, QJsonObject{{u"totalBytes"_s, double(memory.totalBytes)},
                                  {u"availableBytes"_s, double(memory.availableBytes)}}},
        {u"disk"_s, QJsonObject{{u"folder"_s, modelFolder}, {u"freeBytes"_s, double(diskFreeBytes)}}},
        {u"gpus"_s, gpuArray},
        {u"nvml"_s, QJsonObject{{u"status"_s, statusName(nvmlStatus)}, {u"message"_s, nvmlMessage}}},
        {u"cpuOnly"_s, cpuOnly()},
    };
}

} // namespace deskseek::hardware
