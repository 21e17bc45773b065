// The AVX-512 VNNI K-quant panel kernels (kpanelkernels.h). This file alone is compiled with
// -mavx512f -mavx512vl -mavx512bw -mavx512vnni -mfma -mf16c; it runs only after the CPU was found
// to have them. A 512-bit vector holds one 32-bit lane per row of a 16-row panel. Per sub-block,
// vpdpbusd adds each row's products of 4 unsigned weight bytes (nibbles, 5- or 6-bit values)
// with the token's 4 activation bytes into its lane, starting from −32 × the activations' sum
// for Q6_K; the sub-block's sum is then multiplied by the rows' 6- or 8-bit scales (vpmulld) and
// added up over the super-block. Q4_K's and Q5_K's minimums meet the activations' sums of 32
// through vpdpwssd on (min, min) pairs. At most 4 tokens are done at once (what 32 registers
// hold); the weights' unpacking is shared by them.

#include "engine/inference/kpanelkernels.h"

#include <immintrin.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <algorithm>
#include <cstring>

namespace deskseek::engine::inference::kpanel {

namespace {

constexpr int kTile = 4;

inline __m512i broadcast4(const void *p)
{
    std::int32_t value;
    std::memcpy(&value, p, 4);
    return _mm512_set1_epi32(value);
}

inline __m512i load(const std::uint8_t *p)
{
    return _mm512_loadu_si512(p);
}

inline __m512i byteOf(__m512i words, int k)
{
    return _mm512_and_si512(_mm512_srli_epi32(words, 8 * k), _mm512_set1_epi32(0xff));
}

// Moves bit `from` of every byte to bit 4 (Q5_K's fifth bits), other bits cleared.
template<int From>
inline __m512i bitToFour(__m512i bytes)
{
    if constexpr (From <= 4)
        return _mm512_and_si512(_mm512_slli_epi16(bytes, 4 - From), _mm512_set1_epi8(0x10));
    else
        return _mm512_and_si512(_mm512_srli_epi16(bytes, From - 4), _mm512_set1_epi8(0x10));
}

// Pair K of every byte's bit pairs to bits 4-5, other bits cleared (Q6_K's high bits).
template<int K>
inline __m512i pairToFour(__m512i bytes)
{
    if constexpr (2 * K <= 4)
        return _mm512_and_si512(_mm512_slli_epi16(bytes, 4 - 2 * K), _mm512_set1_epi8(0x30));
    else
        return _mm512_and_si512(_mm512_srli_epi16(bytes, 2 * K - 4), _mm512_set1_epi8(0x30));
}

template<bool Five, int Tokens>
void tileQ45(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, float *out)
{
    constexpr int blockBytes = Five ? kQ5BlockBytes : kQ4BlockBytes;
    constexpr int nibbles = Five ? kQ5Nibbles : kQ4Nibbles;
    const __m512i low4 = _mm512_set1_epi8(0x0f);
    __m512 acc[Tokens];
    for (int t = 0; t < Tokens; ++t)
        acc[t] = _mm512_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::uint8_t *block = panel + b * blockBytes;
        // The 6-bit scales and minimums of the 16 rows: bytes of four words per lane.
        const __m512i w0 = load(block + kScaleMins), w1 = load(block + kScaleMins + 64), w2 = load(block + kScaleMins + 128);
        const __m512i six = _mm512_set1_epi8(0x3f), top2 = _mm512_set1_epi8(0x03);
        const __m512i scalesLow = _mm512_and_si512(w0, six);
        const __m512i minsLow = _mm512_and_si512(w1, six);
        const __m512i scalesHigh = _mm512_or_si512(_mm512_and_si512(w2, low4),
                                                   _mm512_slli_epi32(_mm512_and_si512(_mm512_srli_epi32(w0, 6), top2), 4));
        const __m512i minsHigh = _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi32(w2, 4), low4),
                                                 _mm512_slli_epi32(_mm512_and_si512(_mm512_srli_epi32(w1, 6), top2), 4));
        // Minimums as (m_2p, m_2p+1) 16-bit pairs for vpdpwssd with the sums' pairs.
        __m512i minPairs[4];
        for (int p = 0; p < 4; ++p) {
            const __m512i words = p < 2 ? minsLow : minsHigh;
            const int k = 2 * (p % 2);
            minPairs[p] = _mm512_or_si512(byteOf(words, k), _mm512_slli_epi32(byteOf(words, k + 1), 16));
        }
        __m512i dots[Tokens], minimums[Tokens];
        const std::int8_t *x[Tokens];
        for (int t = 0; t < Tokens; ++t) {
            const std::int64_t token = first + t;
            x[t] = a.q + token * a.stride + b * 256;
            dots[t] = _mm512_setzero_si512();
            const std::int16_t *sums = a.sums32 + token * (a.stride / 32) + b * 8;
            __m512i m = _mm512_setzero_si512();
            for (int p = 0; p < 4; ++p)
                m = _mm512_dpwssd_epi32(m, minPairs[p], broadcast4(sums + 2 * p));
            minimums[t] = m;
        }
        unroll<4>([&]<int c>() {
            const __m512i scaleLow = byteOf(c < 2 ? scalesLow : scalesHigh, 2 * (c % 2));
            const __m512i scaleHigh = byteOf(c < 2 ? scalesLow : scalesHigh, 2 * (c % 2) + 1);
            __m512i lowSums[Tokens], highSums[Tokens];
            for (int t = 0; t < Tokens; ++t)
                lowSums[t] = highSums[t] = _mm512_setzero_si512();
            for (int g = 0; g < 8; ++g) {
                const __m512i packed = load(block + nibbles + 64 * (8 * c + g));
                __m512i lo = _mm512_and_si512(packed, low4);
                __m512i hi = _mm512_and_si512(_mm512_srli_epi16(packed, 4), low4);
                if constexpr (Five) {
                    const __m512i bits = load(block + kQ5HighBits + 64 * g);
                    lo = _mm512_or_si512(lo, bitToFour<2 * c>(bits));
                    hi = _mm512_or_si512(hi, bitToFour<2 * c + 1>(bits));
                }
                for (int t = 0; t < Tokens; ++t) {
                    lowSums[t] = _mm512_dpbusd_epi32(lowSums[t], lo, broadcast4(x[t] + 64 * c + 4 * g));
                    highSums[t] = _mm512_dpbusd_epi32(highSums[t], hi, broadcast4(x[t] + 64 * c + 32 + 4 * g));
                }
            }
            for (int t = 0; t < Tokens; ++t)
                dots[t] = _mm512_add_epi32(dots[t], _mm512_add_epi32(_mm512_mullo_epi32(lowSums[t], scaleLow),
                                                                     _mm512_mullo_epi32(highSums[t], scaleHigh)));
        });
        const __m512 d = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(block + kD)));
        const __m512 dmin = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(block + kDmin)));
        for (int t = 0; t < Tokens; ++t) {
            const __m512 dx = _mm512_set1_ps(a.scales[(first + t) * (a.stride / 256) + b]);
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dots[t]), _mm512_mul_ps(d, dx), acc[t]);
            acc[t] = _mm512_fnmadd_ps(_mm512_cvtepi32_ps(minimums[t]), _mm512_mul_ps(dmin, dx), acc[t]);
        }
    }
    for (int t = 0; t < Tokens; ++t)
        _mm512_storeu_ps(out + t * kPanelRows, acc[t]);
}

