#include "engine/inference/blocks/gatedmlp.h"

#include "engine/inference/linearweight.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace deskseek::engine::inference::blocks {

at::Tensor gatedMlp(const LinearWeight &gate, const LinearWeight &up, const LinearWeight &down, const at::Tensor &x)
{
    const std::int64_t tokens = x.size(0);
    if (tokens <= kMlpBlockTokens)
        return down.forward(LinearWeight::swiglu(gate, up, x));
    at::Tensor out = at::empty({tokens, down.outFeatures()}, x.options());
    for (std::int64_t first = 0; first < tokens; first += kMlpBlockTokens) {
        const std::int64_t count = std::min(kMlpBlockTokens, tokens - first);
        out.narrow(0, first, count).copy_(down.forward(LinearWeight::swiglu(gate, up, x.narrow(0, first, count))));
    }
    return out;
}

} // namespace deskseek::engine::inference::blocks
