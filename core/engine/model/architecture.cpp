#include "engine/model/architecture.h"

#include "engine/model/architectures/descriptors.h"

namespace deskseek::engine::model {

const std::vector<const ArchitectureDescriptor *> &allArchitectures()
{
    static const std::vector<const ArchitectureDescriptor *> all{&qwen2Descriptor(), &qwen3Descriptor(), &llamaDescriptor(),
                                                                 &deepSeek2Descriptor()};
    return all;
}

const ArchitectureDescriptor &describe(Architecture architecture)
{
    for (const ArchitectureDescriptor *descriptor : allArchitectures())
        if (descriptor->architecture == architecture)
            return *descriptor;
    return qwen2Descriptor();
}

const ArchitectureDescriptor *architectureByName(std::string_view name)
{
    for (const ArchitectureDescriptor *descriptor : allArchitectures())
        if (descriptor->name == name)
            return descriptor;
    return nullptr;
}

const ArchitectureDescriptor *architectureByModelType(std::string_view modelType)
{
    for (const ArchitectureDescriptor *descriptor : allArchitectures())
        for (std::string_view type : descriptor->modelTypes)
            if (type == modelType)
                return descriptor;
    return nullptr;
}

std::string supportedArchitectureList(bool modelTypes)
{
    std::vector<std::string_view> names;
    for (const ArchitectureDescriptor *descriptor : allArchitectures()) {
        if (modelTypes)
            names.insert(names.end(), descriptor->modelTypes.begin(), descriptor->modelTypes.end());
        else
            names.push_back(descriptor->name);
    }
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i)
        text += std::string(i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + std::string(names[i]);
    return text;
}

} // namespace deskseek::engine::model
