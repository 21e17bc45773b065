#include "hardware/dxgiadapters.h"

#ifdef Q_OS_WIN
#include <dxgi.h>
#include <windows.h>
#endif

using namespace Qt::StringLiterals;

namespace deskseek::hardware {

#ifdef Q_OS_WIN
namespace {
// PCI vendor ids.
constexpr UINT kNvidia = 0x10de;
constexpr UINT kAmd = 0x1002;
constexpr UINT kMicrosoftBasicRender = 0x1414;
} // namespace

QList<GpuInfo> detectDxgiAdapters()
{
    QList<GpuInfo> result;
    // Loaded at run time like NVML: no link-time dependency.
    HMODULE dxgi = LoadLibraryW(L"dxgi.dll");
    if (!dxgi)
        return result;
    using CreateFactory = HRESULT(WINAPI *)(REFIID, void **);
    const auto create = reinterpret_cast<CreateFactory>(reinterpret_cast<void *>(GetProcAddress(dxgi, "CreateDXGIFactory1")));
    IDXGIFactory1 *factory = nullptr;
    if (!create || FAILED(create(__uuidof(IDXGIFactory1), reinterpret_cast<void **>(&factory))) || !factory)
        return result;
    IDXGIAdapter1 *adapter = nullptr;
    int amdIndex = 0;
    int otherIndex = 0;
    for (UINT i = 0; factory->EnumAdapters1(i, &adapter) != DXGI_ERROR_NOT_FOUND; ++i) {
        DXGI_ADAPTER_DESC1 desc = {};
        if (SUCCEEDED(adapter->GetDesc1(&desc)) && !(desc.Flags & DXGI_ADAPTER_FLAG_SOFTWARE)
            && desc.VendorId != kMicrosoftBasicRender && desc.DedicatedVideoMemory > 0) {
            GpuInfo gpu;
            gpu.vendor = desc.VendorId == kNvidia ? GpuInfo::Vendor::Nvidia
                         : desc.VendorId == kAmd  ? GpuInfo::Vendor::Amd
                                                  : GpuInfo::Vendor::Other;
            gpu.index = gpu.vendor == GpuInfo::Vendor::Amd ? amdIndex++ : otherIndex++;
            gpu.name = QString::fromWCharArray(desc.Description).trimmed();
            gpu.vramTotalBytes = qint64(desc.DedicatedVideoMemory);
            gpu.vramFreeBytes = gpu.vramTotalBytes; // DXGI 1.1 does not report use
            gpu.source = u"dxgi"_s;
            result.append(gpu);
        }
        adapter->Release();
    }
    factory->Release();
    return result;
}
#else
QList<GpuInfo> detectDxgiAdapters()
{
    return {};
}
#endif

} // namespace deskseek::hardware
