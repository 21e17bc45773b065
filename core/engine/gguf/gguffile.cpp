#include "engine/gguf/gguffile.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>

namespace deskseek::engine::gguf {

namespace {

// "16 (IQ2_XXS)": ggml's names for the types DeskSeek does not run (enum ggml_type), so that
// the error says what the file holds.
std::string ggmlTypeDescription(std::uint32_t id)
{
    static const std::map<std::uint32_t, const char *> names = {
        {9, "Q8_1"},     {15, "Q8_K"},  {16, "IQ2_XXS"}, {17, "IQ2_XS"}, {18, "IQ3_XXS"}, {19, "IQ1_S"},
        {20, "IQ4_NL"},  {21, "IQ3_S"}, {22, "IQ2_S"},   {24, "I8"},     {25, "I16"},     {26, "I32"},
        {27, "I64"},     {28, "F64"},   {29, "IQ1_M"},   {34, "TQ1_0"},  {35, "TQ2_0"},   {39, "MXFP4"}};
    const auto found = names.find(id);
    return std::to_string(id) + (found != names.end() ? std::string(" (") + found->second + ")" : std::string());
}

constexpr std::uint64_t kMaxKeyBytes = 1 << 16;
constexpr std::uint64_t kMaxCount = 1 << 24; // key/values, tensors, array elements
constexpr int kMaxNesting = 3;
constexpr std::int64_t kMaxElements = std::int64_t{1} << 46;

class Reader
{
public:
    Reader(const model::MappedFile &file)
        : m_file(file)
    {
    }

    std::uint64_t position() const { return m_position; }
    std::uint64_t remaining() const { return m_file.size() - m_position; }

    template<typename T>
    T read(const char *what)
    {
        need(sizeof(T), what);
        T value;
        std::memcpy(&value, m_file.data() + m_position, sizeof(T));
        m_position += sizeof(T);
        return value;
    }

    std::string readString(const char *what, std::uint64_t limit)
    {
        const auto length = read<std::uint64_t>(what);
        if (length > limit)
            corrupt(std::string(what) + " claims a length of " + std::to_string(length) + " bytes");
        need(length, what);
        std::string text(reinterpret_cast<const char *>(m_file.data() + m_position), length);
        m_position += length;
        return text;
    }

    void need(std::uint64_t bytes, const std::string &what)
    {
        if (bytes > remaining()) {
            fail(ErrorCode::Truncated, m_file.path().string() + " is truncated: " + what
                                           + " needs bytes past the end of the file ("
                                           + std::to_string(m_file.size())
                                           + " bytes). Download or convert it again.");
        }
    }

