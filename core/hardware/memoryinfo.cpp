#include "hardware/memoryinfo.h"

#include <QFile>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

MemoryInfo MemoryInfo::detect(const SystemPaths &paths)
{
    MemoryInfo info;
#ifdef Q_OS_WIN
    Q_UNUSED(paths);
    MEMORYSTATUSEX status = {};
    status.dwLength = sizeof status;
    if (GlobalMemoryStatusEx(&status)) {
        info.totalBytes = qint64(status.ullTotalPhys);
        info.availableBytes = qint64(status.ullAvailPhys);
    }
#else
    QFile file(paths.procRoot + u"/meminfo"_s);
    if (!file.open(QIODevice::ReadOnly))
        return info;
    // "MemTotal:       24588468 kB"
    for (const QByteArray &line : file.read(1 << 20).split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (parts.size() < 2)
            continue;
        bool ok = false;
        const qint64 kib = parts[1].toLongLong(&ok);
        if (!ok || kib < 0)
            continue;
        if (parts[0] == "MemTotal:")
            info.totalBytes = kib * 1024;
        else if (parts[0] == "MemAvailable:")
            info.availableBytes = kib * 1024;
    }
#endif
    return info;
}

} // namespace deskseek::hardware
