#include "engine/gguf/ggufwriter.h"

#include <cerrno>
#include <cstring>
#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace deskseek::engine::gguf {

namespace {
[[noreturn]] void ioFailure(const std::filesystem::path &path, int error)
{
#ifdef EDQUOT
    const bool quota = error == EDQUOT; // no disk quotas on Windows
#else
    const bool quota = false;
#endif
    if (error == ENOSPC || quota) {
        fail(ErrorCode::Io, "The disk is full while writing " + path.string()
                                + ". Free some space or choose another folder, then try again.");
    }
    fail(ErrorCode::Io, "Cannot write " + path.string() + ": " + std::strerror(error));
}

std::uint64_t valueSize(const GgufValue &value)
{
    switch (value.type) {
    case GgufType::Uint8: case GgufType::Int8: case GgufType::Bool: return 1;
    case GgufType::Uint16: case GgufType::Int16: return 2;
    case GgufType::Uint32: case GgufType::Int32: case GgufType::Float32: return 4;
    case GgufType::Uint64: case GgufType::Int64: case GgufType::Float64: return 8;
    case GgufType::String: return 8 + value.asString()->size();
    case GgufType::Array: {
        std::uint64_t size = 4 + 8;
        for (const GgufValue &element : value.elements)
            size += valueSize(element);
        return size;
    }
    }
    return 0;
}
} // namespace

GgufWriter::GgufWriter(std::filesystem::path path, std::uint64_t alignment)
    : m_path(std::move(path))
    , m_alignment(alignment)
{
    m_temporary = m_path;
    m_temporary += ".part";
}

void GgufWriter::ensureAlignmentKey()
{
    if (m_alignment == 32)
        return;
    for (const auto &entry : m_metadata) {
        if (entry.first == "general.alignment")
            return;
    }
    m_metadata.emplace(m_metadata.begin(), "general.alignment",
                       GgufValue::uint32(static_cast<std::uint32_t>(m_alignment)));
}

GgufWriter::~GgufWriter()
{
    if (m_file)
        std::fclose(m_file);
    if (!m_finished) {
        std::error_code ignored;
        std::filesystem::remove(m_temporary, ignored);
    }
}

void GgufWriter::addMetadata(std::string key, GgufValue value)
{
    for (auto &[name, existing] : m_metadata) {
        if (name == key) {
            existing = std::move(value);
            return;
        }
    }
    m_metadata.emplace_back(std::move(key), std::move(value));
}

void GgufWriter::addTensor(std::string name, model::DType dtype, std::vector<std::int64_t> shape)
{
    std::int64_t count = 1;
    for (std::int64_t dimension : shape)
        count *= dimension;
    const std::uint64_t bytes = model::byteSize(dtype, static_cast<std::uint64_t>(count)).value_or(0);
    std::uint64_t offset = 0;
    if (!m_tensors.empty()) {
        const Pending &last = m_tensors.back();
        offset = (last.offset + last.bytes + m_alignment - 1) / m_alignment * m_alignment;
    }
    m_tensors.push_back({std::move(name), dtype, std::move(shape), bytes, offset});
}

std::uint64_t GgufWriter::headerSize() const
{
    std::uint64_t size = 4 + 4 + 8 + 8;
    for (const auto &[key, value] : m_metadata)
        size += 8 + key.size() + 4 + valueSize(value);
    for (const Pending &tensor : m_tensors)
        size += 8 + tensor.name.size() + 4 + 8 * tensor.shape.size() + 4 + 8;
    return (size + m_alignment - 1) / m_alignment * m_alignment;
}

std::uint64_t GgufWriter::expectedSize()
{
    ensureAlignmentKey();
    if (m_tensors.empty())
        return headerSize();
    return headerSize() + m_tensors.back().offset + m_tensors.back().bytes;
}

void GgufWriter::write(const void *data, std::size_t bytes)
{
    if (bytes == 0)
        return;
    if (std::fwrite(data, 1, bytes, m_file) != bytes)
        ioFailure(m_path, errno ? errno : EIO);
    m_written += bytes;
}

void GgufWriter::writeString(const std::string &text)
{
    const std::uint64_t length = text.size();
    write(&length, 8);
    write(text.data(), text.size());
}

void GgufWriter::writeValue(const GgufValue &value)
{
    const auto writeAs = [&](auto sample, auto number) {
        decltype(sample) converted = static_cast<decltype(sample)>(number);
        write(&converted, sizeof converted);
    };
    switch (value.type) {
    case GgufType::Uint8: writeAs(std::uint8_t{}, *value.asUnsigned()); return;
    case GgufType::Int8: writeAs(std::int8_t{}, *value.asSigned()); return;
    case GgufType::Uint16: writeAs(std::uint16_t{}, *value.asUnsigned()); return;
    case GgufType::Int16: writeAs(std::int16_t{}, *value.asSigned()); return;
    case GgufType::Uint32: writeAs(std::uint32_t{}, *value.asUnsigned()); return;
    case GgufType::Int32: writeAs(std::int32_t{}, *value.asSigned()); return;
    case GgufType::Uint64: writeAs(std::uint64_t{}, *value.asUnsigned()); return;
    case GgufType::Int64: writeAs(std::int64_t{}, *value.asSigned()); return;
    case GgufType::Float32: writeAs(float{}, *value.asDouble()); return;
    case GgufType::Float64: writeAs(double{}, *value.asDouble()); return;
    case GgufType::Bool: writeAs(std::uint8_t{}, *value.asBool() ? 1 : 0); return;
    case GgufType::String: writeString(*value.asString()); return;
    case GgufType::Array: {
        const auto elementType = static_cast<std::uint32_t>(value.elementType);
        write(&elementType, 4);
        const std::uint64_t count = value.elements.size();
        write(&count, 8);
        for (const GgufValue &element : value.elements)
            writeValue(element);
        return;
    }
    }
}

