#include "golden/kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cstring>

// Target strings of the SIMD sets; each kernel function carries its own so that the rest
// of the binary stays plain x86-64.
#define REBNET_AVX512 "avx512f,avx512bw,avx512vpopcntdq,avx512vnni,popcnt"
#define REBNET_AVX2 "avx2,popcnt"

namespace rebnet::kernels {
namespace {

constexpr uint32_t kR = kRowBlock;

uint32_t load32(const void* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Portable kernels: one body each, compiled for the generic set and, where popcount matters,
// again inside a target("popcnt") wrapper so that __builtin_popcount becomes one instruction.

[[gnu::always_inline]] inline void binary_scalar(const BinaryJob& job) {
  const BinaryWeights& wt = *job.weights;
  const size_t cols = size_t{wt.groups} * kGroup;
  for (uint32_t g = 0; g < wt.groups; ++g)
    for (size_t r0 = 0; r0 < job.rows; r0 += kR) {
      int32_t sum[kR][kGroup] = {};
      for (uint32_t l = 0; l < job.levels; ++l) {
        int32_t pop[kR][kGroup] = {};
        for (uint32_t w = 0; w < wt.words; ++w) {
          const uint32_t* wv = &wt.bits[wt.at(g * kGroup, w)];
          for (uint32_t r = 0; r < kR; ++r) {
            const uint32_t x = job.planes[((r0 + r) * job.levels + l) * wt.words + w];
            for (uint32_t n = 0; n < kGroup; ++n) pop[r][n] += __builtin_popcount(wv[n] ^ x);
          }
        }
        for (uint32_t r = 0; r < kR; ++r)
          for (uint32_t n = 0; n < kGroup; ++n) sum[r][n] += job.scales[l] * pop[r][n];
      }
      for (uint32_t r = 0; r < kR; ++r)
        for (uint32_t n = 0; n < kGroup; ++n)
          job.acc[(r0 + r) * cols + g * kGroup + n] = job.bias - 2 * sum[r][n];
    }
}

void binary_generic(const BinaryJob& job) { binary_scalar(job); }
[[gnu::target("popcnt")]] void binary_popcnt(const BinaryJob& job) { binary_scalar(job); }

void pixel_generic(const PixelJob& job) {
  const PixelWeights& wt = *job.weights;
  const size_t cols = size_t{wt.groups} * kGroup;
  const size_t stride = size_t{wt.quads} * 4;
  for (uint32_t g = 0; g < wt.groups; ++g)
    for (size_t r0 = 0; r0 < job.rows; r0 += kR) {
      int32_t dot[kR][kGroup] = {};
      for (uint32_t t = 0; t < wt.quads; ++t) {
        const int8_t* s = &wt.signs[wt.at(g * kGroup, 4 * t)];
        for (uint32_t r = 0; r < kR; ++r) {
          const uint8_t* v = job.values + (r0 + r) * stride + 4 * t;
          for (uint32_t n = 0; n < kGroup; ++n)
            for (uint32_t i = 0; i < 4; ++i) dot[r][n] += s[n * 4 + i] * v[i];
        }
      }
      for (uint32_t r = 0; r < kR; ++r)
        for (uint32_t n = 0; n < kGroup; ++n)
          job.acc[(r0 + r) * cols + g * kGroup + n] =
              2 * dot[r][n] - job.offset * wt.sums[g * kGroup + n];
    }
}

void pack_generic(const uint8_t* values, size_t n, uint32_t levels, uint32_t* planes,
                  uint32_t words) {
  for (uint32_t l = 0; l < levels; ++l) {
    const uint8_t bit = static_cast<uint8_t>(0x80u >> l);
    for (uint32_t w = 0; w < words; ++w) {
      uint32_t word = 0;
      for (size_t b = 0, i = size_t{w} * 32; b < 32 && i < n; ++b, ++i)
        word |= uint32_t{(values[i] & bit) != 0} << b;
      planes[size_t{l} * words + w] = word;
    }
  }
}

[[gnu::always_inline]] inline void encode_scalar(const EncodeJob& shared) {
  const EncodeJob job = shared;  // a copy: byte stores cannot alias it
  for (size_t r = 0; r < job.rows; ++r)
    for (uint32_t j = 0; j < job.neurons; ++j) {
      const int32_t a = job.acc[r * job.cols + j];
      uint32_t node = 0;
      uint32_t value = 0;
      for (uint32_t l = 0; l < job.levels; ++l) {
        const uint32_t bit = a >= job.thresholds[size_t{node} * job.cols + j];
        value |= bit << (7 - l);
        node = 2 * node + 1 + bit;
      }
      job.out[r * job.neurons + j] = static_cast<uint8_t>(value);
    }
}

void encode_generic(const EncodeJob& job) { encode_scalar(job); }

// ---------------------------------------------------------------------------------------------
// AVX2: no vector popcount and no VNNI, so bytes are counted with a nibble table (vpshufb) and
// pixels multiplied with vpmaddubsw; both accumulate narrow lanes for a chunk, then widen.
// A weight group (16 neurons) is two ymm halves.

[[gnu::target(REBNET_AVX2)]] inline __m256i popcount_bytes(__m256i v) {
  const __m256i table = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2,
                                         1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0f);
  return _mm256_add_epi8(
      _mm256_shuffle_epi8(table, _mm256_and_si256(v, low)),
      _mm256_shuffle_epi8(table, _mm256_and_si256(_mm256_srli_epi16(v, 4), low)));
}

// Adds `part` to the accumulator at p (or stores it, for the first part); the last part turns
// the sum s into b - 2s (binary) or b + 2s (pixel).
[[gnu::target(REBNET_AVX2)]] inline void finish_avx2(int32_t* p, __m256i part, bool first,
                                                     bool last, bool negate, __m256i b) {
  __m256i s = first ? part : _mm256_add_epi32(part, _mm256_loadu_si256((const __m256i*)p));
  if (last) {
    s = _mm256_add_epi32(s, s);
    s = negate ? _mm256_sub_epi32(b, s) : _mm256_add_epi32(b, s);
  }
  _mm256_storeu_si256((__m256i*)p, s);
}

[[gnu::target(REBNET_AVX2)]] void binary_avx2(const BinaryJob& job) {
  constexpr uint32_t kChunk = 31;  // words per byte count: 31 * 8 < 256
  const BinaryWeights& wt = *job.weights;
  const size_t cols = size_t{wt.groups} * kGroup;
  const size_t row_words = size_t{job.levels} * wt.words;
  const __m256i bias = _mm256_set1_epi32(job.bias);
  for (uint32_t g = 0; g < wt.groups; ++g)
    for (size_t r0 = 0; r0 < job.rows; r0 += kR)
      for (uint32_t l = 0; l < job.levels; ++l) {
        const uint32_t* x = job.planes + r0 * row_words + size_t{l} * wt.words;
        const __m256i scale = _mm256_set1_epi32(job.scales[l]);
        for (uint32_t w0 = 0; w0 < wt.words; w0 += kChunk) {
          __m256i count[kR][2] = {};
          for (uint32_t w = w0; w < std::min(w0 + kChunk, wt.words); ++w) {
            const uint32_t* wp = &wt.bits[wt.at(g * kGroup, w)];
            const __m256i wv[2] = {_mm256_loadu_si256((const __m256i*)wp),
                                   _mm256_loadu_si256((const __m256i*)(wp + 8))};
#pragma GCC unroll 16
            for (uint32_t r = 0; r < kR; ++r) {
              const __m256i xb = _mm256_set1_epi32(static_cast<int>(x[r * row_words + w]));
#pragma GCC unroll 16
              for (uint32_t h = 0; h < 2; ++h)
                count[r][h] =
                    _mm256_add_epi8(count[r][h], popcount_bytes(_mm256_xor_si256(wv[h], xb)));
            }
          }
          const bool first = l == 0 && w0 == 0;
          const bool last = l + 1 == job.levels && w0 + kChunk >= wt.words;
#pragma GCC unroll 16
          for (uint32_t i = 0; i < kR * 2; ++i) {
            const __m256i pop =
                _mm256_madd_epi16(_mm256_maddubs_epi16(count[i / 2][i % 2], _mm256_set1_epi8(1)),
                                  _mm256_set1_epi16(1));
            finish_avx2(job.acc + (r0 + i / 2) * cols + g * kGroup + i % 2 * 8,
                        _mm256_mullo_epi32(pop, scale), first, last, true, bias);
          }
        }
      }
}

[[gnu::target(REBNET_AVX2)]] void pixel_avx2(const PixelJob& job) {
  constexpr uint32_t kChunk = 64;  // quads per int16 sum: 64 * 2 * 255 < 2^15
  const PixelWeights& wt = *job.weights;
  const size_t cols = size_t{wt.groups} * kGroup;
  const size_t stride = size_t{wt.quads} * 4;
  for (uint32_t g = 0; g < wt.groups; ++g) {
    const __m256i scale = _mm256_set1_epi32(-job.offset);
    const __m256i* sums = (const __m256i*)&wt.sums[g * kGroup];
    const __m256i offset[2] = {_mm256_mullo_epi32(scale, _mm256_loadu_si256(sums)),
                               _mm256_mullo_epi32(scale, _mm256_loadu_si256(sums + 1))};
    for (size_t r0 = 0; r0 < job.rows; r0 += kR)
      for (uint32_t t0 = 0; t0 < wt.quads; t0 += kChunk) {
        __m256i part[kR][2] = {};
        for (uint32_t t = t0; t < std::min(t0 + kChunk, wt.quads); ++t) {
          const int8_t* sp = &wt.signs[wt.at(g * kGroup, 4 * t)];
          const __m256i wv[2] = {_mm256_loadu_si256((const __m256i*)sp),
                                 _mm256_loadu_si256((const __m256i*)(sp + 32))};
#pragma GCC unroll 16
          for (uint32_t r = 0; r < kR; ++r) {
            const __m256i xb =
                _mm256_set1_epi32(static_cast<int>(load32(job.values + (r0 + r) * stride + 4 * t)));
#pragma GCC unroll 16
            for (uint32_t h = 0; h < 2; ++h)
              part[r][h] = _mm256_add_epi16(part[r][h], _mm256_maddubs_epi16(xb, wv[h]));
          }
        }
#pragma GCC unroll 16
        for (uint32_t i = 0; i < kR * 2; ++i)
          finish_avx2(job.acc + (r0 + i / 2) * cols + g * kGroup + i % 2 * 8,
                      _mm256_madd_epi16(part[i / 2][i % 2], _mm256_set1_epi16(1)), t0 == 0,
                      t0 + kChunk >= wt.quads, false, offset[i % 2]);
      }
  }
}

[[gnu::target(REBNET_AVX2)]] void pack_avx2(const uint8_t* values, size_t n, uint32_t levels,
                                            uint32_t* planes, uint32_t words) {
  for (uint32_t w = 0; w < words; ++w) {
    const size_t start = size_t{w} * 32;
    uint8_t tail[32] = {};
    const uint8_t* src = values + start;
    if (start + 32 > n) {
      if (start < n) std::memcpy(tail, src, n - start);
      src = tail;
    }
    const __m256i x = _mm256_loadu_si256((const __m256i*)src);
    // Shifting 16-bit lanes left by l brings bit 7 - l of every byte to its top bit.
    for (uint32_t l = 0; l < levels; ++l)
      planes[size_t{l} * words + w] =
          static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_sll_epi16(x, _mm_cvtsi32_si128(l))));
  }
}

