#pragma once

// Internal to the engine's kernels: the panel layouts of the K-quants (see panelweights.h) as
// byte offsets within one panel block (16 rows × one super-block of 256 values), and the
// kernels per instruction set (quantkernels.h dispatches to them).

#include "engine/inference/quantkernels.h"

#include <cstdint>
#include <utility>

namespace deskseek::engine::inference::kpanel {

// Calls f.operator()<I>() for I = 0 .. N - 1: loops whose index sets shift counts and choices,
// unrolled so that those are constants.
template<class F, int... I>
inline void unrollOver(std::integer_sequence<int, I...>, F &&f)
{
    (f.template operator()<I>(), ...);
}

template<int N, class F>
inline void unroll(F &&f)
{
    unrollOver(std::make_integer_sequence<int, N>{}, std::forward<F>(f));
}

// Q4_K and Q5_K: 16 fp16 d, 16 fp16 dmin, 3 groups of scale/min words, [Q5_K: 8 groups of fifth
// bits], 32 groups of nibbles.
constexpr int kD = 0;
constexpr int kDmin = 32;
constexpr int kScaleMins = 64;
constexpr int kQ4Nibbles = 256;
constexpr int kQ5HighBits = 256;
constexpr int kQ5Nibbles = 768;
constexpr int kQ4BlockBytes = 2304;
constexpr int kQ5BlockBytes = 2816;
// Q6_K: 16 fp16 d, 4 groups of int8 scales, then for each half n of the values and each group g
// of four columns three groups: the low nibbles of quarters 0 and 2, of quarters 1 and 3, and
// the high bit pairs.
constexpr int kQ6D = 0;
constexpr int kQ6Scales = 32;
constexpr int kQ6Groups = 288;
constexpr int kQ6BlockBytes = 3360;
// Where the group of low nibbles (odd: quarters 1 and 3) and of high pairs for (n, g) starts.
constexpr int q6Low(int n, int odd, int g)
{
    return kQ6Groups + 192 * (8 * n + g) + 64 * odd;
}
constexpr int q6High(int n, int g)
{
    return kQ6Groups + 192 * (8 * n + g) + 128;
}

// Byte i of row r's run in a words segment that starts at `segment`.
constexpr int wordByte(int segment, int r, int i)
{
    return segment + 64 * (i / 4) + 4 * r + i % 4;
}

// Super-block b of one token's activations as the one-token kernels read it: its 256 bytes, its
// 16 sums of 16 and its scale.
struct TokenBlock
{
    const std::int8_t *x;
    const std::int16_t *sums16;
    float scale;
};

inline TokenBlock tokenBlock(const QuantizedActivations &a, int token, std::int64_t b)
{
    const std::int64_t t = token;
    return {a.q + t * a.stride + b * 256, a.sums16 + t * (a.stride / 16) + b * 16, a.scales[t * (a.stride / 256) + b]};
}

PanelKernel scalarKernel(model::DType type);
#if defined(DESKSEEK_HAVE_X86_KERNELS)
PanelKernel avx2Kernel(model::DType type);
PanelKernel avx512VnniKernel(model::DType type);
#endif

} // namespace deskseek::engine::inference::kpanel
