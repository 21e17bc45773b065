#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace deskseek::engine::model {

// Element types of weights on disk. Block types (Q8_0, Q4_0) store a group of values with a
// shared scale; their layouts are ggml's, so files interoperate with llama.cpp.
enum class DType {
    F32,
    F16,
    BF16,
    F8_E4M3, // recognised in safetensors (DeepSeek-V3/R1); not converted yet
    Q8_0,    // 32 values: fp16 scale d, 32 x int8 q; value = q * d
    Q4_0,    // 32 values: fp16 scale d, 16 bytes of nibbles; value = (q - 8) * d
};

std::string_view dtypeName(DType type);          // "F32", "BF16", "Q4_0", ...
std::optional<DType> dtypeFromName(std::string_view name); // case-insensitive

int blockSize(DType type);  // values per block (1 for plain types)
int blockBytes(DType type); // bytes per block

// Bytes that `count` values take, or nullopt when count is not a whole number of blocks or
// the size overflows.
std::optional<std::uint64_t> byteSize(DType type, std::uint64_t count);

// ggml's type ids (ggml.h enum ggml_type), used in GGUF tensor infos.
std::optional<std::uint32_t> ggmlTypeId(DType type);
std::optional<DType> dtypeFromGgmlTypeId(std::uint32_t id);

} // namespace deskseek::engine::model
