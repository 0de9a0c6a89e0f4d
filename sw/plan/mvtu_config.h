// Run-time configuration of one matrix-vector-threshold unit (docs/microarchitecture.md,
// "Matrix-vector-threshold unit"): the RTL parameters, the derived sizes and the
// memory images, built from a rebnet::Layer and a folding. One compiled model
// serves every folding; nothing here is a template parameter.
#pragma once

#include <cstdint>
#include <vector>

#include "contract/model.h"
#include "plan/bits.h"

namespace rebnet {

inline constexpr uint32_t kScoreBits = 48;      // last-layer score per PE on out_data_o
inline constexpr uint32_t kLevelsBits = 4;      // levels_i
inline constexpr uint32_t kChunkBits = 16;      // popcount tree stage A chunk
inline constexpr uint32_t kChunkCountBits = 5;  // 0..16
inline constexpr uint32_t kDefaultOutFifoDepth = 8;
inline constexpr uint32_t kMaxEncLanes = 999;   // lane image names carry 3 digits

struct Folding {
  uint32_t pe = 1;
  uint32_t simd = 1;
};

// PEs per encoder lane: as many as never lengthen a neuron group, i.e. with
// slots * out_levels <= SF * in_levels at every run-time k (the walk of a group then
// ends before the next group's accumulator is final), spread evenly over the lanes;
// 1 for a last layer. Mirrors rebnet_pkg::enc_slots.
uint32_t enc_slots(uint32_t pe, uint32_t sf, uint32_t levels_in, uint32_t levels_out);

struct MvtuConfig {
  // Parameters, spelled as the RTL's.
  uint32_t MatrixW = 0;
  uint32_t MatrixH = 0;
  uint32_t Simd = 1;
  uint32_t Pe = 1;
  uint32_t LevelsIn = 1;
  uint32_t LevelsOut = 0;  // 0: last layer
  bool PixelInput = false;
  uint32_t OutFifoDepth = kDefaultOutFifoDepth;
  std::vector<uint32_t> Scales;  // G_1..G_LevelsIn

  // Derived by derive().
  uint32_t NF = 0;
  uint32_t SF = 0;
  uint32_t Nodes = 0;
  uint32_t AccWidth = 0;
  int64_t B = 0;
  // Encoder lanes (docs/microarchitecture.md, "Encoder"): EncLanes comparators, each
  // walking EncSlots PEs in turn (PE lane * EncSlots + slot), one lookup per cycle from
  // its own threshold table. The last layer has no walk (1 slot, Pe lanes).
  uint32_t EncSlots = 1;
  uint32_t EncLanes = 1;
  // A lane table's word address is (nf * SlotSpan + slot) * NodeSpan + (node + 1) %
  // NodeSpan (the encoder keeps node + 1, see rebnet_threshold_unit): spans are the next
  // powers of two of EncSlots and Nodes, so the address is a concatenation.
  uint32_t SlotSpan = 1;
  uint32_t NodeSpan = 1;

  // Memory images.
  std::vector<Bits> weights;                      // NF*SF tiles of Pe*Simd bits, pads 0
  std::vector<std::vector<int32_t>> thresholds;   // [p][nf*Nodes + node]
  std::vector<std::vector<int32_t>> score_scale;  // [p][nf]: A, s16
  std::vector<std::vector<int64_t>> score_bias;   // [p][nf]: C, s48

  // Computes the derived values and checks the parameters and image sizes;
  // throws rebnet::Error naming the first bad one.
  void derive();

  bool last() const { return LevelsOut == 0; }
  uint32_t in_bits() const { return Simd * LevelsIn; }
  uint32_t out_elem_bits() const { return last() ? kScoreBits : LevelsOut; }
  uint32_t out_bits() const { return Pe * out_elem_bits(); }
  uint32_t count_bits() const { return bits_for(Simd); }
  uint32_t chunks() const { return (Simd + kChunkBits - 1) / kChunkBits; }
  // Run-time level counts for k = levels_i.
  uint32_t in_levels(uint32_t k) const { return PixelInput ? LevelsIn : std::min(k, LevelsIn); }
  uint32_t out_levels(uint32_t k) const { return std::min(k, LevelsOut); }
  // Issue cycles a neuron group occupies: max(SF * in_levels, out_levels).
  uint32_t group_cycles(uint32_t k) const {
    return std::max(SF * in_levels(k), out_levels(k));
  }
  // Cycles from a group's last step (the load) to its output push: the score's one
  // cycle, or one to move the accumulator into enc_acc_q, the encoder walk and one.
  uint32_t encoder_cycles(uint32_t k) const { return last() ? 1 : EncSlots * out_levels(k) + 2; }
  // Words of one lane's threshold table.
  uint64_t thr_depth() const { return uint64_t{NF} * SlotSpan * NodeSpan; }
  // Word `addr` of lane `lane`'s table: the threshold of PE lane * EncSlots + slot at
  // nf * Nodes + node, or 0 where that PE or node does not exist (padding; the
  // node field 0 when NodeSpan > 1).
  int64_t lane_threshold(uint32_t lane, uint64_t addr) const;
  // MatrixW * sum_{l < in_levels} G_l: the accumulator's start value.
  int64_t acc_start(uint32_t in_levels) const;
};

// The unit for `layer` (Dense or Conv) folded by `folding`; pixel_input marks
// the first compute layer (its input is the pixel code).
MvtuConfig make_mvtu_config(const Layer& layer, Folding folding, bool pixel_input,
                            uint32_t out_fifo_depth = kDefaultOutFifoDepth);

// Stream layouts of the port table.
// One input vector (MatrixW codes, bit l-1 = level l) as SF words: element i of
// word sf at bits [i*LevelsIn +: LevelsIn]; pads 0. Codes are sent as given.
std::vector<Bits> pack_mvtu_input(const MvtuConfig& cfg, const uint8_t* codes);
// One output word of a hidden layer: Pe codes, code p at [p*LevelsOut +: LevelsOut].
Bits pack_mvtu_codes(const MvtuConfig& cfg, const uint8_t* codes);
// One output word of the last layer: Pe signed 48-bit scores at [p*48 +: 48].
Bits pack_mvtu_scores(const MvtuConfig& cfg, const int64_t* scores);

}  // namespace rebnet
