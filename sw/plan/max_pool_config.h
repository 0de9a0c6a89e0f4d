// Parameters of rebnet_max_pool as the RTL spells them, and the values derived from them
// (systemc/rebnet_max_pool.h, rtl/rebnet_max_pool.sv). No clock: the network plan, the RTL
// generator and the SystemC twin all build from this.
#pragma once

#include <cstdint>

namespace rebnet {

struct MaxPoolConfig {
  uint32_t Channels = 1;
  uint32_t InWidth = 2;
  uint32_t InHeight = 2;
  uint32_t Elems = 1;     // elements per word, divides Channels
  uint32_t ElemBits = 1;  // levels per element, 1..8
  void check() const;     // throws rebnet::Error

  uint32_t Groups() const { return Channels / Elems; }  // words per pixel
  uint32_t PoolWidth() const { return InWidth / 2; }
  uint32_t PoolHeight() const { return InHeight / 2; }
  uint32_t Depth() const { return PoolWidth() * Groups(); }  // row buffer words
  uint32_t WordBits() const { return Elems * ElemBits; }
};

}  // namespace rebnet