[[gnu::target(REBNET_AVX2)]] void encode_avx2(const EncodeJob& job) { encode_scalar(job); }

// ---------------------------------------------------------------------------------------------
// AVX-512: vpopcntd counts 16 neurons' words per instruction, vpdpbusd multiplies 16 neurons
// by 4 pixels each. A register tile is kR rows x NG weight groups; the weights loaded for a
// word serve every row of the tile, the broadcast input word every group. The unroll pragmas
// keep the tile in registers at -O2 too.

// As finish_avx2.
[[gnu::target(REBNET_AVX512)]] inline void finish_avx512(int32_t* p, __m512i part, bool first,
                                                         bool last, bool negate, __m512i b) {
  __m512i s = first ? part : _mm512_add_epi32(part, _mm512_loadu_si512(p));
  if (last) {
    s = _mm512_add_epi32(s, s);
    s = negate ? _mm512_sub_epi32(b, s) : _mm512_add_epi32(b, s);
  }
  _mm512_storeu_si512(p, s);
}

template <uint32_t NG>
struct BinaryTile {
  [[gnu::target(REBNET_AVX512)]] static void run(const BinaryJob& job, size_t r0, uint32_t g0);
};

template <uint32_t NG>
[[gnu::target(REBNET_AVX512)]] void BinaryTile<NG>::run(const BinaryJob& job, size_t r0,
                                                        uint32_t g0) {
  const BinaryWeights& wt = *job.weights;
  const size_t cols = size_t{wt.groups} * kGroup;
  const size_t row_words = size_t{job.levels} * wt.words;
  for (uint32_t l = 0; l < job.levels; ++l) {
    const uint32_t* x = job.planes + r0 * row_words + size_t{l} * wt.words;
    __m512i pop[kR][NG] = {};
    for (uint32_t w = 0; w < wt.words; ++w) {
      __m512i wv[NG];
#pragma GCC unroll 16
      for (uint32_t g = 0; g < NG; ++g)
        wv[g] = _mm512_loadu_si512(&wt.bits[wt.at((g0 + g) * kGroup, w)]);
#pragma GCC unroll 16
      for (uint32_t r = 0; r < kR; ++r) {
        const __m512i xb = _mm512_set1_epi32(static_cast<int>(x[r * row_words + w]));
#pragma GCC unroll 16
        for (uint32_t g = 0; g < NG; ++g)
          pop[r][g] = _mm512_add_epi32(pop[r][g], _mm512_popcnt_epi32(_mm512_xor_si512(wv[g], xb)));
      }
    }
    const __m512i scale = _mm512_set1_epi32(job.scales[l]);
#pragma GCC unroll 16
    for (uint32_t i = 0; i < kR * NG; ++i)
      finish_avx512(job.acc + (r0 + i / NG) * cols + (g0 + i % NG) * kGroup,
                    _mm512_mullo_epi32(pop[i / NG][i % NG], scale), l == 0, l + 1 == job.levels,
                    true, _mm512_set1_epi32(job.bias));
  }
}

