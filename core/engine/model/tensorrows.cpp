#include "engine/model/tensorrows.h"

#include "engine/model/blockquant.h"

namespace deskseek::engine::model {

std::int64_t ropeRowSource(std::int64_t row, std::int64_t rows, std::int64_t heads)
{
    const std::int64_t d = rows / heads;
    const std::int64_t head = row / d;
    const std::int64_t within = row % d;
    const std::int64_t i = within / 2;
    const std::int64_t s = within % 2;
    return head * d + s * (d / 2) + i;
}

std::int64_t ropeRowTarget(std::int64_t hfRow, std::int64_t rows, std::int64_t heads)
{
    const std::int64_t d = rows / heads;
    const std::int64_t head = hfRow / d;
    const std::int64_t within = hfRow % d;
    const std::int64_t s = within / (d / 2);
    const std::int64_t i = within % (d / 2);
    return head * d + 2 * i + s;
}

void readRows(const TensorData &tensor, std::int64_t firstRow, std::int64_t rowCount, float *out)
{
    const std::int64_t length = tensor.rowLength();
    const std::uint64_t rowBytes = *byteSize(tensor.dtype, static_cast<std::uint64_t>(length));
    // 1-D tensors (biases) are one row of values, permuted value by value.
    const bool vector = tensor.shape.size() == 1;
    const std::int64_t rows = vector ? tensor.shape[0] : tensor.rowCount();
    if (vector && tensor.ropePermutedHeads > 0) {
        std::vector<float> all(static_cast<std::size_t>(rows));
        dequantizeRow(tensor.dtype, tensor.data, rows, all.data());
        for (std::int64_t i = 0; i < rows; ++i)
            out[i] = all[ropeRowTarget(i, rows, tensor.ropePermutedHeads)];
        return;
    }
    std::vector<float> scales;
    if (tensor.blockScales) {
        // One row of block scales serves 128 rows: read it when the row's block changes.
        scales.resize(static_cast<std::size_t>(tensor.blockScales->rowLength()));
    }
    std::int64_t scaleRow = -1;
    for (std::int64_t r = 0; r < rowCount; ++r) {
        const std::int64_t hfRow = firstRow + r;
        const std::int64_t fileRow = tensor.ropePermutedHeads > 0
                                         ? ropeRowTarget(hfRow, rows, tensor.ropePermutedHeads)
                                         : hfRow;
        dequantizeRow(tensor.dtype, tensor.data + static_cast<std::uint64_t>(fileRow) * rowBytes,
                      length, out + r * length);
        if (tensor.blockScales) {
            if (fileRow / kFp8BlockSize != scaleRow) {
                scaleRow = fileRow / kFp8BlockSize;
                readRows(*tensor.blockScales, scaleRow, 1, scales.data());
            }
            float *row = out + r * length;
            for (std::int64_t i = 0; i < length; ++i)
                row[i] *= scales[static_cast<std::size_t>(i / kFp8BlockSize)];
        }
    }
}

std::vector<float> readAllFloats(const TensorData &tensor)
{
    std::vector<float> values(static_cast<std::size_t>(tensor.elementCount()));
    if (tensor.shape.size() == 1)
        readRows(tensor, 0, 1, values.data());
    else
        readRows(tensor, 0, tensor.rowCount(), values.data());
    return values;
}

} // namespace deskseek::engine::model
