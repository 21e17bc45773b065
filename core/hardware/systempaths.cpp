#include "hardware/systempaths.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

SystemPaths SystemPaths::system()
{
    SystemPaths paths;
    paths.procRoot = u"/proc"_s;
    paths.sysfsRoot = u"/sys"_s;
#ifdef Q_OS_WIN
    paths.nvmlLibrary = u"nvml.dll"_s;
#else
    paths.nvmlLibrary = u"libnvidia-ml.so.1"_s;
#endif
    return paths;
}

SystemPaths SystemPaths::fromEnvironment()
{
    SystemPaths paths = system();
    const auto override = [](const char *name, QString &value) {
        const QString set = qEnvironmentVariable(name);
        if (!set.isEmpty())
            value = set;
    };
    override("DESKSEEK_PROC_ROOT", paths.procRoot);
    override("DESKSEEK_SYSFS_ROOT", paths.sysfsRoot);
    override("DESKSEEK_NVML_LIBRARY", paths.nvmlLibrary);
    return paths;
}

} // namespace deskseek::hardware