template <uint32_t NG>
struct PixelTile {
  [[gnu::target(REBNET_AVX512)]] static void run(const PixelJob& job, size_t r0, uint32_t g0);
};

template <uint32_t NG>
[[gnu::target(REBNET_AVX512)]] void PixelTile<NG>::run(const PixelJob& job, size_t r0,
                                                       uint32_t g0) {
  const PixelWeights& wt = *job.weights;
  const size_t cols = size_t{wt.groups} * kGroup;
  const size_t stride = size_t{wt.quads} * 4;
  __m512i dot[kR][NG] = {};
  for (uint32_t t = 0; t < wt.quads; ++t) {
    __m512i wv[NG];
#pragma GCC unroll 16
    for (uint32_t g = 0; g < NG; ++g)
      wv[g] = _mm512_loadu_si512(&wt.signs[wt.at((g0 + g) * kGroup, 4 * t)]);
#pragma GCC unroll 16
    for (uint32_t r = 0; r < kR; ++r) {
      const __m512i xb =
          _mm512_set1_epi32(static_cast<int>(load32(job.values + (r0 + r) * stride + 4 * t)));
#pragma GCC unroll 16
      for (uint32_t g = 0; g < NG; ++g) dot[r][g] = _mm512_dpbusd_epi32(dot[r][g], xb, wv[g]);
    }
  }
#pragma GCC unroll 16
  for (uint32_t i = 0; i < kR * NG; ++i)
    finish_avx512(job.acc + (r0 + i / NG) * cols + (g0 + i % NG) * kGroup, dot[i / NG][i % NG],
                  true, true, false,
                  _mm512_mullo_epi32(_mm512_set1_epi32(-job.offset),
                                     _mm512_loadu_si512(&wt.sums[(g0 + i % NG) * kGroup])));
}

