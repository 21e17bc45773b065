#include "engine/model/mappedfile.h"

#include <cerrno>
#include <cstdint>
#include <cstring>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace deskseek::engine::model {

namespace {
// A valid address for empty files, which mmap refuses.
const std::byte kEmpty[1] = {};
} // namespace

#ifdef _WIN32

// Windows: the file mapped read-only (CreateFileMapping/MapViewOfFile); its pages are the page
// cache's, as with mmap.
Result<std::shared_ptr<const MappedFile>> MappedFile::open(const std::filesystem::path &path)
{
    const HANDLE handle = ::CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                        FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE)
        return Error{ErrorCode::Io, "Cannot open " + path.string() + " (Windows error " + std::to_string(::GetLastError()) + ")"};
    LARGE_INTEGER size = {};
    if (!::GetFileSizeEx(handle, &size)) {
        ::CloseHandle(handle);
        return Error{ErrorCode::Io, "Cannot read " + path.string()};
    }
    std::shared_ptr<MappedFile> file(new MappedFile);
    file->m_path = path;
    file->m_size = static_cast<std::size_t>(size.QuadPart);
    if (file->m_size == 0) {
        file->m_data = kEmpty;
    } else {
        const HANDLE mapping = ::CreateFileMappingW(handle, nullptr, PAGE_READONLY, 0, 0, nullptr);
        const void *address = mapping ? ::MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0) : nullptr;
        if (mapping)
            ::CloseHandle(mapping); // the view keeps the mapping
        if (!address) {
            ::CloseHandle(handle);
            file->m_size = 0;
            return Error{ErrorCode::Io, "Cannot map " + path.string() + " into memory (Windows error "
                                            + std::to_string(::GetLastError()) + ")"};
        }
        file->m_data = static_cast<const std::byte *>(address);
    }
    ::CloseHandle(handle);
    return std::shared_ptr<const MappedFile>(std::move(file));
}

void MappedFile::release(const std::byte *, std::size_t) const
{
    // A read-only file view: its pages are the system's to drop when memory is needed.
}

MappedFile::~MappedFile()
{
    if (m_size > 0)
        ::UnmapViewOfFile(m_data);
}

#else

Result<std::shared_ptr<const MappedFile>> MappedFile::open(const std::filesystem::path &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return Error{ErrorCode::Io, "Cannot open " + path.string() + ": " + std::strerror(errno)};
    }
    struct stat info = {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        const int saved = errno;
        ::close(fd);
        return Error{ErrorCode::Io, "Cannot read " + path.string() + ": "
                                        + (saved ? std::strerror(saved) : "not a regular file")};
    }
    std::shared_ptr<MappedFile> file(new MappedFile);
    file->m_path = path;
    file->m_size = static_cast<std::size_t>(info.st_size);
    if (file->m_size == 0) {
        file->m_data = kEmpty;
    } else {
        void *address = ::mmap(nullptr, file->m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (address == MAP_FAILED) {
            const int saved = errno;
            ::close(fd);
            file->m_size = 0;
            return Error{ErrorCode::Io, "Cannot map " + path.string() + " into memory: "
                                            + std::strerror(saved)};
        }
        file->m_data = static_cast<const std::byte *>(address);
    }
    ::close(fd);
    return std::shared_ptr<const MappedFile>(std::move(file));
}

void MappedFile::release(const std::byte *begin, std::size_t bytes) const
{
    if (m_size == 0 || begin < m_data || begin + bytes > m_data + m_size)
        return;
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    // Every page the range touches (a small tensor may lie inside one page).
    const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(begin) / page * page;
    const std::uintptr_t last = (reinterpret_cast<std::uintptr_t>(begin) + bytes + page - 1) / page * page;
    if (last > first)
        ::madvise(reinterpret_cast<void *>(first), last - first, MADV_DONTNEED);
}

MappedFile::~MappedFile()
{
    if (m_size > 0)
        ::munmap(const_cast<std::byte *>(m_data), m_size);
}

#endif

} // namespace deskseek::engine::model
