#pragma once

#include "engine/gguf/ggufvalue.h"
#include "engine/model/tensordata.h"
#include "engine/result.h"

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace deskseek::engine::gguf {

using MetadataList = std::vector<std::pair<std::string, GgufValue>>;

// A GGUF (v2 or v3) file, memory-mapped: its metadata in file order and its tensors as views
// into the file. Every length, count, shape and offset is checked against the file.
class GgufFile
{
public:
    static Result<GgufFile> open(const std::filesystem::path &path);

    std::uint32_t version() const { return m_version; }
    std::uint64_t alignment() const { return m_alignment; }
    const MetadataList &metadata() const { return m_metadata; }
    const GgufValue *find(const std::string &key) const;
    // Tensors in file order; shapes row-major (outermost first), the reverse of ggml's ne[].
    const std::vector<model::TensorData> &tensors() const { return m_tensors; }
    const model::TensorData *findTensor(const std::string &name) const;
    std::uint64_t dataOffset() const { return m_dataOffset; }
    const std::filesystem::path &path() const { return m_path; }

private:
    void parse();

    std::filesystem::path m_path;
    std::shared_ptr<const model::MappedFile> m_file;
    std::uint32_t m_version = 0;
    std::uint64_t m_alignment = 32;
    std::uint64_t m_dataOffset = 0;
    MetadataList m_metadata;
    std::vector<model::TensorData> m_tensors;
};

} // namespace deskseek::engine::gguf
