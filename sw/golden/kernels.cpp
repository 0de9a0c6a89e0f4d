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

[[gnu::target(REBNET_AVX512)]] void pixel_dpbusd(const PixelJob& job) {
  constexpr uint32_t kGroups = 4;  // 16 accumulators: 8 loads per 16 vpdpbusd
  for (uint32_t g0 = 0; g0 < job.weights->groups; g0 += kGroups)
    tile_rows<kGroups, PixelTile>(job, g0, std::min(kGroups, job.weights->groups - g0));
}

// ---------------------------------------------------------------------------------------------
// AVX-512 table lookup (the "Four Russians" method) for pixel layers with many neurons and
// synapses. acc = 2 * sum_s sign_s v_s - offset * sums = 4 * plus - 2 * all - offset * sums,
// where plus sums the inputs whose weight is +1 and all sums every input. A block of kLutRows
// rows is transposed to one 32-byte vector per synapse (a row per byte). Each table of
// kLutBits synapses gets kLutEntries entries, entry m = the 32 rows' uint16 sums of the inputs
// at the synapses that mask m selects (one vpaddw and one store per entry), and a neuron adds
// the entry its weight bits index: one vpaddw with a memory operand per neuron, table and 32
// rows, 32 * kLutBits multiply-adds where vpdpbusd does 64. Tables are built kLutChunk at a
// time (48 KB, in L1 and L2); every group of kGroup neurons then runs through the chunk with
// its sums in registers, stored as uint16 between chunks and widened to int32 before they can
// reach 65536. On Zen 4 this is ~1.25x vpdpbusd for 256 neurons x 784 pixels: the lookups are
// bound by loads (one per lookup and index), the tables and the sums between chunks by stores.

constexpr uint32_t kLutRows = 32;
constexpr uint32_t kLutEntries = 1u << kLutBits;
constexpr uint32_t kLutChunk = 24;  // tables built at a time
constexpr uint32_t kLutPeriod = 65535 / (kLutBits * 255) / kLutChunk * kLutChunk;  // uint16 sums
static_assert(kLutPeriod >= kLutChunk && kLutEntry == kLutRows * sizeof(uint16_t));
// The tables cost the same for any neuron count: few neurons or synapses do not pay for them
// (against vpdpbusd on Zen 4: 256 neurons x 784 synapses 1.24x, 192 x 784 1.16x, 160 x 784
// 0.88x, 256 x 256 0.86x, 256 x 64 0.8x).
constexpr uint32_t kLutMinColumns = 192, kLutMinSynapses = 384;

// The plain forms of most shuffles pass an undefined vector to GCC 12's builtins, which
// -Wmaybe-uninitialized reports; the zero-masking forms with full masks are the same code.
constexpr __mmask64 kAll64 = ~__mmask64{0};
constexpr __mmask32 kAll32 = ~__mmask32{0};
constexpr __mmask16 kAll16 = 0xffff;
constexpr __mmask8 kAll8 = 0xff;

// Half h (16 lanes) of 32 uint16 lanes, widened to int32.
[[gnu::target(REBNET_AVX512)]] inline __m512i widen_half(__m512i v, uint32_t h) {
  return _mm512_maskz_cvtepu16_epi32(
      kAll16, h == 0 ? _mm512_maskz_extracti64x4_epi64(kAll8, v, 0)
                     : _mm512_maskz_extracti64x4_epi64(kAll8, v, 1));
}

struct alignas(64) Line {
  uint8_t bytes[64];
};

// Per-thread buffers of the lookup kernel: transposed inputs, tables, uint16 and int32 sums.
struct LutScratch {
  std::vector<Line> inputs, tables, sums16, sums32;
};

