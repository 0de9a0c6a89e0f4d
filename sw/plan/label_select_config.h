// Parameters of rebnet_label_select as the RTL spells them, and the values derived from them
// (systemc/rebnet_label_select.h, rtl/rebnet_label_select.sv). No clock: the network plan, the RTL
// generator and the SystemC twin all build from this.
#pragma once

#include <algorithm>
#include <cstdint>

#include "plan/bits.h"         // clog2, bits_for
#include "plan/mvtu_config.h"  // kScoreBits

namespace rebnet {

inline constexpr uint32_t kLabelBits = 16;

struct LabelSelectConfig {
  uint32_t Classes = 1;
  uint32_t Pe = 1;     // divides Classes
  void check() const;  // throws rebnet::Error

  uint32_t NF() const { return Classes / Pe; }
  // The compare tree: register levels max(1, ceil(log2 Pe)); level l holds cands(l)
  // candidates (level 0: the Pe scores of the word being taken); level_base(l) is the
  // index of level l's first candidate with levels 0, 1, ... side by side.
  uint32_t Levels() const { return std::max<uint32_t>(1, clog2(Pe)); }
  uint32_t cands(uint32_t l) const { return (Pe + (1u << l) - 1) >> l; }
  uint32_t level_base(uint32_t l) const;
  uint32_t tree_cands() const { return level_base(Levels() + 1) - Pe; }  // levels 1..Levels
  // Clock edges from a frame's last input word to its output word, and cycles per frame
  // with input always valid and output always ready (the next frame's last word waits
  // until the output word has left).
  uint32_t latency() const { return Levels() + 1; }
  uint32_t frame_cycles() const { return std::max(NF(), latency() + 1); }
  uint32_t label_bits() const { return bits_for(Classes - 1); }  // the RTL's LabelWidth
  uint32_t nf_bits() const { return bits_for(NF() - 1); }        // the RTL's NfWidth
  uint32_t in_bits() const { return Pe * kScoreBits; }
  uint32_t out_bits() const { return kLabelBits + Classes * kScoreBits; }
};

}  // namespace rebnet
