#pragma once

#include "engine/model/architecture.h"

// The architectures' descriptors, one file each (internal to model/: use describe()).
namespace deskseek::engine::model {

const ArchitectureDescriptor &qwen2Descriptor();
const ArchitectureDescriptor &qwen3Descriptor();
const ArchitectureDescriptor &llamaDescriptor();
const ArchitectureDescriptor &deepSeek2Descriptor();

} // namespace deskseek::engine::model