// Runs Tile<NG> over all rows for groups g0..g0+ng-1, ng <= NG.
template <uint32_t NG, template <uint32_t> class Tile, class Job>
[[gnu::target(REBNET_AVX512)]] void tile_rows(const Job& job, uint32_t g0, uint32_t ng) {
  if constexpr (NG > 1)
    if (ng < NG) return tile_rows<NG - 1, Tile>(job, g0, ng);
  for (size_t r0 = 0; r0 < job.rows; r0 += kR) Tile<NG>::run(job, r0, g0);
}

[[gnu::target(REBNET_AVX512)]] void binary_avx512(const BinaryJob& job) {
  constexpr uint32_t kGroups = 2;  // 4 x 2 tiles keep the popcount chains in registers
  for (uint32_t g0 = 0; g0 < job.weights->groups; g0 += kGroups)
    tile_rows<kGroups, BinaryTile>(job, g0, std::min(kGroups, job.weights->groups - g0));
}

[[gnu::target(REBNET_AVX512)]] void pixel_avx512(const PixelJob& job) {
  constexpr uint32_t kGroups = 4;  // 16 accumulators: 8 loads per 16 vpdpbusd
  for (uint32_t g0 = 0; g0 < job.weights->groups; g0 += kGroups)
    tile_rows<kGroups, PixelTile>(job, g0, std::min(kGroups, job.weights->groups - g0));
}