    [[noreturn]] void corrupt(const std::string &what) const
    {
        fail(ErrorCode::Corrupt, m_file.path().string() + " is not a valid GGUF file: " + what
                                     + " (at byte " + std::to_string(m_position)
                                     + "). Download or convert it again.");
    }

private:
    const model::MappedFile &m_file;
    std::uint64_t m_position = 0;
};

GgufType readType(Reader &reader, const char *what)
{
    const auto code = reader.read<std::uint32_t>(what);
    if (code > static_cast<std::uint32_t>(GgufType::Float64))
        reader.corrupt(std::string(what) + " has the unknown value type " + std::to_string(code));
    return static_cast<GgufType>(code);
}

GgufValue readValue(Reader &reader, GgufType type, const std::string &key, int depth)
{
    const char *what = "a metadata value";
    switch (type) {
    case GgufType::Uint8: return GgufValue::scalarOf(type, std::uint64_t{reader.read<std::uint8_t>(what)});
    case GgufType::Int8: return GgufValue::scalarOf(type, std::int64_t{reader.read<std::int8_t>(what)});
    case GgufType::Uint16: return GgufValue::scalarOf(type, std::uint64_t{reader.read<std::uint16_t>(what)});
    case GgufType::Int16: return GgufValue::scalarOf(type, std::int64_t{reader.read<std::int16_t>(what)});
    case GgufType::Uint32: return GgufValue::scalarOf(type, std::uint64_t{reader.read<std::uint32_t>(what)});
    case GgufType::Int32: return GgufValue::scalarOf(type, std::int64_t{reader.read<std::int32_t>(what)});
    case GgufType::Uint64: return GgufValue::scalarOf(type, reader.read<std::uint64_t>(what));
    case GgufType::Int64: return GgufValue::scalarOf(type, reader.read<std::int64_t>(what));
    case GgufType::Float32: return GgufValue::scalarOf(type, static_cast<double>(reader.read<float>(what)));
    case GgufType::Float64: return GgufValue::scalarOf(type, reader.read<double>(what));
    case GgufType::Bool: {
        const auto byte = reader.read<std::uint8_t>(what);
        if (byte > 1)
            reader.corrupt("the boolean '" + key + "' is " + std::to_string(byte));
        return GgufValue::scalarOf(type, byte == 1);
    }
    case GgufType::String:
        return GgufValue::scalarOf(type, reader.readString("a string value", reader.remaining()));
    case GgufType::Array: {
        if (depth >= kMaxNesting)
            reader.corrupt("the array '" + key + "' is nested too deeply");
        GgufValue array;
        array.type = GgufType::Array;
        array.elementType = readType(reader, "an array");
        const auto count = reader.read<std::uint64_t>("an array length");
        // Every element takes at least one byte (strings at least 8): the count is bounded by
        // what is left of the file.
        if (count > kMaxCount || count > reader.remaining())
            reader.corrupt("the array '" + key + "' claims " + std::to_string(count) + " elements");
        array.elements.reserve(count);
        for (std::uint64_t i = 0; i < count; ++i)
            array.elements.push_back(readValue(reader, array.elementType, key, depth + 1));
        return array;
    }
    }
    reader.corrupt("unknown value type");
}

} // namespace

Result<GgufFile> GgufFile::open(const std::filesystem::path &path)
{
    return catchErrors([&] {
        GgufFile file;
        file.m_path = path;
        auto mapped = model::MappedFile::open(path);
        if (!mapped)
            throw EngineException(mapped.error().code, mapped.error().message);
        file.m_file = mapped.value();
        file.parse();
        // The metadata is parsed (megabytes of vocabulary in a tokenizer's file): its pages can go.
        file.m_file->release(file.m_file->data(), std::min<std::uint64_t>(file.m_dataOffset, file.m_file->size()));
        return file;
    });
}

const GgufValue *GgufFile::find(const std::string &key) const
{
    for (const auto &[name, value] : m_metadata) {
        if (name == key)
            return &value;
    }
    return nullptr;
}

const model::TensorData *GgufFile::findTensor(const std::string &name) const
{
    for (const auto &tensor : m_tensors) {
        if (tensor.name == name)
            return &tensor;
    }
    return nullptr;
}

void GgufFile::parse()
{
    Reader reader(*m_file);
    if (m_file->size() < 4 || std::memcmp(m_file->data(), "GGUF", 4) != 0) {
        fail(ErrorCode::Corrupt, m_path.string() + " is not a GGUF file (it does not start with "
                                                   "'GGUF'). Choose a .gguf model file.");
    }
    reader.read<std::uint32_t>("the magic");
    m_version = reader.read<std::uint32_t>("the version");
    if (m_version < 2 || m_version > 3) {
        fail(ErrorCode::Unsupported, m_path.string() + " is GGUF version " + std::to_string(m_version)
                                         + "; DeskSeek reads versions 2 and 3.");
    }
    const auto tensorCount = reader.read<std::uint64_t>("the tensor count");
    const auto keyCount = reader.read<std::uint64_t>("the metadata count");
    if (tensorCount > kMaxCount || keyCount > kMaxCount)
        reader.corrupt("it claims " + std::to_string(tensorCount) + " tensors and "
                       + std::to_string(keyCount) + " metadata entries");

    std::set<std::string> keys;
    for (std::uint64_t i = 0; i < keyCount; ++i) {
        std::string key = reader.readString("a metadata key", kMaxKeyBytes);
        if (!keys.insert(key).second)
            reader.corrupt("the key '" + key + "' appears twice");
        const GgufType type = readType(reader, "a metadata value");
        GgufValue value = readValue(reader, type, key, 0);
        m_metadata.emplace_back(std::move(key), std::move(value));
    }
    if (const GgufValue *alignment = find("general.alignment")) {
        const auto value = alignment->asUnsigned();
        if (alignment->type != GgufType::Uint32 || !value || *value == 0 || *value > (1u << 20)
            || (*value & (*value - 1)) != 0)
            reader.corrupt("general.alignment is not a power of two");
        m_alignment = *value;
    }

    struct Info
    {
        model::TensorData tensor;
        std::uint64_t offset;
    };
    std::vector<Info> infos;
    std::set<std::string> names;
    for (std::uint64_t i = 0; i < tensorCount; ++i) {
        Info info;
        info.tensor.name = reader.readString("a tensor name", kMaxKeyBytes);
        const std::string where = "tensor '" + info.tensor.name + "'";
        if (!names.insert(info.tensor.name).second)
            reader.corrupt(where + " appears twice");
        const auto dimensions = reader.read<std::uint32_t>("a tensor's dimension count");
        if (dimensions == 0 || dimensions > 4)
            reader.corrupt(where + " has " + std::to_string(dimensions) + " dimensions");
        std::vector<std::int64_t> shape(dimensions);
        for (std::uint32_t d = 0; d < dimensions; ++d) {
            const auto size = reader.read<std::uint64_t>("a tensor dimension");
            if (size > static_cast<std::uint64_t>(kMaxElements))
                reader.corrupt(where + " has a dimension of " + std::to_string(size));
            shape[dimensions - 1 - d] = static_cast<std::int64_t>(size); // ggml: innermost first
        }
        info.tensor.shape = shape;
        const auto typeId = reader.read<std::uint32_t>("a tensor type");
        const auto dtype = model::dtypeFromGgmlTypeId(typeId);
        if (!dtype) {
            fail(ErrorCode::Unsupported, m_path.string() + ": " + where + " has the ggml type "
                                             + ggmlTypeDescription(typeId) + ", which DeskSeek cannot run (it runs "
                                             + model::supportedTypeList() + ").");
        }
        info.tensor.dtype = *dtype;
        info.offset = reader.read<std::uint64_t>("a tensor offset");
        const auto count = model::checkedElementCount(shape, kMaxElements);
        if (!count)
            reader.corrupt(where + " has an impossible shape " + info.tensor.describeShape());
        if (shape.back() % model::blockSize(*dtype) != 0)
            reader.corrupt(where + " has rows of " + std::to_string(shape.back()) + " values, not a whole number of "
                           + std::string(model::dtypeName(*dtype)) + " blocks (" + std::to_string(model::blockSize(*dtype))
                           + " values each)");
        info.tensor.bytes = *model::byteSize(*dtype, static_cast<std::uint64_t>(*count));
        if (info.offset % m_alignment != 0)
            reader.corrupt(where + " is not aligned to " + std::to_string(m_alignment) + " bytes");
        infos.push_back(std::move(info));
    }
    m_dataOffset = (reader.position() + m_alignment - 1) / m_alignment * m_alignment;
    const std::uint64_t dataBytes = m_file->size() >= m_dataOffset ? m_file->size() - m_dataOffset : 0;
    if (tensorCount > 0 && m_file->size() < m_dataOffset)
        reader.need(m_dataOffset - reader.position(), "the tensor data");

    // Tensors must lie inside the file and must not overlap.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (Info &info : infos) {
        if (info.offset > dataBytes || info.tensor.bytes > dataBytes - info.offset) {
            fail(ErrorCode::Truncated, m_path.string() + " is truncated: tensor '" + info.tensor.name
                                           + "' ends past the end of the file. Download or "
                                             "convert it again.");
        }
        ranges.emplace_back(info.offset, info.offset + info.tensor.bytes);
        info.tensor.data = m_file->data() + m_dataOffset + info.offset;
        info.tensor.file = m_file;
        m_tensors.push_back(std::move(info.tensor));
    }
    std::sort(ranges.begin(), ranges.end());
    for (std::size_t i = 1; i < ranges.size(); ++i) {
        if (ranges[i].first < ranges[i - 1].second)
            reader.corrupt("two tensors overlap");
    }
}

} // namespace deskseek::engine::gguf
