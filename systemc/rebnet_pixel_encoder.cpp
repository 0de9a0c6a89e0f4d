#include "rebnet_pixel_encoder.h"

namespace rebnet::sc {

void PixelEncoder::encode(const Bits& in, Bits& out) const {
  const uint32_t P = cfg_.PixelLevels;
  for (uint32_t e = 0; e < cfg_.Elems; ++e) {
    const uint64_t pixel = in.get(e * 8, 8);
    uint64_t code = 0;
    for (uint32_t l = 1; l <= P; ++l) code |= ((pixel >> (8 - l)) & 1u) << (l - 1);
    out.put(e * P, P, code);
  }
}

rebnet_pixel_encoder::rebnet_pixel_encoder(sc_core::sc_module_name name,
                                           const PixelEncoderConfig& cfg)
    : sc_core::sc_module(name), cfg_(cfg), fn_(cfg), out_data_(cfg.Elems * cfg.PixelLevels) {
  cfg.check();
  SC_METHOD(comb);
  sensitive << in_valid_i << in_data_i << out_ready_i;
}

void rebnet_pixel_encoder::comb() {
  fn_.encode(in_data_i.read(), out_data_);
  in_ready_o.write(out_ready_i.read());
  out_valid_o.write(in_valid_i.read());
  out_data_o.write(out_data_);
}

void rebnet_pixel_encoder::trace(sc_core::sc_trace_file* tf) const {
  trace_stream_ports(tf, *this);
}

}  // namespace rebnet::sc
