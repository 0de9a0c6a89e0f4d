// $readmemh images of an MVTU (docs/microarchitecture.md, "Matrix-vector-threshold
// unit", memories): the one implementation used by `rebnet export-rtl` and by the
// RTL tests (tests/rtl/rtl_memgen), so the layouts cannot drift apart.
//
//   <prefix>weights.mem     NF*SF words of Pe*Simd bits, word nf*SF + sf,
//                           PE p at [p*Simd +: Simd], bit i = synapse sf*Simd + i, pads 0
//   <prefix>thresholds_lane<LLL>.mem
//                           hidden layer, one per encoder lane l (LLL: l in 3 decimal
//                           digits, lane000 ..): MvtuConfig::thr_depth() words of AccWidth
//                           bits, word (nf*SlotSpan + slot)*NodeSpan + (node+1)%NodeSpan
//                           = the signed threshold nf*Nodes + node of PE l*EncSlots +
//                           slot, 0 where that PE or node does not exist (padding;
//                           MvtuConfig::lane_threshold decodes it)
//   <prefix>scores.mem      last layer: NF words of Pe*64 bits, PE p at [p*64 +: 64]:
//                           C (s48) in [47:0], A (s16) in [63:48]
//
// One hex word per line, most significant digit first, and nothing else: Vivado's
// synthesis accepts no comments in a $readmemh file (UG901, "Specifying RAM Initial
// Contents in an External Data File").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/bits.h"
#include "plan/mvtu_config.h"

namespace rebnet::rtlgen {

// Hex digits of `bits` (ceil(width/4) digits, most significant first, no prefix).
std::string hex_digits(const Bits& bits);

// The memory words, in file order.
std::vector<Bits> weight_words(const MvtuConfig& cfg);
// Encoder lane `lane`'s threshold table (hidden layers only).
std::vector<Bits> threshold_lane_words(const MvtuConfig& cfg, uint32_t lane);
std::vector<Bits> score_words(const MvtuConfig& cfg);  // last layer only

// What synthesis builds a read-only memory (rebnet_weight_mem: the weights, and each
// threshold lane table) from: its MemStyle parameter, which becomes the memory's
// rom_style attribute.
enum class MemStyle { Auto, Block, Distributed };  // Auto: the synthesis tool decides
const char* to_string(MemStyle style);             // "auto", "block", "distributed"

// How `rebnet export-rtl` / `rebnet synth` set the MVTUs' WeightMemStyle (--weight-mem)
// or ThresholdMemStyle (--threshold-mem): empty (the default, "size") by
// weight_mem_style() / threshold_mem_style() below, else this style for all.
using MemChoice = std::optional<MemStyle>;
// "size", "block", "distributed" or "auto"; parse throws rebnet::Error naming them.
std::string to_string(MemChoice choice);
MemChoice parse_mem_choice(const std::string& name);

// Estimated cost of a read-only memory of `depth` words of `width` bits on a Xilinx
// 7-series / UltraScale(+) part, either way:
//   rom_luts  LUT6s of a LUT ROM: one per 64 words per bit, width * ceil(depth / 64)
//             (the 2:1 muxes above 64 words are the slices' free MUXF7/MUXF8)
//   bram18    RAMB18s, the best aspect ratio of 512x36 (simple dual port, the write
//             port unused), 1024x18, 2048x9, 4096x4, 8192x2 and 16384x1
struct RomCost {
  uint64_t rom_luts = 0;
  uint64_t bram18 = 0;
};
RomCost rom_cost(uint64_t depth, uint64_t width);

// The size rule (docs/synthesis.md, "Weight memories"): block RAM when each RAMB18
// it takes replaces at least kLutsPerBram18 LUTs of ROM, else LUTs. So memories of
// at most 64 words always stay in LUTs, and from 129 words on everything of 48 bits or
// more goes to block RAM (docs/synthesis.md has the table).
inline constexpr uint64_t kLutsPerBram18 = 64;
MemStyle rom_style(uint64_t depth, uint64_t width);  // Block or Distributed
// The rule for the weight memory, NF*SF words of Pe*Simd bits.
MemStyle weight_mem_style(const MvtuConfig& cfg);
MemStyle weight_mem_style(const MvtuConfig& cfg, MemChoice choice);
// The rule for one threshold lane table (hidden layers), thr_depth() words of
// AccWidth bits: every lane is a memory of its own, all of the same shape.
MemStyle threshold_mem_style(const MvtuConfig& cfg);
MemStyle threshold_mem_style(const MvtuConfig& cfg, MemChoice choice);

// A hidden layer's ThresholdFile parameter under `prefix`: the base name
// <prefix>thresholds; lane `lane` reads <base>_lane<3 digits>.mem (rebnet_threshold_unit
// builds the same name).
std::string threshold_file_base(const std::string& prefix);
std::string threshold_lane_path(const std::string& base, uint32_t lane);

// Every image file of `cfg` under `prefix`: weights first, then the threshold lanes
// 0 .. EncLanes-1 (hidden) or the scores (last).
std::vector<std::string> mvtu_image_paths(const MvtuConfig& cfg, const std::string& prefix);

// Writes the images of `cfg` (a derived MvtuConfig). Throws rebnet::Error when a file
// cannot be written.
void write_mvtu_images(const MvtuConfig& cfg, const std::string& prefix);

}  // namespace rebnet::rtlgen