[[gnu::target(REBNET_AVX512)]] void pack_avx512(const uint8_t* values, size_t n, uint32_t levels,
                                                uint32_t* planes, uint32_t words) {
  for (uint32_t c = 0; 2 * c < words; ++c) {
    const size_t start = size_t{c} * 64;
    const __mmask64 live = start + 64 <= n ? ~__mmask64{0}
                           : start < n     ? (__mmask64{1} << (n - start)) - 1
                                           : 0;
    const __m512i x = _mm512_maskz_loadu_epi8(live, values + start);
    for (uint32_t l = 0; l < levels; ++l) {
      const uint64_t bits =
          _mm512_test_epi8_mask(x, _mm512_set1_epi8(static_cast<char>(0x80u >> l)));
      std::memcpy(planes + size_t{l} * words + 2 * c, &bits, sizeof bits);
    }
  }
}

// One level needs no tree walk: 64 neurons per step, their codes straight from the masks.
[[gnu::target(REBNET_AVX512)]] void encode_level1_avx512(const EncodeJob& job) {
  for (size_t r = 0; r < job.rows; ++r)
    for (uint32_t j0 = 0; j0 < job.neurons; j0 += 64) {
      uint64_t bits = 0;
      for (uint32_t j = j0; j < std::min(j0 + 64, job.neurons); j += kGroup)
        bits |= uint64_t{_mm512_cmpge_epi32_mask(_mm512_loadu_si512(job.acc + r * job.cols + j),
                                                 _mm512_loadu_si512(job.thresholds + j))}
                << (j - j0);
      const uint32_t live = std::min(64u, job.neurons - j0);
      _mm512_mask_storeu_epi8(
          job.out + r * job.neurons + j0, live == 64 ? ~__mmask64{0} : (__mmask64{1} << live) - 1,
          _mm512_maskz_mov_epi8(bits, _mm512_set1_epi8(static_cast<char>(0x80))));
    }
}

