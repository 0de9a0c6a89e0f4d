// Parameters of rebnet_width_converter as the RTL spells them, and the values derived from them
// (systemc/rebnet_width_converter.h, rtl/rebnet_width_converter.sv). No clock: the network plan, the RTL
// generator and the SystemC twin all build from this.
#pragma once

#include <cstdint>

namespace rebnet {

struct WidthConverterConfig {
  uint32_t InElems = 1;
  uint32_t OutElems = 1;
  uint32_t VectorElems = 1;
  uint32_t ElemBits = 1;
  void check() const;  // throws rebnet::Error
};

}  // namespace rebnet
