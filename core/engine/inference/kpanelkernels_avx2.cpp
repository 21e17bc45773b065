// The AVX2 K-quant panel kernels (kpanelkernels.h). This file alone is compiled with -mavx2
// -mfma -mf16c; it runs only after the CPU was found to have them. A 256-bit vector holds one
// 32-bit lane per row of half a panel (8 rows), so a panel is done in two halves. There is no
// byte dot product: vpmaddubsw multiplies the unsigned weight bytes by the signed activation
// bytes into 16-bit pair sums, which are added in 16 bits as long as they cannot overflow (8
// groups of Q4_K's nibbles: 8 × 2 × 15 × 127 < 2^15; 4 of Q5_K's 5-bit values; 2 of Q6_K's 6-bit
// ones), then vpmaddwd multiplies them by the rows' (scale, scale) pairs into 32 bits: the
// sub-block's product and its scale in one instruction. Minimums (Q4_K, Q5_K) meet the
// activations' sums of 32 through vpmaddwd on (min, min + 1) pairs; Q6_K's offset of 32 through
// the sums of 16.

#include "engine/inference/kpanelkernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

namespace deskseek::engine::inference::kpanel {

namespace {

constexpr int kTile = 4;
constexpr int kHalf = kPanelRows / 2;

inline __m256i broadcast4(const void *p)
{
    std::int32_t value;
    std::memcpy(&value, p, 4);
    return _mm256_set1_epi32(value);
}

// Rows 8h..8h+7 of a 64-byte group.
inline __m256i load(const std::uint8_t *group, int half)
{
    return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(group + 32 * half));
}

inline __m256i byteOf(__m256i words, int k)
{
    return _mm256_and_si256(_mm256_srli_epi32(words, 8 * k), _mm256_set1_epi32(0xff));
}

// (v, v) 16-bit pairs from 32-bit lanes holding a small signed or unsigned v.
inline __m256i doubled(__m256i v)
{
    return _mm256_or_si256(_mm256_and_si256(v, _mm256_set1_epi32(0xffff)), _mm256_slli_epi32(v, 16));
}

template<int From>
inline __m256i bitToFour(__m256i bytes)
{
    if constexpr (From <= 4)
        return _mm256_and_si256(_mm256_slli_epi16(bytes, 4 - From), _mm256_set1_epi8(0x10));
    else
        return _mm256_and_si256(_mm256_srli_epi16(bytes, From - 4), _mm256_set1_epi8(0x10));
}

// Pair K of every byte's bit pairs to bits 4-5, other bits cleared (Q6_K's high bits).
template<int K>
inline __m256i pairToFour(__m256i bytes)
{
    if constexpr (2 * K <= 4)
        return _mm256_and_si256(_mm256_slli_epi16(bytes, 4 - 2 * K), _mm256_set1_epi8(0x30));
    else
        return _mm256_and_si256(_mm256_srli_epi16(bytes, 2 * K - 4), _mm256_set1_epi8(0x30));
}

inline __m256 halves(const std::uint8_t *p)
{
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
}

// Super-block b of half a panel of Q4_K or Q5_K times tokens first .. first + Tokens - 1, added
// to acc.
template<bool Five, int Tokens>
inline void blockQ45(const std::uint8_t *block, std::int64_t b, const QuantizedActivations &a, int first, int half,
                     __m256 *acc)
{
    constexpr int nibbles = Five ? kQ5Nibbles : kQ4Nibbles;
    constexpr int run = Five ? 4 : 8; // groups added in 16 bits before vpmaddwd
    const __m256i low4 = _mm256_set1_epi8(0x0f);
    const __m256i w0 = load(block + kScaleMins, half), w1 = load(block + kScaleMins + 64, half),
                  w2 = load(block + kScaleMins + 128, half);
    const __m256i six = _mm256_set1_epi8(0x3f), top2 = _mm256_set1_epi8(0x03);
    const __m256i scalesLow = _mm256_and_si256(w0, six);
    const __m256i minsLow = _mm256_and_si256(w1, six);
    const __m256i scalesHigh = _mm256_or_si256(_mm256_and_si256(w2, low4),
                                               _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w0, 6), top2), 4));
    const __m256i minsHigh = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi32(w2, 4), low4),
                                             _mm256_slli_epi32(_mm256_and_si256(_mm256_srli_epi32(w1, 6), top2), 4));
    const std::int8_t *x[Tokens];
    __m256i dots[Tokens];
    for (int t = 0; t < Tokens; ++t) {
        x[t] = a.q + (first + t) * a.stride + b * 256;
        dots[t] = _mm256_setzero_si256();
    }
    unroll<4>([&]<int c>() {
        const __m256i scaleWords = c < 2 ? scalesLow : scalesHigh;
        const __m256i scaleLow = doubled(byteOf(scaleWords, 2 * (c % 2)));
        const __m256i scaleHigh = doubled(byteOf(scaleWords, 2 * (c % 2) + 1));
        for (int g0 = 0; g0 < 8; g0 += run) {
            __m256i lowPairs[Tokens], highPairs[Tokens];
            for (int t = 0; t < Tokens; ++t)
                lowPairs[t] = highPairs[t] = _mm256_setzero_si256();
            for (int g = g0; g < g0 + run; ++g) {
                const __m256i packed = load(block + nibbles + 64 * (8 * c + g), half);
                __m256i lo = _mm256_and_si256(packed, low4);
                __m256i hi = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low4);
                if constexpr (Five) {
                    const __m256i bits = load(block + kQ5HighBits + 64 * g, half);
                    lo = _mm256_or_si256(lo, bitToFour<2 * c>(bits));
                    hi = _mm256_or_si256(hi, bitToFour<2 * c + 1>(bits));
                }
                for (int t = 0; t < Tokens; ++t) {
                    lowPairs[t] = _mm256_add_epi16(lowPairs[t], _mm256_maddubs_epi16(lo, broadcast4(x[t] + 64 * c + 4 * g)));
                    highPairs[t] = _mm256_add_epi16(highPairs[t], _mm256_maddubs_epi16(hi, broadcast4(x[t] + 64 * c + 32 + 4 * g)));
                }
            }
            for (int t = 0; t < Tokens; ++t)
                dots[t] = _mm256_add_epi32(dots[t], _mm256_add_epi32(_mm256_madd_epi16(lowPairs[t], scaleLow),
                                                                     _mm256_madd_epi16(highPairs[t], scaleHigh)));
        }
    });
    __m256i minPairs[4];
    for (int p = 0; p < 4; ++p) {
        const __m256i words = p < 2 ? minsLow : minsHigh;
        const int k = 2 * (p % 2);
        minPairs[p] = _mm256_or_si256(byteOf(words, k), _mm256_slli_epi32(byteOf(words, k + 1), 16));
    }
    const __m256 d = halves(block + kD + 16 * half);
    const __m256 dmin = halves(block + kDmin + 16 * half);
    for (int t = 0; t < Tokens; ++t) {
        const std::int16_t *sums = a.sums32 + (first + t) * (a.stride / 32) + b * 8;
        __m256i minimums = _mm256_setzero_si256();
        for (int p = 0; p < 4; ++p)
            minimums = _mm256_add_epi32(minimums, _mm256_madd_epi16(minPairs[p], broadcast4(sums + 2 * p)));
        const __m256 dx = _mm256_set1_ps(a.scales[(first + t) * (a.stride / 256) + b]);
        acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dots[t]), _mm256_mul_ps(d, dx), acc[t]);
        acc[t] = _mm256_fnmadd_ps(_mm256_cvtepi32_ps(minimums), _mm256_mul_ps(dmin, dx), acc[t]);
    }
}

