#pragma once

#include "engine/gguf/gguffile.h"
#include "engine/gguf/metadatareader.h"
#include "engine/model/modelconfig.h"

// llama.cpp's deepseek2.* metadata: the latent attention's ranks and head parts, and the experts.
namespace deskseek::engine::gguf {

// Appends the deepseek2-specific keys (the generic ones, block_count and so on, are written by
// ggufModelMetadata). Files are written in llama.cpp's MLA form: one key/value head of
// kv_lora + rope values (key_length), kv_lora values (value_length), the per-head sizes in the
// *_mla keys.
void addDeepSeek2Metadata(const model::ModelConfig &config, MetadataList &metadata);

// Reads them into `config` (its generic fields already read), from DeskSeek's files and from
// llama.cpp's, old (attn_kv_b) and new (attn_k_b/attn_v_b) alike.
void readDeepSeek2Metadata(const MetadataReader &meta, const GgufFile &file, model::ModelConfig &config);

} // namespace deskseek::engine::gguf
