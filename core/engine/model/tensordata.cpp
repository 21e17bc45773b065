#include "engine/model/tensordata.h"

namespace deskseek::engine::model {

std::int64_t TensorData::elementCount() const
{
    std::int64_t count = 1;
    for (std::int64_t dimension : shape)
        count *= dimension;
    return count;
}

std::int64_t TensorData::rowCount() const
{
    const std::int64_t length = rowLength();
    return length == 0 ? 0 : elementCount() / length;
}

std::string TensorData::describeShape() const
{
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

std::optional<std::int64_t> checkedElementCount(const std::vector<std::int64_t> &shape,
                                                std::int64_t limit)
{
    std::int64_t count = 1;
    for (std::int64_t dimension : shape) {
        if (dimension < 0)
            return std::nullopt;
        if (dimension != 0 && count > limit / dimension)
            return std::nullopt;
        count *= dimension;
    }
    return count;
}

} // namespace deskseek::engine::model