// inputs + 32 * p = synapse p of rows 0..31 (zero for rows >= live and synapses >= stride),
// for p < synapses (a multiple of 16). Per 16 synapses: lane l of z[k] = row k + 8l; three
// unpack stages leave 2 synapses x 8 rows per lane, and a qword permute joins the 4 lanes.
[[gnu::target(REBNET_AVX512)]] void lut_transpose(const uint8_t* values, size_t stride,
                                                  uint32_t live, uint32_t synapses,
                                                  uint8_t* inputs) {
  const __m512i join = _mm512_setr_epi64(0, 2, 4, 6, 1, 3, 5, 7);
  for (uint32_t p0 = 0; p0 < synapses; p0 += 16) {
    const size_t left = p0 < stride ? stride - p0 : 0;
    const __mmask64 bytes = left >= 16 ? 0xffff : (__mmask64{1} << left) - 1;
    __m512i z[8];
#pragma GCC unroll 8
    for (uint32_t k = 0; k < 8; ++k) {
      z[k] = _mm512_setzero_si512();
#pragma GCC unroll 4
      for (uint32_t l = 0; l < 4; ++l) {  // row r's 16 bytes into lane l (r * stride >= 16 l)
        const uint32_t r = k + 8 * l;
        z[k] = _mm512_mask_loadu_epi8(z[k], r < live ? bytes << (16 * l) : 0,
                                      values + r * stride + p0 - 16 * l);
      }
    }
    __m512i a[8], b[8];  // a[2k + h]: synapses 8h..8h+7 of rows 2k, 2k+1 (per lane)
#pragma GCC unroll 4
    for (uint32_t k = 0; k < 4; ++k) {
      a[2 * k] = _mm512_maskz_unpacklo_epi8(kAll64, z[2 * k], z[2 * k + 1]);
      a[2 * k + 1] = _mm512_maskz_unpackhi_epi8(kAll64, z[2 * k], z[2 * k + 1]);
    }
    // b[4h + 2k + e]: synapses 8h + 4e .. +3 of rows 4k..4k+3
#pragma GCC unroll 2
    for (uint32_t h = 0; h < 2; ++h)
#pragma GCC unroll 2
      for (uint32_t k = 0; k < 2; ++k) {
        b[4 * h + 2 * k] = _mm512_maskz_unpacklo_epi16(kAll32, a[4 * k + h], a[4 * k + 2 + h]);
        b[4 * h + 2 * k + 1] = _mm512_maskz_unpackhi_epi16(kAll32, a[4 * k + h], a[4 * k + 2 + h]);
      }
#pragma GCC unroll 2
    for (uint32_t h = 0; h < 2; ++h)
#pragma GCC unroll 2
      for (uint32_t e = 0; e < 2; ++e) {
        // Synapses p, p + 1 (low) and p + 2, p + 3 (high), 8 rows per lane.
        const __m512i low = _mm512_maskz_unpacklo_epi32(kAll16, b[4 * h + e], b[4 * h + 2 + e]);
        const __m512i high = _mm512_maskz_unpackhi_epi32(kAll16, b[4 * h + e], b[4 * h + 2 + e]);
        uint8_t* out = inputs + size_t{p0 + 8 * h + 4 * e} * 32;
        _mm512_store_si512(out, _mm512_maskz_permutexvar_epi64(kAll8, join, low));
        _mm512_store_si512(out + 64, _mm512_maskz_permutexvar_epi64(kAll8, join, high));
      }
  }
}

// The table of the kLutBits synapses at inputs: entry m = entry (m without its top bit) + that
// bit's synapse, formed as (high half) + (low half) with the low halves in registers.
[[gnu::target(REBNET_AVX512)]] void lut_build(const uint8_t* inputs, uint8_t* table) {
  constexpr uint32_t kLow = kLutBits / 2, kHigh = kLutBits - kLow;
  __m512i x[kLutBits];
#pragma GCC unroll 16
  for (uint32_t b = 0; b < kLutBits; ++b)
    x[b] = _mm512_maskz_cvtepu8_epi16(kAll32, _mm256_load_si256((const __m256i*)(inputs + 32 * b)));
  __m512i low[1u << kLow];
  low[0] = _mm512_setzero_si512();
#pragma GCC unroll 16
  for (uint32_t m = 1; m < (1u << kLow); ++m)
    low[m] = _mm512_add_epi16(low[m & (m - 1)], x[__builtin_ctz(m)]);
#pragma GCC unroll 16
  for (uint32_t hi = 0; hi < (1u << kHigh); ++hi) {
    const __m512i high =
        hi == 0 ? _mm512_setzero_si512()
                : _mm512_add_epi16(_mm512_load_si512(table + ((hi & (hi - 1)) << kLow) * kLutEntry),
                                   x[kLow + __builtin_ctz(hi)]);
#pragma GCC unroll 16
    for (uint32_t lo = 0; lo < (1u << kLow); ++lo)
      _mm512_store_si512(table + ((hi << kLow) + lo) * kLutEntry, _mm512_add_epi16(high, low[lo]));
  }
}

// A group of kGroup neurons through `count` tables from `tables`; lut = their offsets, from
// the first of those tables on. The uint16 sums start at zero or come from sums16; at the end
// of a period they are added to sums32 (two int32 vectors per neuron: rows 0..15, 16..31),
// else stored back to sums16.
struct LutStep {
  const uint8_t* tables;
  const uint16_t* lut;
  uint32_t count;
  bool start, widen, first_widen;
};

