#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace deskseek::engine::model {

// Element types of weights on disk. Block types store a group of values with shared scales;
// their layouts are ggml's (ggml-common.h), so files interoperate with llama.cpp. The K-quants
// and IQ4_XS take super-blocks of 256 values made of sub-blocks with their own small scales.
enum class DType {
    F32,
    F16,
    BF16,
    F8_E4M3, // recognised in safetensors (DeepSeek-V3/R1); not converted yet
    Q8_0,    // 32 values: fp16 scale d, 32 x int8 q; value = q * d
    Q4_0,    // 32 values: fp16 scale d, 16 bytes of nibbles; value = (q - 8) * d
    Q4_1,    // 32 values: fp16 d, fp16 m, 16 bytes of nibbles; value = q * d + m
    Q5_0,    // 32 values: fp16 d, 32 high bits, 16 bytes of nibbles; value = (q - 16) * d
    Q5_1,    // 32 values: fp16 d, fp16 m, 32 high bits, nibbles; value = q * d + m
    Q2_K,    // 256: 16 x (4-bit scale, 4-bit min), 2-bit values, fp16 d and dmin
    Q3_K,    // 256: high-bit mask, 2-bit values, 16 x 6-bit scales (- 32), fp16 d
    Q4_K,    // 256: fp16 d and dmin, 8 x (6-bit scale, 6-bit min), nibbles
    Q5_K,    // 256: as Q4_K, with a fifth bit per value
    Q6_K,    // 256: 4 low bits, 2 high bits, 16 x int8 scales, fp16 d; value = (q - 32) * d * s
    IQ4_XS,  // 256: fp16 d, 8 x 6-bit scales (- 32), nibbles indexing a non-linear grid
};

// Every type, in the order above.
constexpr DType kAllDTypes[] = {DType::F32,  DType::F16,  DType::BF16, DType::F8_E4M3, DType::Q8_0,
                                DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1,    DType::Q2_K,
                                DType::Q3_K, DType::Q4_K, DType::Q5_K, DType::Q6_K,    DType::IQ4_XS};

// True for the types whose blocks are super-blocks of 256 (the K-quants and IQ4_XS).
bool isSuperBlockType(DType type);

std::string_view dtypeName(DType type);          // "F32", "BF16", "Q4_0", "Q4_K", ...
std::optional<DType> dtypeFromName(std::string_view name); // case-insensitive

// "F32, F16, BF16, Q8_0, ... and IQ4_XS": the types the engine runs, for error messages.
std::string supportedTypeList();

int blockSize(DType type);  // values per block (1 for plain types)
int blockBytes(DType type); // bytes per block

// Bytes that `count` values take, or nullopt when count is not a whole number of blocks or
// the size overflows.
std::optional<std::uint64_t> byteSize(DType type, std::uint64_t count);

// ggml's type ids (ggml.h enum ggml_type), used in GGUF tensor infos.
std::optional<std::uint32_t> ggmlTypeId(DType type);
std::optional<DType> dtypeFromGgmlTypeId(std::uint32_t id);

} // namespace deskseek::engine::model
