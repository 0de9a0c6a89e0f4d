// Parameters of rebnet_sliding_window as the RTL spells them, and the values derived from them
// (systemc/rebnet_sliding_window.h, rtl/rebnet_sliding_window.sv). No clock: the network plan, the RTL
// generator and the SystemC twin all build from this.
#pragma once

#include <cstdint>

namespace rebnet {

struct SlidingWindowConfig {
  uint32_t Channels = 1;
  uint32_t InWidth = 1;
  uint32_t InHeight = 1;
  uint32_t Kernel = 1;    // 1..15, at most InWidth and InHeight
  uint32_t Simd = 1;      // divides Channels
  uint32_t ElemBits = 1;  // 1..8
  void check() const;     // throws rebnet::Error

  // Derived values (the RTL's localparams).
  uint32_t pixel_words() const { return Channels / Simd; }        // PixelWords
  uint32_t row_words() const { return InWidth * pixel_words(); }  // RowWords
  uint32_t depth() const { return (Kernel + 1) * row_words(); }   // Depth
  uint32_t out_cols() const { return InWidth - Kernel + 1; }      // OutCols
  uint32_t out_rows() const { return InHeight - Kernel + 1; }     // OutRows
  uint32_t kcol_words() const { return Kernel * pixel_words(); }  // KColWords
  uint32_t word_bits() const { return Simd * ElemBits; }          // WordWidth
  uint64_t frame_in_words() const { return uint64_t{InHeight} * row_words(); }
  uint64_t frame_out_words() const {
    return uint64_t{Kernel} * kcol_words() * out_rows() * out_cols();
  }
};

}  // namespace rebnet
