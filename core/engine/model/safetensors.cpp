#include "engine/model/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <set>

namespace deskseek::engine::model {

namespace {

// A header larger than this is not a real model's (DeepSeek-V3's largest shard header is ~100 kB).
constexpr std::uint64_t kMaxHeaderBytes = 100ull << 20;
constexpr std::int64_t kMaxElements = std::int64_t{1} << 46;

std::optional<DType> safetensorsDtype(const std::string &name)
{
    if (name == "F32") return DType::F32;
    if (name == "F16") return DType::F16;
    if (name == "BF16") return DType::BF16;
    if (name == "F8_E4M3") return DType::F8_E4M3;
    return std::nullopt;
}

[[noreturn]] void corrupt(const std::filesystem::path &file, const std::string &what)
{
    fail(ErrorCode::Corrupt, file.string() + " is not a valid safetensors file: " + what
                                 + ". Download it again.");
}

} // namespace

const TensorData *Safetensors::find(const std::string &name) const
{
    const auto it = m_tensors.find(name);
    return it == m_tensors.end() ? nullptr : &it->second;
}

std::uint64_t Safetensors::totalBytes() const
{
    std::uint64_t total = 0;
    for (const auto &[name, tensor] : m_tensors)
        total += tensor.bytes;
    return total;
}

void Safetensors::addFile(const std::filesystem::path &path)
{
    auto mapped = MappedFile::open(path);
    if (!mapped)
        throw EngineException(mapped.error().code, mapped.error().message);
    std::shared_ptr<const MappedFile> file = mapped.value();
    if (file->size() < 8) {
        fail(ErrorCode::Truncated, path.string() + " is truncated (" + std::to_string(file->size())
                                       + " bytes). Download it again.");
    }
    std::uint64_t headerBytes = 0;
    std::memcpy(&headerBytes, file->data(), 8); // little-endian, as on every platform we build for
    if (headerBytes > kMaxHeaderBytes)
        corrupt(path, "its header claims " + std::to_string(headerBytes) + " bytes");
    if (headerBytes > file->size() - 8) {
        fail(ErrorCode::Truncated, path.string() + " is truncated: the header needs "
                                       + std::to_string(headerBytes + 8) + " bytes, the file has "
                                       + std::to_string(file->size()) + ". Download it again.");
    }
    const auto *begin = reinterpret_cast<const char *>(file->data()) + 8;
    const nlohmann::json header = nlohmann::json::parse(begin, begin + headerBytes, nullptr, false);
    if (header.is_discarded() || !header.is_object())
        corrupt(path, "its header is not a JSON object");

    const std::uint64_t dataStart = 8 + headerBytes;
    const std::uint64_t dataBytes = file->size() - dataStart;
    for (const auto &[name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (m_metadata.empty() && entry.is_object()) {
                for (const auto &[key, value] : entry.items()) {
                    if (value.is_string())
                        m_metadata[key] = value.get<std::string>();
                }
            }
            continue;
        }
        const std::string where = "tensor '" + name + "'";
        if (!entry.is_object() || !entry.contains("dtype") || !entry["dtype"].is_string()
            || !entry.contains("shape") || !entry["shape"].is_array()
            || !entry.contains("data_offsets") || !entry["data_offsets"].is_array()
            || entry["data_offsets"].size() != 2) {
            corrupt(path, where + " has no valid dtype, shape and data_offsets");
        }
        const std::string dtypeName = entry["dtype"].get<std::string>();
        const std::optional<DType> dtype = safetensorsDtype(dtypeName);
        if (!dtype) {
            fail(ErrorCode::Unsupported, path.string() + ": " + where + " has type " + dtypeName
                                             + ", which DeskSeek cannot load (BF16, F16, F32 and "
                                               "F8_E4M3 are supported).");
        }
        TensorData tensor;
        tensor.name = name;
        tensor.dtype = *dtype;
        if (entry["shape"].size() > 8)
            corrupt(path, where + " has " + std::to_string(entry["shape"].size()) + " dimensions");
        for (const auto &dimension : entry["shape"]) {
            if (!dimension.is_number_unsigned())
                corrupt(path, where + " has a dimension that is not a non-negative integer");
            const auto value = dimension.get<std::uint64_t>();
            if (value > static_cast<std::uint64_t>(kMaxElements))
                corrupt(path, where + " has a dimension of " + std::to_string(value));
            tensor.shape.push_back(static_cast<std::int64_t>(value));
        }
        const auto count = checkedElementCount(tensor.shape, kMaxElements);
        if (!count)
            corrupt(path, where + " has an impossible shape " + tensor.describeShape());
        const auto &offsets = entry["data_offsets"];
        if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
            corrupt(path, where + " has data offsets that are not non-negative integers");
        const auto first = offsets[0].get<std::uint64_t>();
        const auto last = offsets[1].get<std::uint64_t>();
        const std::uint64_t expected = *byteSize(tensor.dtype, static_cast<std::uint64_t>(*count));
        if (first > last || last - first != expected) {
            corrupt(path, where + " has data offsets [" + std::to_string(first) + ", "
                              + std::to_string(last) + ") that do not fit its shape "
                              + tensor.describeShape() + " and type " + dtypeName);
        }
        if (last > dataBytes) {
            fail(ErrorCode::Truncated, path.string() + " is truncated: " + where + " ends at byte "
                                           + std::to_string(dataStart + last) + " but the file has "
                                           + std::to_string(file->size())
                                           + " bytes. Download it again.");
        }
        tensor.data = file->data() + dataStart + first;
        tensor.bytes = expected;
        tensor.file = file;
        if (m_tensors.count(name))
            corrupt(path, where + " appears in more than one file");
        m_tensors.emplace(name, std::move(tensor));
    }
}

Result<Safetensors> Safetensors::openFile(const std::filesystem::path &file)
{
    return catchErrors([&] {
        Safetensors result;
        result.addFile(file);
        return result;
    });
}

Result<Safetensors> Safetensors::openFolder(const std::filesystem::path &folder)
{
    return catchErrors([&]() -> Safetensors {
        Safetensors result;
        const std::filesystem::path index = folder / "model.safetensors.index.json";
        std::error_code error;
        if (std::filesystem::exists(index, error)) {
            auto mapped = MappedFile::open(index);
            if (!mapped)
                throw EngineException(mapped.error().code, mapped.error().message);
            const auto *text = reinterpret_cast<const char *>(mapped.value()->data());
            const nlohmann::json json = nlohmann::json::parse(
                text, text + mapped.value()->size(), nullptr, false);
            if (json.is_discarded() || !json.is_object() || !json.contains("weight_map")
                || !json["weight_map"].is_object()) {
                fail(ErrorCode::Corrupt, index.string()
                                             + " is not a valid index (no weight_map). Download "
                                               "it again.");
            }
            std::set<std::string> shards;
            for (const auto &[name, shard] : json["weight_map"].items()) {
                if (!shard.is_string())
                    fail(ErrorCode::Corrupt, index.string() + ": the shard of '" + name
                                                 + "' is not a file name.");
                const std::string fileName = shard.get<std::string>();
                // Shards live beside the index: a path that leaves the folder is refused.
                if (fileName.empty() || fileName.find('/') != std::string::npos
                    || fileName.find('\\') != std::string::npos || fileName == "."
                    || fileName == "..") {
                    fail(ErrorCode::Corrupt, index.string() + " names the shard '" + fileName
                                                 + "', which is not a plain file name.");
                }
                shards.insert(fileName);
            }
            for (const std::string &shard : shards) {
                if (!std::filesystem::exists(folder / shard, error)) {
                    fail(ErrorCode::NotFound, "The shard " + (folder / shard).string()
                                                  + " is missing. Download the model again.");
                }
                result.addFile(folder / shard);
            }
            for (const auto &[name, shard] : json["weight_map"].items()) {
                const TensorData *tensor = result.find(name);
                if (!tensor || tensor->file->path().filename() != shard.get<std::string>()) {
                    fail(ErrorCode::Corrupt, index.string() + " puts tensor '" + name + "' in "
                                                 + shard.get<std::string>()
                                                 + ", but that file does not hold it.");
                }
            }
            return result;
        }
        if (std::filesystem::exists(folder / "model.safetensors", error)) {
            result.addFile(folder / "model.safetensors");
            return result;
        }
        std::vector<std::filesystem::path> files;
        for (const auto &entry : std::filesystem::directory_iterator(folder, error)) {
            if (entry.path().extension() == ".safetensors")
                files.push_back(entry.path());
        }
        if (files.empty()) {
            fail(ErrorCode::NotFound, "No .safetensors files in " + folder.string()
                                          + ". Choose the folder of a Hugging Face model.");
        }
        std::sort(files.begin(), files.end());
        for (const auto &file : files)
            result.addFile(file);
        return result;
    });
}

} // namespace deskseek::engine::model