template<bool Five, int Tokens>
void tileQ45(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int half,
             float *out)
{
    constexpr int blockBytes = Five ? kQ5BlockBytes : kQ4BlockBytes;
    __m256 acc[Tokens];
    for (int t = 0; t < Tokens; ++t)
        acc[t] = _mm256_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b)
        blockQ45<Five, Tokens>(panel + b * blockBytes, b, a, first, half, acc);
    for (int t = 0; t < Tokens; ++t)
        _mm256_storeu_ps(out + t * kPanelRows + kHalf * half, acc[t]);
}

template<int Tokens>
void tileQ6(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int half, float *out)
{
    const __m256i low4 = _mm256_set1_epi8(0x0f);
    __m256 acc[Tokens];
    for (int t = 0; t < Tokens; ++t)
        acc[t] = _mm256_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::uint8_t *block = panel + b * kQ6BlockBytes;
        const std::int8_t *x[Tokens];
        const std::int16_t *sums[Tokens];
        __m256i dots[Tokens];
        for (int t = 0; t < Tokens; ++t) {
            x[t] = a.q + (first + t) * a.stride + b * 256;
            sums[t] = a.sums16 + (first + t) * (a.stride / 16) + b * 16;
            dots[t] = _mm256_setzero_si256();
        }
        unroll<2>([&]<int n>() { unroll<4>([&]<int k>() { unroll<2>([&]<int part>() {
                    const int s = 8 * n + 2 * k + part;
                    for (int line = 0; line < 4; ++line) // the next super-block, a quarter KiB at a time
                        _mm_prefetch(reinterpret_cast<const char *>(block + kQ6BlockBytes + 256 * s + 64 * line), _MM_HINT_T0);
                    const __m256i words = load(block + kQ6Scales + 64 * (s / 4), half);
                    const __m256i scale = _mm256_srai_epi32(_mm256_slli_epi32(words, 24 - 8 * (s % 4)), 24);
                    const __m256i scalePair = doubled(scale);
                    __m256i values[4];
                    for (int j = 0; j < 4; ++j) {
                        const int g = 4 * part + j;
                        const __m256i lowBytes = load(block + q6Low(n, k % 2, g), half);
                        const __m256i highBytes = load(block + q6High(n, g), half);
                        const __m256i low = _mm256_and_si256(k < 2 ? lowBytes : _mm256_srli_epi16(lowBytes, 4), low4);
                        values[j] = _mm256_or_si256(low, pairToFour<k>(highBytes));
                    }
                    for (int t = 0; t < Tokens; ++t) {
                        const std::int8_t *xs = x[t] + 128 * n + 32 * k + 16 * part;
                        const __m256i first2 = _mm256_add_epi16(_mm256_maddubs_epi16(values[0], broadcast4(xs)),
                                                                _mm256_maddubs_epi16(values[1], broadcast4(xs + 4)));
                        const __m256i last2 = _mm256_add_epi16(_mm256_maddubs_epi16(values[2], broadcast4(xs + 8)),
                                                               _mm256_maddubs_epi16(values[3], broadcast4(xs + 12)));
                        const __m256i product = _mm256_add_epi32(_mm256_madd_epi16(first2, scalePair),
                                                                 _mm256_madd_epi16(last2, scalePair));
                        // − 32 × scale × the sub-block's activation sum.
                        const __m256i offset = _mm256_slli_epi32(
                            _mm256_madd_epi16(scalePair, _mm256_set1_epi32(static_cast<std::uint16_t>(sums[t][s]))), 5);
                        dots[t] = _mm256_add_epi32(dots[t], _mm256_sub_epi32(product, offset));
                    }
        }); }); });
        const __m256 d = halves(block + kQ6D + 16 * half);
        for (int t = 0; t < Tokens; ++t) {
            const __m256 dx = _mm256_set1_ps(a.scales[(first + t) * (a.stride / 256) + b]);
            acc[t] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dots[t]), _mm256_mul_ps(d, dx), acc[t]);
        }
    }
    for (int t = 0; t < Tokens; ++t)
        _mm256_storeu_ps(out + t * kPanelRows + kHalf * half, acc[t]);
}

