#include "engine/inference/activationquant.h"

#include "engine/model/halffloat.h"

#include <algorithm>
#include <cmath>

namespace deskseek::engine::inference {

void quantizeActivationsQ8_0(const float *x, std::int64_t count, std::int8_t *q, std::uint16_t *scales)
{
    for (std::int64_t block = 0; block < count / 32; ++block) {
        const float *xb = x + block * 32;
        float amax = 0.0f;
        for (int j = 0; j < 32; ++j)
            amax = std::max(amax, std::fabs(xb[j]));
        scales[block] = model::floatToHalf(amax / 127.0f);
        const float inverse = amax != 0.0f ? 127.0f / amax : 0.0f;
        for (int j = 0; j < 32; ++j)
            q[block * 32 + j] = static_cast<std::int8_t>(std::nearbyint(xb[j] * inverse));
    }
}

void roundActivationsQ8_0(const float *x, std::int64_t count, float *out)
{
    std::int8_t q[32];
    std::uint16_t scale;
    for (std::int64_t block = 0; block < count / 32; ++block) {
        quantizeActivationsQ8_0(x + block * 32, 32, q, &scale);
        const float d = model::halfToFloat(scale);
        for (int j = 0; j < 32; ++j)
            out[block * 32 + j] = static_cast<float>(q[j]) * d;
    }
}

} // namespace deskseek::engine::inference