template<int Tokens>
void tileQ6(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, float *out)
{
    const __m512i low4 = _mm512_set1_epi8(0x0f);
    __m512 acc[Tokens];
    for (int t = 0; t < Tokens; ++t)
        acc[t] = _mm512_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::uint8_t *block = panel + b * kQ6BlockBytes;
        __m512i dots[Tokens];
        const std::int8_t *x[Tokens];
        const std::int16_t *sums[Tokens];
        for (int t = 0; t < Tokens; ++t) {
            const std::int64_t token = first + t;
            x[t] = a.q + token * a.stride + b * 256;
            sums[t] = a.sums16 + token * (a.stride / 16) + b * 16;
            dots[t] = _mm512_setzero_si512();
        }
        unroll<2>([&]<int n>() { unroll<4>([&]<int k>() { unroll<2>([&]<int half>() {
                    const int s = 8 * n + 2 * k + half;
                    const __m512i scaleWords = load(block + kQ6Scales + 64 * (s / 4));
                    const __m512i scale = _mm512_srai_epi32(_mm512_slli_epi32(scaleWords, 24 - 8 * (s % 4)), 24);
                    __m512i values[4];
                    for (int j = 0; j < 4; ++j) {
                        const int g = 4 * half + j;
                        const __m512i lowBytes = load(block + q6Low(n, k % 2, g));
                        const __m512i highBytes = load(block + q6High(n, g));
                        const __m512i low = _mm512_and_si512(k < 2 ? lowBytes : _mm512_srli_epi16(lowBytes, 4), low4);
                        values[j] = _mm512_or_si512(low, pairToFour<k>(highBytes));
                    }
                    for (int t = 0; t < Tokens; ++t) {
                        __m512i sum = _mm512_set1_epi32(-32 * sums[t][s]);
                        for (int j = 0; j < 4; ++j)
                            sum = _mm512_dpbusd_epi32(sum, values[j], broadcast4(x[t] + 128 * n + 32 * k + 16 * half + 4 * j));
                        dots[t] = _mm512_add_epi32(dots[t], _mm512_mullo_epi32(sum, scale));
                    }
        }); }); });
        const __m512 d = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(block + kQ6D)));
        for (int t = 0; t < Tokens; ++t) {
            const __m512 dx = _mm512_set1_ps(a.scales[(first + t) * (a.stride / 256) + b]);
            acc[t] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dots[t]), _mm512_mul_ps(d, dx), acc[t]);
        }
    }
    for (int t = 0; t < Tokens; ++t)
        _mm512_storeu_ps(out + t * kPanelRows, acc[t]);
}

