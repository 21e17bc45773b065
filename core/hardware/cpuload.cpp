#include "hardware/cpuload.h"

#include <QFile>
#include <QList>

#include <algorithm>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

CpuTimes CpuTimes::read(const SystemPaths &paths)
{
    CpuTimes times;
#ifdef Q_OS_WIN
    Q_UNUSED(paths);
    FILETIME idle, kernel, user;
    if (!GetSystemTimes(&idle, &kernel, &user))
        return times;
    const auto ticks = [](const FILETIME &t) { return (qint64(t.dwHighDateTime) << 32) | t.dwLowDateTime; };
    times.total = ticks(kernel) + ticks(user); // kernel time includes the idle time
    times.busy = times.total - ticks(idle);
#else
    // "cpu  user nice system idle iowait irq softirq steal ...", in clock ticks.
    QFile file(paths.procRoot + u"/stat"_s);
    if (!file.open(QIODevice::ReadOnly))
        return times;
    const QList<QByteArray> fields = file.readLine(4096).simplified().split(' ');
    if (fields.size() < 5 || fields[0] != "cpu")
        return times;
    qint64 idle = 0;
    for (int i = 1; i < fields.size() && i <= 8; ++i) {
        const qint64 value = fields[i].toLongLong();
        times.total += value;
        if (i == 4 || i == 5) // idle, iowait
            idle += value;
    }
    times.busy = times.total - idle;
#endif
    return times;
}

double CpuTimes::busySince(const CpuTimes &earlier) const
{
    if (earlier.total <= 0 || total <= earlier.total)
        return 0.0;
    return std::clamp(double(busy - earlier.busy) / double(total - earlier.total), 0.0, 1.0);
}

} // namespace deskseek::hardware