[[gnu::target(REBNET_AVX512)]] void lut_lookup(const LutStep& step, Line* sums16, Line* sums32) {
  __m512i a[kGroup];
#pragma GCC unroll 16
  for (uint32_t n = 0; n < kGroup; ++n)
    a[n] = step.start ? _mm512_setzero_si512() : _mm512_load_si512(&sums16[n]);
  const uint8_t* t = step.tables;
  const uint16_t* lut = step.lut;
  if (step.count == kLutChunk) {  // unrolled: the loop-carried sums then stay in place
#pragma GCC unroll 32
    for (uint32_t i = 0; i < kLutChunk; ++i)
#pragma GCC unroll 32
      for (uint32_t n = 0; n < kGroup; ++n)
        a[n] = _mm512_add_epi16(a[n], _mm512_load_si512(t + size_t{i} * kLutEntries * kLutEntry +
                                                         lut[i * kGroup + n]));
  } else {
    for (uint32_t i = 0; i < step.count; ++i, t += kLutEntries * kLutEntry, lut += kGroup)
#pragma GCC unroll 32
      for (uint32_t n = 0; n < kGroup; ++n)
        a[n] = _mm512_add_epi16(a[n], _mm512_load_si512(t + lut[n]));
  }
  if (!step.widen) {
#pragma GCC unroll 32
    for (uint32_t n = 0; n < kGroup; ++n) _mm512_store_si512(&sums16[n], a[n]);
    return;
  }
#pragma GCC unroll 32
  for (uint32_t n = 0; n < kGroup; ++n)
#pragma GCC unroll 2
    for (uint32_t h = 0; h < 2; ++h) {
      const __m512i wide = widen_half(a[n], h);
      Line* p = &sums32[2 * n + h];
      _mm512_store_si512(p, step.first_widen ? wide
                                             : _mm512_add_epi32(wide, _mm512_load_si512(p)));
    }
}

// in[i] = row i of a 16 x 16 int32 matrix; out[j] = column j.
[[gnu::target(REBNET_AVX512)]] void transpose16(const __m512i* in, __m512i* out) {
  __m512i t[16], u[16];
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) {
    t[2 * i] = _mm512_maskz_unpacklo_epi32(kAll16, in[2 * i], in[2 * i + 1]);
    t[2 * i + 1] = _mm512_maskz_unpackhi_epi32(kAll16, in[2 * i], in[2 * i + 1]);
  }
#pragma GCC unroll 4
  for (int i = 0; i < 4; ++i) {
    u[4 * i] = _mm512_maskz_unpacklo_epi64(kAll8, t[4 * i], t[4 * i + 2]);
    u[4 * i + 1] = _mm512_maskz_unpackhi_epi64(kAll8, t[4 * i], t[4 * i + 2]);
    u[4 * i + 2] = _mm512_maskz_unpacklo_epi64(kAll8, t[4 * i + 1], t[4 * i + 3]);
    u[4 * i + 3] = _mm512_maskz_unpackhi_epi64(kAll8, t[4 * i + 1], t[4 * i + 3]);
  }
  // u[4i + c]: 128-bit lane l holds column 4l + c of rows 4i..4i+3.
#pragma GCC unroll 4
  for (int c = 0; c < 4; ++c) {
    const __m512i even = _mm512_maskz_shuffle_i32x4(kAll16, u[c], u[4 + c], 0x88);  // lanes 0, 2
    const __m512i odd = _mm512_maskz_shuffle_i32x4(kAll16, u[c], u[4 + c], 0xdd);   // lanes 1, 3
    const __m512i even2 = _mm512_maskz_shuffle_i32x4(kAll16, u[8 + c], u[12 + c], 0x88);
    const __m512i odd2 = _mm512_maskz_shuffle_i32x4(kAll16, u[8 + c], u[12 + c], 0xdd);
    out[c] = _mm512_maskz_shuffle_i32x4(kAll16, even, even2, 0x88);
    out[8 + c] = _mm512_maskz_shuffle_i32x4(kAll16, even, even2, 0xdd);
    out[4 + c] = _mm512_maskz_shuffle_i32x4(kAll16, odd, odd2, 0x88);
    out[12 + c] = _mm512_maskz_shuffle_i32x4(kAll16, odd, odd2, 0xdd);
  }
}