// One token (decoding) of Q6_K on one super-block of half a panel, added to acc: each group of
// bytes (the low nibbles of quarters 0 and 2, of 1 and 3, the high pairs) is loaded and unpacked
// once for its four values, which go to four sub-blocks; two groups' products are added in 16
// bits before the scales' vpmaddwd. The offset of 32 is taken once per block: 32 × the sum over
// the 16 sub-blocks of scale × the activations' sum, by vpmaddwd on the scales' bytes
// sign-extended in pairs.
inline void blockQ6One(const std::uint8_t *block, std::int64_t b, const QuantizedActivations &a, int first, int half,
                       __m256 *acc)
{
    const __m256i low4 = _mm256_set1_epi8(0x0f);
    const TokenBlock token = tokenBlock(a, first, b);
    const std::int8_t *x = token.x;
    const std::int16_t *sums = token.sums16;
    __m256i dots = _mm256_setzero_si256();
    unroll<2>([&]<int n>() { unroll<2>([&]<int part>() {
        // Sub-block 8n + 2k + part takes value k of groups 4 part .. 4 part + 3.
        __m256i scalePairs[4];
        unroll<4>([&]<int k>() {
            constexpr int s = 8 * n + 2 * k + part;
            const __m256i words = load(block + kQ6Scales + 64 * (s / 4), half);
            scalePairs[k] = doubled(_mm256_srai_epi32(_mm256_slli_epi32(words, 24 - 8 * (s % 4)), 24));
        });
        unroll<2>([&]<int p>() {
            __m256i pairSums[4];
            unroll<2>([&]<int jj>() {
                constexpr int j = 2 * p + jj;
                constexpr int g = 4 * part + j;
                const __m256i lowA = load(block + q6Low(n, 0, g), half);
                const __m256i lowB = load(block + q6Low(n, 1, g), half);
                const __m256i high = load(block + q6High(n, g), half);
                const std::int8_t *xs = x + 128 * n + 16 * part + 4 * j;
                const __m256i values[4] = {
                    _mm256_or_si256(_mm256_and_si256(lowA, low4), pairToFour<0>(high)),
                    _mm256_or_si256(_mm256_and_si256(lowB, low4), pairToFour<1>(high)),
                    _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(lowA, 4), low4), pairToFour<2>(high)),
                    _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(lowB, 4), low4), pairToFour<3>(high))};
                unroll<4>([&]<int k>() {
                    const __m256i product = _mm256_maddubs_epi16(values[k], broadcast4(xs + 32 * k));
                    pairSums[k] = jj == 0 ? product : _mm256_add_epi16(pairSums[k], product);
                });
            });
            unroll<4>([&]<int k>() { dots = _mm256_add_epi32(dots, _mm256_madd_epi16(pairSums[k], scalePairs[k])); });
        });
    }); });
    __m256i offset = _mm256_setzero_si256();
    for (int w = 0; w < 4; ++w) {
        const __m256i words = load(block + kQ6Scales + 64 * w, half); // sub-blocks 4w .. 4w + 3
        const __m256i even = _mm256_srai_epi16(_mm256_slli_epi16(words, 8), 8);
        const __m256i odd = _mm256_srai_epi16(words, 8);
        const auto pack = [&](int i, int j) {
            return _mm256_set1_epi32(static_cast<int>(static_cast<std::uint16_t>(sums[i]) | (static_cast<std::uint32_t>(static_cast<std::uint16_t>(sums[j])) << 16)));
        };
        offset = _mm256_add_epi32(offset, _mm256_add_epi32(_mm256_madd_epi16(even, pack(4 * w, 4 * w + 2)),
                                                           _mm256_madd_epi16(odd, pack(4 * w + 1, 4 * w + 3))));
    }
    dots = _mm256_sub_epi32(dots, _mm256_slli_epi32(offset, 5));
    const __m256 d = halves(block + kQ6D + 16 * half);
    *acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(dots), _mm256_mul_ps(d, _mm256_set1_ps(token.scale)), *acc);
}

