#pragma once

#include "engine/gguf/gguffile.h"
#include "engine/model/dtype.h"
#include "engine/result.h"

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace deskseek::engine::gguf {

// Writes a GGUF v3 file in one pass: metadata and tensor infos first, then each tensor's data in
// declaration order, so that a converter holds one tensor at a time. The file is written under
// a temporary name and renamed into place by finish(): a crash or a full disk never leaves a
// half-written model behind under the real name.
class GgufWriter
{
public:
    // alignment: a power of two; other than 32 it is recorded as general.alignment.
    explicit GgufWriter(std::filesystem::path path, std::uint64_t alignment = 32);
    ~GgufWriter(); // removes the temporary file unless finish() succeeded
    GgufWriter(const GgufWriter &) = delete;
    GgufWriter &operator=(const GgufWriter &) = delete;

    void addMetadata(std::string key, GgufValue value);
    // shape row-major (outermost first), as everywhere in the engine.
    void addTensor(std::string name, model::DType dtype, std::vector<std::int64_t> shape);

    Status begin();                                    // writes the header
    // The next bytes of the tensors' data, in declaration order; a tensor may come in pieces.
    Status writeTensorData(const void *data, std::uint64_t bytes);
    Status finish();                                   // flushes, syncs and renames

    std::uint64_t bytesWritten() const { return m_written; }
    std::uint64_t expectedSize(); // the final file size, known once tensors are declared

private:
    struct Pending
    {
        std::string name;
        model::DType dtype;
        std::vector<std::int64_t> shape;
        std::uint64_t bytes;
        std::uint64_t offset;
    };
    void write(const void *data, std::size_t bytes);
    void writeString(const std::string &text);
    void writeValue(const GgufValue &value);
    void pad();
    void ensureAlignmentKey();
    std::uint64_t headerSize() const;

    std::filesystem::path m_path;
    std::filesystem::path m_temporary;
    std::uint64_t m_alignment;
    MetadataList m_metadata;
    std::vector<Pending> m_tensors;
    std::FILE *m_file = nullptr;
    std::size_t m_next = 0;
    std::uint64_t m_tensorWritten = 0; // of tensor m_next
    std::uint64_t m_written = 0;
    bool m_finished = false;
};

// Writes a GGUF file with the metadata and tensors of `file`, in the same order and layout.
Status rewriteGguf(const GgufFile &file, const std::filesystem::path &output);

} // namespace deskseek::engine::gguf
