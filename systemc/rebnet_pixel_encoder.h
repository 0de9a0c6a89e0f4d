// rebnet_pixel_encoder: forms the pixel code of Elems 8-bit pixels per word
// (integer contract section 3; docs/microarchitecture.md, "Pixel encoder").
// Byte e of in_data_i at [e*8 +: 8]; code e of out_data_o at
// [e*PixelLevels +: PixelLevels], level l (bit l-1 of the code) = bit 8-l of
// the byte, so the code is the top PixelLevels bits of the byte in reverse order.
// Combinational, no registers: out_valid_o = in_valid_i, in_ready_o = out_ready_i.
#pragma once

#include <cstdint>
#include <systemc>

#include "plan/pixel_encoder_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

// The function.
class PixelEncoder {
 public:
  explicit PixelEncoder(const PixelEncoderConfig& cfg) : cfg_(cfg) {}
  // out (Elems * PixelLevels bits) = the codes of the Elems bytes of in.
  void encode(const Bits& in, Bits& out) const;

 private:
  PixelEncoderConfig cfg_;
};

SC_MODULE(rebnet_pixel_encoder) {
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_in<Bits> in_data_i{"in_data_i"};  // Elems * 8
  sc_core::sc_out<bool> out_valid_o{"out_valid_o"};
  sc_core::sc_in<bool> out_ready_i{"out_ready_i"};
  sc_core::sc_out<Bits> out_data_o{"out_data_o"};  // Elems * PixelLevels

  rebnet_pixel_encoder(sc_core::sc_module_name name, const PixelEncoderConfig& cfg);
  SC_HAS_PROCESS(rebnet_pixel_encoder);
  void trace(sc_core::sc_trace_file * tf) const;

 private:
  void comb();

  const PixelEncoderConfig cfg_;
  PixelEncoder fn_;
  Bits out_data_;
};

}  // namespace rebnet::sc
