#include "engine/inference/blocks/rmsnorm.h"

#include <ATen/ATen.h>

#include <cmath>

namespace deskseek::engine::inference::blocks {

at::Tensor rmsNorm(const at::Tensor &x, const at::Tensor &weight, float eps)
{
    if (x.device().is_cpu() && x.is_contiguous() && weight.is_contiguous() && x.scalar_type() == at::kFloat
        && weight.scalar_type() == at::kFloat) {
        const std::int64_t width = x.size(-1);
        const std::int64_t rows = x.numel() / width;
        at::Tensor out = at::empty_like(x);
        const float *in = x.data_ptr<float>();
        const float *w = weight.data_ptr<float>();
        float *o = out.data_ptr<float>();
        for (std::int64_t r = 0; r < rows; ++r) {
            const float *row = in + r * width;
            double sum = 0.0;
            for (std::int64_t i = 0; i < width; ++i)
                sum += static_cast<double>(row[i] * row[i]);
            const auto mean = static_cast<float>(sum / static_cast<double>(width));
            const float scale = 1.0f / std::sqrt(mean + eps);
            for (std::int64_t i = 0; i < width; ++i)
                o[r * width + i] = row[i] * scale * w[i];
        }
        return out;
    }
    const at::Tensor mean = ((x * x).to(at::kDouble).sum(-1, true) / static_cast<double>(x.size(-1))).to(at::kFloat);
    return x * at::reciprocal(at::sqrt(mean + eps)) * weight;
}

} // namespace deskseek::engine::inference::blocks
