// Parameters of rebnet_stream_fifo as the RTL spells them, and the values derived from them
// (systemc/rebnet_stream_fifo.h, rtl/rebnet_stream_fifo.sv). No clock: the network plan, the RTL
// generator and the SystemC twin all build from this.
#pragma once

#include <cstdint>

namespace rebnet {

struct StreamFifoConfig {
  uint32_t Depth = 2;
  uint32_t Width = 1;
};

}  // namespace rebnet
