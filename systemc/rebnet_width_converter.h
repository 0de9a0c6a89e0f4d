// rebnet_width_converter: regroups a stream of InElems-element words into
// OutElems-element words (elements of ElemBits bits, element i of a word at
// [i*ElemBits +: ElemBits]); a vector of VectorElems elements (a multiple of
// InElems) leaves as ceil(VectorElems/OutElems) words, the last zero-padded
// (docs/microarchitecture.md, "Width converter").
//   out_valid_o = fill_q >= OutElems || (recv_q == VectorElems && fill_q != 0)
//   out_data_o  = the first OutElems elements of buf_q; while fill_q < OutElems, the
//                 elements from VectorElems % OutElems on are 0 (a short last word's padding)
//   in_ready_o  = fill_q <= OutElems && recv_q != VectorElems
//   pop:  drop min(OutElems, fill_q) elements from the front (a full pop moves the
//         InElems elements past OutElems to the front; nothing is cleared)
//   push: append InElems elements behind what remains; recv += InElems
//   recv_q == VectorElems and a pop leaves nothing: recv = 0
// buf_q holds InElems + OutElems elements, element 0 (the front) at bits 0;
// elements at or past fill_q are stale (never cleared: the RTL's buffer bits need only
// load enables). fill_at_q is fill_q one-hot in granules
// of gcd(InElems, OutElems) elements (bit fill_q / Gran set): the RTL decodes where a
// push lands from it.
#pragma once

#include <cstdint>

#include <systemc>

#include "plan/width_converter_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

struct WidthConverterOutputs {
  bool in_ready = false;
  bool out_valid = false;
};

// The function.
class WidthConverter {
 public:
  explicit WidthConverter(const WidthConverterConfig& cfg);
  // From buf_q/fill_q/recv_q and the handshake inputs: the next values and
  // the handshake outputs.
  void comb(const Bits& buf_q, uint32_t fill_q, uint32_t recv_q, bool in_valid,
            const Bits& in_data, bool out_ready, Bits& buf_d, uint32_t& fill_d, uint32_t& recv_d,
            WidthConverterOutputs& o) const;
  // out_data_o from buf_q and fill_q (out: OutElems * ElemBits bits).
  void out_data(const Bits& buf_q, uint32_t fill_q, Bits& out) const;
  // fill_at for a fill count: CapElems / Gran + 1 bits, bit fill / Gran set.
  Bits fill_at(uint32_t fill) const;
  void fill_at(uint32_t fill, Bits& out) const;

 private:
  WidthConverterConfig cfg_;
  uint32_t gran_;  // elements per granule: gcd(InElems, OutElems)
};

SC_MODULE(rebnet_width_converter) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_in<Bits> in_data_i{"in_data_i"};  // InElems * ElemBits
  sc_core::sc_out<bool> out_valid_o{"out_valid_o"};
  sc_core::sc_in<bool> out_ready_i{"out_ready_i"};
  sc_core::sc_out<Bits> out_data_o{"out_data_o"};  // OutElems * ElemBits

  Reg<Bits> buf;
  Reg<uint32_t> fill;
  Reg<Bits> fill_at;
  Reg<uint32_t> recv;

  rebnet_width_converter(sc_core::sc_module_name name, const WidthConverterConfig& cfg);
  SC_HAS_PROCESS(rebnet_width_converter);
  void trace(sc_core::sc_trace_file* tf) const;

 private:
  void comb();
  void clocked();

  const WidthConverterConfig cfg_;
  WidthConverter fn_;
  Bits buf_d_, fill_at_d_, out_data_;
};

}  // namespace rebnet::sc