// One token (decoding): each group of bytes is loaded and unpacked once for its four values,
// which go to the eight sub-blocks of their half in turn; the sub-blocks' sums are scaled at the
// end of the half. About half the instructions of tileQ6<1>, so that more of the panel's bytes
// are in flight at once. No software prefetch (here or in tileQ6): prefetching the next
// super-block into L1 held the core's fill buffers and capped one thread at 14 GB/s, where the
// hardware prefetcher alone streams 20 GB/s and more (Q6_K decode on the 1.5B shape went from
// 0.95× llama.cpp to 1.26–1.37×).
void tileQ6One(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, float *out)
{
    const __m512i low4 = _mm512_set1_epi8(0x0f);
    __m512 acc = _mm512_setzero_ps();
    for (std::int64_t b = 0; b < blocks; ++b) {
        const std::uint8_t *block = panel + b * kQ6BlockBytes;
        const TokenBlock token = tokenBlock(a, first, b);
        const std::int8_t *x = token.x;
        const std::int16_t *sums = token.sums16;
        __m512i dots = _mm512_setzero_si512();
        unroll<2>([&]<int n>() {
            // Sub-block 8n + 2k + half starts from −32 × its activation sum.
            __m512i sub[8];
            unroll<8>([&]<int i>() { sub[i] = _mm512_set1_epi32(-32 * sums[8 * n + i]); });
            unroll<8>([&]<int g>() {
                const __m512i lowA = load(block + q6Low(n, 0, g));
                const __m512i lowB = load(block + q6Low(n, 1, g));
                const __m512i high = load(block + q6High(n, g));
                constexpr int half = g / 4;
                const std::int8_t *xs = x + 128 * n + 4 * g;
                sub[0 + half] = _mm512_dpbusd_epi32(sub[0 + half], _mm512_or_si512(_mm512_and_si512(lowA, low4), pairToFour<0>(high)),
                                                    broadcast4(xs));
                sub[2 + half] = _mm512_dpbusd_epi32(sub[2 + half], _mm512_or_si512(_mm512_and_si512(lowB, low4), pairToFour<1>(high)),
                                                    broadcast4(xs + 32));
                sub[4 + half] = _mm512_dpbusd_epi32(
                    sub[4 + half], _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(lowA, 4), low4), pairToFour<2>(high)),
                    broadcast4(xs + 64));
                sub[6 + half] = _mm512_dpbusd_epi32(
                    sub[6 + half], _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(lowB, 4), low4), pairToFour<3>(high)),
                    broadcast4(xs + 96));
            });
            unroll<8>([&]<int i>() {
                constexpr int s = 8 * n + i;
                const __m512i words = load(block + kQ6Scales + 64 * (s / 4));
                const __m512i scale = _mm512_srai_epi32(_mm512_slli_epi32(words, 24 - 8 * (s % 4)), 24);
                dots = _mm512_add_epi32(dots, _mm512_mullo_epi32(sub[i], scale));
            });
        });
        const __m512 d = _mm512_cvtph_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i *>(block + kQ6D)));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dots), _mm512_mul_ps(d, _mm512_set1_ps(token.scale)), acc);
    }
    _mm512_storeu_ps(out, acc);
}

template<template<int> class Tile>
void run(const std::uint8_t *panel, std::int64_t blocks, const QuantizedActivations &a, int first, int count, float *out)
{
    for (int done = 0; done < count; done += kTile) {
        float *tile = out + done * kPanelRows;
        switch (std::min(kTile, count - done)) {
        case 1: Tile<1>::run(panel, blocks, a, first + done, tile); break;
        case 2: Tile<2>::run(panel, blocks, a, first + done, tile); break;
        case 3: Tile<3>::run(panel, blocks, a, first + done, tile); break;
        default: Tile<4>::run(panel, blocks, a, first + done, tile); break;
        }
    }
}

template<int T> struct Q4 { static void run(const std::uint8_t *p, std::int64_t b, const QuantizedActivations &a, int f, float *o) { tileQ45<false, T>(p, b, a, f, o); } };
template<int T> struct Q5 { static void run(const std::uint8_t *p, std::int64_t b, const QuantizedActivations &a, int f, float *o) { tileQ45<true, T>(p, b, a, f, o); } };
template<int T> struct Q6 { static void run(const std::uint8_t *p, std::int64_t b, const QuantizedActivations &a, int f, float *o) { if constexpr (T == 1) tileQ6One(p, b, a, f, o); else tileQ6<T>(p, b, a, f, o); } };

} // namespace

PanelKernel avx512VnniKernel(model::DType type)
{
    switch (type) {
    case model::DType::Q4_K: return run<Q4>;
    case model::DType::Q5_K: return run<Q5>;
    case model::DType::Q6_K: return run<Q6>;
    default: return nullptr;
    }
}

} // namespace deskseek::engine::inference::kpanel
