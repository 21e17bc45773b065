#include "hardware/gpuinfo.h"

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

QString vendorName(GpuInfo::Vendor vendor)
{
    switch (vendor) {
    case GpuInfo::Vendor::Nvidia: return u"nvidia"_s;
    case GpuInfo::Vendor::Amd: return u"amd"_s;
    case GpuInfo::Vendor::Other: break;
    }
    return u"other"_s;
}

} // namespace deskseek::hardware
