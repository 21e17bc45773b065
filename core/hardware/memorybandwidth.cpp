#include "hardware/memorybandwidth.h"

#include "hardware/cpuinfo.h"
#include "hardware/cpuload.h"
#include "hardware/memoryinfo.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <numeric>
#include <thread>
#include <vector>

namespace deskseek::hardware {

double measureMemoryBandwidthGBs(int passes)
{
    constexpr std::size_t kBytes = std::size_t(256) << 20;
    constexpr std::size_t kWords = kBytes / sizeof(std::uint64_t);
    std::unique_ptr<std::uint64_t[]> buffer(new std::uint64_t[kWords]);
    std::iota(buffer.get(), buffer.get() + kWords, std::uint64_t{1}); // touch every page
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    std::atomic<std::uint64_t> sink{0};
    double best = 0;
    for (int pass = 0; pass < std::max(1, passes); ++pass) {
        const auto start = std::chrono::steady_clock::now();
        std::vector<std::thread> workers;
        for (unsigned t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                const std::size_t first = kWords * t / threads;
                const std::size_t last = kWords * (t + 1) / threads;
                std::uint64_t a = 0, b = 0, c = 0, d = 0;
                std::size_t i = first;
                for (; i + 4 <= last; i += 4) {
                    a += buffer[i];
                    b += buffer[i + 1];
                    c += buffer[i + 2];
                    d += buffer[i + 3];
                }
                for (; i < last; ++i)
                    a += buffer[i];
                sink += a + b + c + d; // keeps the reads from being optimized away
            });
        }
        for (std::thread &worker : workers)
            worker.join();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        best = std::max(best, double(kBytes) / seconds / 1e9);
    }
    return sink.load() == 0 ? 0.0 : best;
}

BandwidthMeasurement measureMemoryBandwidthWhenIdle(const SystemPaths &paths, int passes, double maxBusy)
{
    const auto load = [&paths] {
        const CpuTimes start = CpuTimes::read(paths);
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return CpuTimes::read(paths).busySince(start);
    };
    BandwidthMeasurement measurement;
    measurement.busyBefore = load();
    measurement.gbs = measureMemoryBandwidthGBs(passes);
    measurement.busyAfter = load();
    measurement.idle = measurement.busyBefore <= maxBusy && measurement.busyAfter <= maxBusy
                       && isPlausibleBandwidth(measurement.gbs);
    return measurement;
}

bool isPlausibleBandwidth(double gbs)
{
    return gbs >= 1.0 && gbs <= 2000.0;
}

QString bandwidthFingerprint(const SystemPaths &paths)
{
    const CpuInfo cpu = CpuInfo::detect(paths);
    const MemoryInfo memory = MemoryInfo::detect(paths);
    const qint64 gib = (memory.totalBytes + (qint64(1) << 29)) >> 30;
    return QStringLiteral("%1|%2|%3").arg(cpu.model).arg(cpu.threads).arg(gib);
}

} // namespace deskseek::hardware
