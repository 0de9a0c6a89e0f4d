// SIMD kernels of the fast golden model (golden/fast.h), one set per x86-64
// feature level, picked once at run time so that one binary runs everywhere.
//
// Activations reach the kernels in value form: one byte per element with level
// l's bit at bit 8-l. A pixel code in value form is just the masked pixel, and
// numeric order is the max pool's order (level 1 most significant).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "contract/model.h"

namespace rebnet::kernels {

inline constexpr uint32_t kGroup = 16;    // neurons per weight group: 16 int32 lanes of a zmm
inline constexpr uint32_t kRowBlock = 4;  // rows per register block; callers pad rows to it

// Weight bits as the binary kernels read them: bits[(group * words + w) * kGroup + n] is
// 32-bit word w of neuron group * kGroup + n. Missing neurons and pad bits are zero.
struct BinaryWeights {
  std::vector<uint32_t> bits;
  uint32_t groups = 0;
  uint32_t words = 0;  // 32-bit words per input plane, even (planes are 64-bit padded)
  size_t at(uint32_t neuron, uint32_t word) const {
    return (size_t{neuron / kGroup} * words + word) * kGroup + neuron % kGroup;
  }
};
BinaryWeights pack_binary(const BitMatrix& weights);

// The table-lookup pixel kernel (AVX-512): kLutBits synapses form a table whose entry m holds,
// for a block of rows, the sum of the inputs that mask m selects; a neuron's weight bits of
// those synapses are its index. The weights are kept as the entry's byte offset.
inline constexpr uint32_t kLutBits = 5;    // synapses per table
inline constexpr uint32_t kLutEntry = 64;  // bytes per table entry: 32 rows of uint16

// Weight signs (+1, -1; 0 for padding) as the pixel kernels read them:
// signs[((group * quads + t) * kGroup + n) * 4 + i] is synapse 4t + i of neuron group*kGroup+n.
// lut[(group * tables + t) * kGroup + n] = kLutEntry * (bit i = synapse kLutBits * t + i of
// neuron group*kGroup+n is +1, i < kLutBits). Missing neurons and pad synapses have bit 0.
struct PixelWeights {
  std::vector<int8_t> signs;
  std::vector<int32_t> sums;  // sum of signs per neuron, groups * kGroup entries
  std::vector<uint16_t> lut;
  uint32_t groups = 0;
  uint32_t quads = 0;   // synapses / 4, rounded up
  uint32_t tables = 0;  // quads * 4 / kLutBits, rounded up
  size_t at(uint32_t neuron, uint32_t synapse) const {
    return ((size_t{neuron / kGroup} * quads + synapse / 4) * kGroup + neuron % kGroup) * 4 +
           synapse % 4;
  }
  size_t lut_at(uint32_t neuron, uint32_t table) const {
    return (size_t{neuron / kGroup} * tables + table) * kGroup + neuron % kGroup;
  }
};
PixelWeights pack_pixel(const BitMatrix& weights);

// acc[r * groups * kGroup + j] = bias - 2 * sum_l scales[l] * popcount(weights_j ^ plane_{r,l}),
// planes[(r * levels + l) * words + w]: the residual dot products of a hidden-input layer.
struct BinaryJob {
  const BinaryWeights* weights;
  const uint32_t* planes;
  size_t rows;  // a multiple of kRowBlock
  uint32_t levels;
  const int32_t* scales;
  int32_t bias;  // fan_in * sum of the scales used
  int32_t* acc;
};

// acc[r * groups * kGroup + j] = 2 * sum_s sign_js * values[r * quads * 4 + s] - offset * sums_j:
// the exact integer dot product of a layer whose input is the pixel code.
struct PixelJob {
  const PixelWeights* weights;
  const uint8_t* values;
  size_t rows;  // a multiple of kRowBlock
  int32_t offset;
  int32_t* acc;
};

// Residual encoding: out[r * neurons + j] is the value form of the code that neuron j's
// threshold tree gives acc[r * cols + j]; thresholds[node * cols + j] is node `node` of its tree.
struct EncodeJob {
  const int32_t* acc;
  size_t rows;
  uint32_t neurons;
  uint32_t cols;  // a multiple of kGroup
  const int32_t* thresholds;
  uint32_t levels;
  uint8_t* out;
};

struct Set {
  const char* name;
  bool (*supported)();
  void (*binary)(const BinaryJob&);
  void (*pixel)(const PixelJob&);
  // Bit planes of n value-form bytes: planes[l * words + w], bits past n zero.
  void (*pack)(const uint8_t* values, size_t n, uint32_t levels, uint32_t* planes, uint32_t words);
  void (*encode)(const EncodeJob&);
};

// The fastest set this CPU runs, chosen on first use.
const Set& best();

// Every set this CPU runs, fastest first: the test hook for forcing a kernel.
std::vector<const Set*> available();

}  // namespace rebnet::kernels