void GgufWriter::pad()
{
    static const char zeros[64] = {};
    std::uint64_t padding = (m_alignment - m_written % m_alignment) % m_alignment;
    while (padding > 0) {
        const std::uint64_t chunk = std::min<std::uint64_t>(padding, sizeof zeros);
        write(zeros, chunk);
        padding -= chunk;
    }
}

Status GgufWriter::begin()
{
    return catchErrors([&] {
        ensureAlignmentKey();
        for (const auto &[key, value] : m_metadata) {
            if (value.type == GgufType::Array) {
                for (const GgufValue &element : value.elements) {
                    if (element.type != value.elementType)
                        fail(ErrorCode::InvalidArgument, "The metadata array '" + key + "' mixes types.");
                }
            }
        }
        for (const Pending &tensor : m_tensors) {
            if (!model::ggmlTypeId(tensor.dtype) || tensor.shape.empty() || tensor.shape.size() > 4
                || tensor.shape.back() % model::blockSize(tensor.dtype) != 0)
                fail(ErrorCode::InvalidArgument, "The tensor '" + tensor.name + "' cannot be stored as "
                                                     + std::string(model::dtypeName(tensor.dtype)) + ".");
        }
#ifdef _WIN32
        m_file = ::_wfopen(m_temporary.c_str(), L"wb"); // Windows paths are UTF-16
#else
        m_file = std::fopen(m_temporary.c_str(), "wb");
#endif
        if (!m_file)
            ioFailure(m_temporary, errno);
        std::setvbuf(m_file, nullptr, _IOFBF, 1 << 20);
        write("GGUF", 4);
        const std::uint32_t version = 3;
        write(&version, 4);
        const std::uint64_t tensorCount = m_tensors.size();
        const std::uint64_t keyCount = m_metadata.size();
        write(&tensorCount, 8);
        write(&keyCount, 8);
        for (const auto &[key, value] : m_metadata) {
            writeString(key);
            const auto type = static_cast<std::uint32_t>(value.type);
            write(&type, 4);
            writeValue(value);
        }
        for (const Pending &tensor : m_tensors) {
            writeString(tensor.name);
            const auto dimensions = static_cast<std::uint32_t>(tensor.shape.size());
            write(&dimensions, 4);
            for (auto it = tensor.shape.rbegin(); it != tensor.shape.rend(); ++it) {
                const auto size = static_cast<std::uint64_t>(*it);
                write(&size, 8);
            }
            const std::uint32_t type = *model::ggmlTypeId(tensor.dtype);
            write(&type, 4);
            write(&tensor.offset, 8);
        }
        pad();
        return Ok{};
    });
}

Status GgufWriter::writeTensorData(const void *data, std::uint64_t bytes)
{
    return catchErrors([&] {
        if (!m_file || m_next >= m_tensors.size())
            fail(ErrorCode::InvalidArgument, "More tensor data than declared tensors.");
        const Pending &tensor = m_tensors[m_next];
        if (bytes > tensor.bytes - m_tensorWritten)
            fail(ErrorCode::InvalidArgument, "The tensor '" + tensor.name + "' should have "
                                                 + std::to_string(tensor.bytes) + " bytes, got more.");
        write(data, bytes);
        m_tensorWritten += bytes;
        if (m_tensorWritten == tensor.bytes) {
            ++m_next;
            m_tensorWritten = 0;
            if (m_next < m_tensors.size())
                pad();
        }
        return Ok{};
    });
}

Status GgufWriter::finish()
{
    return catchErrors([&] {
        if (!m_file || m_next != m_tensors.size())
            fail(ErrorCode::InvalidArgument, "Not every declared tensor was written.");
#ifdef _WIN32
        if (std::fflush(m_file) != 0 || ::_commit(::_fileno(m_file)) != 0)
#else
        if (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0)
#endif
            ioFailure(m_path, errno);
        const int closed = std::fclose(m_file);
        m_file = nullptr;
        if (closed != 0)
            ioFailure(m_path, errno);
        std::error_code error;
        std::filesystem::rename(m_temporary, m_path, error);
        if (error)
            fail(ErrorCode::Io, "Cannot move " + m_temporary.string() + " to " + m_path.string()
                                    + ": " + error.message());
        m_finished = true;
        return Ok{};
    });
}

Status rewriteGguf(const GgufFile &file, const std::filesystem::path &output)
{
    GgufWriter writer(output, file.alignment());
    for (const auto &[key, value] : file.metadata())
        writer.addMetadata(key, value);
    for (const model::TensorData &tensor : file.tensors())
        writer.addTensor(tensor.name, tensor.dtype, tensor.shape);
    if (Status status = writer.begin(); !status)
        return status;
    for (const model::TensorData &tensor : file.tensors()) {
        if (Status status = writer.writeTensorData(tensor.data, tensor.bytes); !status)
            return status;
    }
    return writer.finish();
}

} // namespace deskseek::engine::gguf
