#include "rebnet_width_converter.h"

#include <algorithm>
#include <numeric>

namespace rebnet::sc {

// The configuration is checked before gran_ (and any register width) is derived from it.
static const WidthConverterConfig& checked(const WidthConverterConfig& cfg) {
  cfg.check();
  return cfg;
}

WidthConverter::WidthConverter(const WidthConverterConfig& cfg)
    : cfg_(checked(cfg)), gran_(std::gcd(cfg.InElems, cfg.OutElems)) {}

void WidthConverter::comb(const Bits& buf_q, uint32_t fill_q, uint32_t recv_q, bool in_valid,
                          const Bits& in_data, bool out_ready, Bits& buf_d, uint32_t& fill_d,
                          uint32_t& recv_d, WidthConverterOutputs& o) const {
  const uint32_t In = cfg_.InElems, Out = cfg_.OutElems, VE = cfg_.VectorElems,
                 EB = cfg_.ElemBits;
  o.out_valid = fill_q >= Out || (recv_q == VE && fill_q != 0);
  o.in_ready = fill_q <= Out && recv_q != VE;
  const bool pop = o.out_valid && out_ready;
  const bool push = in_valid && o.in_ready;
  buf_d = buf_q;
  fill_d = fill_q;
  recv_d = recv_q;
  if (pop) {
    // A full pop moves what lies past OutElems to the front; a short one leaves nothing.
    // Nothing is cleared.
    if (fill_q >= Out) {
      buf_d.put_range(0, buf_q, Out * EB, In * EB);
      fill_d = fill_q - Out;
    } else {
      fill_d = 0;
    }
    if (recv_q == VE && fill_d == 0) recv_d = 0;
  }
  if (push) {
    buf_d.put_range(fill_d * EB, in_data, 0, In * EB);
    fill_d += In;
    recv_d = recv_q + In;
  }
}

void WidthConverter::out_data(const Bits& buf_q, uint32_t fill_q, Bits& out) const {
  const uint32_t Out = cfg_.OutElems, EB = cfg_.ElemBits;
  out.put_range(0, buf_q, 0, Out * EB);
  // A vector's short last word: its padding is 0 whatever the buffer holds there.
  const uint32_t tail = cfg_.VectorElems % Out;
  if (tail != 0 && fill_q < Out)
    for (uint32_t i = tail * EB; i < Out * EB; i += 64) out.put(i, std::min(64u, Out * EB - i), 0);
}

Bits WidthConverter::fill_at(uint32_t fill) const {
  Bits b((cfg_.InElems + cfg_.OutElems) / gran_ + 1);
  fill_at(fill, b);
  return b;
}

void WidthConverter::fill_at(uint32_t fill, Bits& out) const {
  out.clear();
  out.set_bit(fill / gran_, true);
}

rebnet_width_converter::rebnet_width_converter(sc_core::sc_module_name name,
                                               const WidthConverterConfig& cfg)
    : sc_core::sc_module(name),
      buf("buf", Bits((cfg.InElems + cfg.OutElems) * cfg.ElemBits)),
      fill("fill", 0),
      fill_at("fill_at", WidthConverter(cfg).fill_at(0)),
      recv("recv", 0),
      cfg_(cfg),
      fn_(cfg),
      buf_d_((cfg.InElems + cfg.OutElems) * cfg.ElemBits),
      fill_at_d_(fn_.fill_at(0)),
      out_data_(cfg.OutElems * cfg.ElemBits) {
  SC_METHOD(comb);
  sensitive << in_valid_i << in_data_i << out_ready_i << buf.q << fill.q << recv.q;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_width_converter::comb() {
  uint32_t fill_d = 0, recv_d = 0;
  WidthConverterOutputs o;
  const Bits& buf_q = buf.q.read();
  fn_.comb(buf_q, fill.q.read(), recv.q.read(), in_valid_i.read(), in_data_i.read(),
           out_ready_i.read(), buf_d_, fill_d, recv_d, o);
  fn_.out_data(buf_q, fill.q.read(), out_data_);
  buf.d.write(buf_d_);
  fill.d.write(fill_d);
  fn_.fill_at(fill_d, fill_at_d_);
  fill_at.d.write(fill_at_d_);
  recv.d.write(recv_d);
  in_ready_o.write(o.in_ready);
  out_valid_o.write(o.out_valid);
  out_data_o.write(out_data_);
}

void rebnet_width_converter::clocked() {
  update_regs(rst_ni.read(), buf, fill, fill_at, recv);
}

void rebnet_width_converter::trace(sc_core::sc_trace_file* tf) const {
  trace_ports(tf, clk_i, rst_ni);
  trace_stream_ports(tf, *this);
  trace_reg(tf, buf);
  trace_reg(tf, fill, bits_for(cfg_.InElems + cfg_.OutElems));
  trace_reg(tf, fill_at);
  trace_reg(tf, recv, bits_for(cfg_.VectorElems));
}

}  // namespace rebnet::sc
