// Parameters of rebnet_label_select as the RTL spells them, and the values derived from them
// (systemc/rebnet_label_select.h, rtl/rebnet_label_select.sv). No clock: the network plan, the RTL
// generator and the SystemC twin all build from this.
#pragma once

#include <cstdint>

#include "plan/mvtu_config.h"  // kScoreBits

namespace rebnet {

inline constexpr uint32_t kLabelBits = 16;

struct LabelSelectConfig {
  uint32_t Classes = 1;
  uint32_t Pe = 1;     // divides Classes
  void check() const;  // throws rebnet::Error

  uint32_t NF() const { return Classes / Pe; }
  uint32_t in_bits() const { return Pe * kScoreBits; }
  uint32_t out_bits() const { return kLabelBits + Classes * kScoreBits; }
};

}  // namespace rebnet
