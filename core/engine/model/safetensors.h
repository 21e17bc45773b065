#pragma once

#include "engine/model/tensordata.h"
#include "engine/result.h"

#include <filesystem>
#include <map>
#include <string>

namespace deskseek::engine::model {

// The tensors of a Hugging Face model stored as safetensors: one model.safetensors, or shards
// listed by model.safetensors.index.json. Files are memory-mapped; every offset and shape in a
// header is checked against the file before a tensor is handed out.
class Safetensors
{
public:
    // One .safetensors file.
    static Result<Safetensors> openFile(const std::filesystem::path &file);
    // A model folder: the index and its shards when there is an index, else model.safetensors,
    // else every *.safetensors file in the folder.
    static Result<Safetensors> openFolder(const std::filesystem::path &folder);

    const std::map<std::string, TensorData> &tensors() const { return m_tensors; }
    const TensorData *find(const std::string &name) const;
    const std::map<std::string, std::string> &metadata() const { return m_metadata; }
    std::uint64_t totalBytes() const;

private:
    void addFile(const std::filesystem::path &file);

    std::map<std::string, TensorData> m_tensors;
    std::map<std::string, std::string> m_metadata; // "__metadata__" of the first file
};

} // namespace deskseek::engine::model
