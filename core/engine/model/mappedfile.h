#pragma once

#include "engine/result.h"

#include <cstddef>
#include <filesystem>
#include <memory>

namespace deskseek::engine::model {

// A read-only memory map of a whole file. Tensors point into it; nothing is copied.
class MappedFile
{
public:
    static Result<std::shared_ptr<const MappedFile>> open(const std::filesystem::path &path);
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    const std::byte *data() const { return m_data; }
    std::size_t size() const { return m_size; }
    const std::filesystem::path &path() const { return m_path; }

    // Tells the system that [begin, begin + bytes) is not needed for now: the pages it touches
    // leave memory and are read from the file again if touched. Keeps a pass over a large model
    // (conversion, hashing, loading) from holding the whole file in memory. The view is read
    // only, so a neighbour on a shared page that is still in use only comes back from the page
    // cache (where the system maps files in 2 MiB pieces, the whole piece goes).
    void release(const std::byte *begin, std::size_t bytes) const;

private:
    MappedFile() = default;
    std::filesystem::path m_path;
    const std::byte *m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace deskseek::engine::model
