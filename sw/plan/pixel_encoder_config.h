// Parameters of rebnet_pixel_encoder as the RTL spells them, and the values derived from them
// (systemc/rebnet_pixel_encoder.h, rtl/rebnet_pixel_encoder.sv). No clock: the network plan, the RTL
// generator and the SystemC twin all build from this.
#pragma once

#include <cstdint>

namespace rebnet {

struct PixelEncoderConfig {
  uint32_t Elems = 1;        // pixels per word
  uint32_t PixelLevels = 8;  // P, 1..8
  void check() const;        // throws rebnet::Error
};

}  // namespace rebnet
