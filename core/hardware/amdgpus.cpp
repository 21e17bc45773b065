#include "hardware/amdgpus.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

namespace {
QString readLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.read(4096)).trimmed();
}

std::optional<qint64> readNumber(const QString &path)
{
    bool ok = false;
    const qint64 value = readLine(path).toLongLong(&ok);
    return ok && value >= 0 ? std::optional<qint64>(value) : std::nullopt;
}
} // namespace

QList<GpuInfo> detectAmdGpus(const SystemPaths &paths)
{
    QList<GpuInfo> result;
    const QDir drm(paths.sysfsRoot + u"/class/drm"_s);
    static const QRegularExpression card(u"^card(\\d+)$"_s);
    QList<QPair<int, QString>> cards;
    for (const QString &entry : drm.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::System)) {
        const auto match = card.match(entry);
        if (match.hasMatch())
            cards.append({match.captured(1).toInt(), drm.filePath(entry + u"/device"_s)});
    }
    std::sort(cards.begin(), cards.end());
    for (const auto &[number, device] : cards) {
        if (readLine(device + u"/vendor"_s).toLower() != u"0x1002"_s)
            continue;
        const auto total = readNumber(device + u"/mem_info_vram_total"_s);
        if (!total)
            continue; // not an amdgpu device with its own memory
        GpuInfo gpu;
        gpu.vendor = GpuInfo::Vendor::Amd;
        gpu.index = int(result.size());
        gpu.source = u"sysfs"_s;
        gpu.vramTotalBytes = *total;
        gpu.vramUsedBytes = readNumber(device + u"/mem_info_vram_used"_s).value_or(0);
        gpu.vramFreeBytes = std::max<qint64>(0, gpu.vramTotalBytes - gpu.vramUsedBytes);
        gpu.name = readLine(device + u"/product_name"_s);
        if (gpu.name.isEmpty())
            gpu.name = u"AMD Radeon GPU (device %1)"_s.arg(readLine(device + u"/device"_s));
        if (const auto busy = readNumber(device + u"/gpu_busy_percent"_s))
            gpu.utilizationPercent = int(*busy);
        const QDir hwmon(device + u"/hwmon"_s);
        const QStringList monitors = hwmon.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::System, QDir::Name);
        if (!monitors.isEmpty()) {
            const QString monitor = hwmon.filePath(monitors.first());
            if (const auto millidegrees = readNumber(monitor + u"/temp1_input"_s))
                gpu.temperatureC = int(*millidegrees / 1000);
            if (const auto microwatts = readNumber(monitor + u"/power1_average"_s))
                gpu.powerWatts = *microwatts / 1e6;
        }
        gpu.driverVersion = readLine(device + u"/driver/module/version"_s);
        result.append(gpu);
    }
    return result;
}

} // namespace deskseek::hardware