// The threshold walk for 16 neurons at once: level 1 reads node 0 (a plain load), deeper
// levels gather each lane's node. The job is copied so that byte stores cannot alias it.
[[gnu::target(REBNET_AVX512)]] void encode_avx512(const EncodeJob& shared) {
  const EncodeJob job = shared;
  if (job.levels == 1) return encode_level1_avx512(job);
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m512i cols = _mm512_set1_epi32(static_cast<int>(job.cols));
  const __m512i one = _mm512_set1_epi32(1);
  for (size_t r = 0; r < job.rows; ++r)
    for (uint32_t j0 = 0; j0 < job.neurons; j0 += kGroup) {
      const __m512i a = _mm512_loadu_si512(job.acc + r * job.cols + j0);
      const __m512i column = _mm512_add_epi32(lane, _mm512_set1_epi32(static_cast<int>(j0)));
      __m512i value = _mm512_setzero_si512();
      __m512i node = _mm512_setzero_si512();
      for (uint32_t l = 0; l < job.levels; ++l) {
        const __m512i t = l == 0 ? _mm512_loadu_si512(job.thresholds + j0)
                                 : _mm512_mask_i32gather_epi32(
                                       _mm512_setzero_si512(), 0xffff,
                                       _mm512_add_epi32(_mm512_mullo_epi32(node, cols), column),
                                       job.thresholds, 4);
        const __mmask16 bit = _mm512_cmpge_epi32_mask(a, t);
        value = _mm512_mask_or_epi32(value, bit, value, _mm512_set1_epi32(0x80 >> l));
        const __m512i left = _mm512_add_epi32(_mm512_add_epi32(node, node), one);
        node = _mm512_mask_add_epi32(left, bit, left, one);
      }
      const __m128i bytes = _mm512_maskz_cvtepi32_epi8(0xffff, value);
      uint8_t* out = job.out + r * job.neurons + j0;
      if (j0 + kGroup <= job.neurons) {
        _mm_storeu_si128((__m128i*)out, bytes);
      } else {
        alignas(16) uint8_t tail[kGroup];
        _mm_store_si128((__m128i*)tail, bytes);
        std::memcpy(out, tail, job.neurons - j0);
      }
    }
}

// ---------------------------------------------------------------------------------------------
// Dispatch.

bool always() { return true; }
bool has_popcnt() { return __builtin_cpu_supports("popcnt"); }
bool has_avx2() { return __builtin_cpu_supports("avx2") && has_popcnt(); }
bool has_avx512() {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vpopcntdq") && __builtin_cpu_supports("avx512vnni") &&
         has_popcnt();
}

const Set kSets[] = {
    {"avx512-vpopcntdq-vnni", has_avx512, binary_avx512, pixel_avx512, pack_avx512, encode_avx512},
    {"avx2", has_avx2, binary_avx2, pixel_avx2, pack_avx2, encode_avx2},
    {"popcnt", has_popcnt, binary_popcnt, pixel_generic, pack_generic, encode_generic},
    {"generic", always, binary_generic, pixel_generic, pack_generic, encode_generic},
};

}  // namespace

BinaryWeights pack_binary(const BitMatrix& weights) {
  BinaryWeights packed;
  packed.groups = (weights.rows() + kGroup - 1) / kGroup;
  packed.words = 2 * weights.words_per_row();
  packed.bits.assign(size_t{packed.groups} * packed.words * kGroup, 0);
  for (uint32_t j = 0; j < weights.rows(); ++j)
    for (uint32_t w = 0; w < packed.words; ++w)
      packed.bits[packed.at(j, w)] = static_cast<uint32_t>(weights.row(j)[w / 2] >> (32 * (w % 2)));
  return packed;
}

PixelWeights pack_pixel(const BitMatrix& weights) {
  PixelWeights packed;
  packed.groups = (weights.rows() + kGroup - 1) / kGroup;
  packed.quads = (weights.cols() + 3) / 4;
  packed.signs.assign(size_t{packed.groups} * packed.quads * kGroup * 4, 0);
  packed.sums.assign(size_t{packed.groups} * kGroup, 0);
  for (uint32_t j = 0; j < weights.rows(); ++j)
    for (uint32_t s = 0; s < weights.cols(); ++s) {
      const int8_t sign = weights.get(j, s) ? 1 : -1;
      packed.signs[packed.at(j, s)] = sign;
      packed.sums[j] += sign;
    }
  return packed;
}

std::vector<const Set*> available() {
  __builtin_cpu_init();  // harmless if done; needed if called before constructors ran
  std::vector<const Set*> sets;
  for (const Set& set : kSets)
    if (set.supported()) sets.push_back(&set);
  return sets;
}

const Set& best() {
  static const Set& chosen = *available().front();
  return chosen;
}

}  // namespace rebnet::kernels