// A weight type's kernels, given as Type::tile<T> (T tokens on half a panel) and Type::block (one
// token on one super-block of half a panel).
template<class Type>
void run(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int count, float *out)
{
    if (count == 1) {
        // One token (decoding): both halves of each super-block in turn, so that the second half
        // reads the block's cache lines from L1 while the stream goes on, not the whole panel
        // again from L2 after the first half.
        __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
        for (std::int64_t b = 0; b < blocks; ++b) {
            const std::uint8_t *block = panel + b * Type::kBlockBytes;
            Type::block(block, b, a, first, 0, &acc[0]);
            Type::block(block, b, a, first, 1, &acc[1]);
        }
        _mm256_storeu_ps(out, acc[0]);
        _mm256_storeu_ps(out + kHalf, acc[1]);
        return;
    }
    for (int done = 0; done < count; done += kTile) {
        float *tile = out + done * kPanelRows;
        for (int half = 0; half < 2; ++half) {
            switch (std::min(kTile, count - done)) {
            case 1: Type::template tile<1>(panel, blocks, a, first + done, half, tile); break;
            case 2: Type::template tile<2>(panel, blocks, a, first + done, half, tile); break;
            case 3: Type::template tile<3>(panel, blocks, a, first + done, half, tile); break;
            default: Type::template tile<4>(panel, blocks, a, first + done, half, tile); break;
            }
        }
    }
}

template<bool Five>
struct Q45
{
    static constexpr int kBlockBytes = Five ? kQ5BlockBytes : kQ4BlockBytes;
    static constexpr auto block = blockQ45<Five, 1>;
    template<int T>
    static void tile(const std::uint8_t *p, std::int64_t b, const QuantizedActivations &a, int f, int h, float *o)
    {
        tileQ45<Five, T>(p, b, a, f, h, o);
    }
};

struct Q6
{
    static constexpr int kBlockBytes = kQ6BlockBytes;
    static constexpr auto block = blockQ6One;
    template<int T>
    static void tile(const std::uint8_t *p, std::int64_t blocks, const QuantizedActivations &a, int f, int h, float *o)
    {
        if constexpr (T == 1) {
            __m256 acc = _mm256_setzero_ps();
            for (std::int64_t b = 0; b < blocks; ++b)
                blockQ6One(p + b * kQ6BlockBytes, b, a, f, h, &acc);
            _mm256_storeu_ps(o + kHalf * h, acc);
        } else {
            tileQ6<T>(p, blocks, a, f, h, o);
        }
    }
};

} // namespace

PanelKernel avx2Kernel(model::DType type)
{
    switch (type) {
    case model::DType::Q4_K: return run<Q45<false>>;
    case model::DType::Q5_K: return run<Q45<true>>;
    case model::DType::Q6_K: return run<Q6>;
    default: return nullptr;
    }
}

} // namespace deskseek::engine::inference::kpanel