// The lookup kernel on rows [0, rows) of the job, the last block possibly partial.
[[gnu::target(REBNET_AVX512)]] void pixel_lut_rows(const PixelJob& job, size_t rows) {
  static thread_local LutScratch s;
  const PixelWeights& wt = *job.weights;
  const uint32_t cols = wt.groups * kGroup;
  const size_t stride = size_t{wt.quads} * 4;
  const uint32_t synapses = (wt.tables * kLutBits + 15) / 16 * 16;
  s.inputs.resize(synapses / 2);
  s.tables.resize(size_t{kLutChunk} * kLutEntries);
  s.sums16.resize(cols);
  s.sums32.resize(2 * size_t{cols});
  uint8_t* inputs = s.inputs.front().bytes;
  const __m512i offset = _mm512_set1_epi32(job.offset);
  for (size_t r0 = 0; r0 < rows; r0 += kLutRows) {
    const uint32_t live = static_cast<uint32_t>(std::min<size_t>(kLutRows, rows - r0));
    lut_transpose(job.values + r0 * stride, stride, live, synapses, inputs);
    // Sums of all inputs, rows 0..15 and 16..31: the tables' last entries added up.
    __m512i all[2] = {_mm512_setzero_si512(), _mm512_setzero_si512()};
    for (uint32_t t0 = 0; t0 < wt.tables; t0 += kLutChunk) {
      const uint32_t count = std::min(kLutChunk, wt.tables - t0);
      for (uint32_t t = 0; t < count; ++t) {
        uint8_t* table = s.tables[t * kLutEntries].bytes;
        lut_build(inputs + size_t{t0 + t} * kLutBits * 32, table);
        const __m512i last = _mm512_load_si512(table + (kLutEntries - 1) * kLutEntry);
        all[0] = _mm512_add_epi32(all[0], widen_half(last, 0));
        all[1] = _mm512_add_epi32(all[1], widen_half(last, 1));
      }
      for (uint32_t n0 = 0; n0 < cols; n0 += kGroup) {
        const LutStep step{s.tables.front().bytes, &wt.lut[wt.lut_at(n0, t0)], count,
                           t0 % kLutPeriod == 0,
                           (t0 + count) % kLutPeriod == 0 || t0 + count == wt.tables,
                           t0 < kLutPeriod};
        lut_lookup(step, &s.sums16[n0], &s.sums32[2 * size_t{n0}]);
      }
    }
    // Rows back to neurons, 16 x 16 at a time: acc = 4 plus - (2 all + offset * sums).
    alignas(64) int32_t twice_all[kLutRows];
    _mm512_store_si512(twice_all, _mm512_add_epi32(all[0], all[0]));
    _mm512_store_si512(twice_all + 16, _mm512_add_epi32(all[1], all[1]));
    for (uint32_t n0 = 0; n0 < cols; n0 += 16) {
      const __m512i bias = _mm512_mullo_epi32(offset, _mm512_loadu_si512(&wt.sums[n0]));
      for (uint32_t h = 0; h < 2 && 16 * h < live; ++h) {
        __m512i plus[16];
#pragma GCC unroll 16
        for (uint32_t n = 0; n < 16; ++n) plus[n] = _mm512_load_si512(&s.sums32[2 * (n0 + n) + h]);
        __m512i rows16[16];
        transpose16(plus, rows16);
        for (uint32_t r = 16 * h; r < std::min(16 * h + 16, live); ++r)
          _mm512_storeu_si512(
              job.acc + (r0 + r) * cols + n0,
              _mm512_sub_epi32(_mm512_maskz_slli_epi32(kAll16, rows16[r - 16 * h], 2),
                               _mm512_add_epi32(_mm512_set1_epi32(twice_all[r]), bias)));
      }
    }
  }
}

// Full blocks of kLutRows rows by table lookup where that pays, the rest by vpdpbusd.
[[gnu::target(REBNET_AVX512)]] void pixel_avx512(const PixelJob& job) {
  const PixelWeights& wt = *job.weights;
  size_t done = 0;
  if (wt.groups * kGroup >= kLutMinColumns && wt.quads * 4 >= kLutMinSynapses) {
    done = job.rows / kLutRows * kLutRows;
    pixel_lut_rows(job, done);
  }
  if (done == job.rows) return;
  PixelJob rest = job;
  rest.values += done * wt.quads * 4;
  rest.acc += done * wt.groups * kGroup;
  rest.rows -= done;
  pixel_dpbusd(rest);
}

// The lookup kernel at every size: the test hook for its tails and small shapes.
[[gnu::target(REBNET_AVX512)]] void pixel_lut_avx512(const PixelJob& job) {
  pixel_lut_rows(job, job.rows);
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
    {"avx512-lut-always", has_avx512, binary_avx512, pixel_lut_avx512, pack_avx512, encode_avx512},
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
  packed.tables = (packed.quads * 4 + kLutBits - 1) / kLutBits;
  packed.signs.assign(size_t{packed.groups} * packed.quads * kGroup * 4, 0);
  packed.sums.assign(size_t{packed.groups} * kGroup, 0);
  packed.lut.assign(size_t{packed.groups} * kGroup * packed.tables, 0);
  for (uint32_t j = 0; j < weights.rows(); ++j)
    for (uint32_t s = 0; s < weights.cols(); ++s) {
      const bool plus = weights.get(j, s);
      packed.signs[packed.at(j, s)] = plus ? 1 : -1;
      packed.sums[j] += plus ? 1 : -1;
      if (plus) packed.lut[packed.lut_at(j, s / kLutBits)] += kLutEntry << (s % kLutBits);
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
