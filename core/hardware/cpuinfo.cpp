#include "hardware/cpuinfo.h"

#include <QFile>
#include <QSet>
#include <QThread>

#if defined(Q_PROCESSOR_X86) && !defined(Q_OS_LINUX)
#include <cpuid.h>
#endif

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

namespace {
CpuInfo fromProcCpuinfo(const QByteArray &text)
{
    CpuInfo info;
    QSet<QString> physicalCores; // "physical id:core id"
    QString physicalId;
    int coresPerPackage = 0;
    for (const QByteArray &rawLine : text.split('\n')) {
        const int colon = rawLine.indexOf(':');
        if (colon < 0)
            continue;
        const QString key = QString::fromUtf8(rawLine.left(colon)).trimmed();
        const QString value = QString::fromUtf8(rawLine.mid(colon + 1)).trimmed();
        if (key == u"processor"_s) {
            ++info.threads;
        } else if (key == u"model name"_s && info.model.isEmpty()) {
            info.model = value;
        } else if (key == u"physical id"_s) {
            physicalId = value;
        } else if (key == u"core id"_s) {
            physicalCores.insert(physicalId + u':' + value);
        } else if (key == u"cpu cores"_s) {
            coresPerPackage = value.toInt();
        } else if (key == u"flags"_s && info.threads <= 1) {
            const QStringList flags = value.split(u' ', Qt::SkipEmptyParts);
            info.avx2 = flags.contains(u"avx2"_s);
            info.fma = flags.contains(u"fma"_s);
            info.avx512 = flags.contains(u"avx512f"_s);
        }
    }
    info.cores = !physicalCores.isEmpty() ? int(physicalCores.size()) : coresPerPackage;
    if (info.cores <= 0)
        info.cores = info.threads;
    return info;
}
} // namespace

CpuInfo CpuInfo::detect(const SystemPaths &paths)
{
    QFile file(paths.procRoot + u"/cpuinfo"_s);
    if (file.open(QIODevice::ReadOnly)) {
        CpuInfo info = fromProcCpuinfo(file.read(4 << 20));
        if (info.threads > 0)
            return info;
    }
    CpuInfo info;
    info.threads = QThread::idealThreadCount();
    info.cores = info.threads;
#if defined(Q_PROCESSOR_X86) && !defined(Q_OS_LINUX)
    unsigned int a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(1, &a, &b, &c, &d))
        info.fma = c & (1u << 12);
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        info.avx2 = b & (1u << 5);
        info.avx512 = b & (1u << 16);
    }
    char brand[49] = {};
    for (unsigned int leaf = 0; leaf < 3; ++leaf) {
        if (__get_cpuid(0x80000002u + leaf, &a, &b, &c, &d)) {
            const unsigned int words[4] = {a, b, c, d};
            memcpy(brand + leaf * 16, words, 16);
        }
    }
    info.model = QString::fromLatin1(brand).trimmed();
#endif
    if (info.model.isEmpty())
        info.model = u"Unknown processor"_s;
    return info;
}

} // namespace deskseek::hardware
