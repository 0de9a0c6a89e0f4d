#include "rebnet_stream_fifo.h"

namespace rebnet::sc {

void StreamFifo::comb(const StreamFifoRegs& q, bool in_valid, bool out_ready, StreamFifoRegs& d,
                      StreamFifoOutputs& o) const {
  d = q;
  o.in_ready = q.count != cfg_.Depth;
  o.out_valid = q.count != 0;
  o.push = in_valid && o.in_ready;
  o.pop = o.out_valid && out_ready;
  if (o.push) d.wr_ptr = q.wr_ptr == cfg_.Depth - 1 ? 0 : q.wr_ptr + 1;
  if (o.pop) d.rd_ptr = q.rd_ptr == cfg_.Depth - 1 ? 0 : q.rd_ptr + 1;
  d.count = q.count + (o.push ? 1u : 0u) - (o.pop ? 1u : 0u);
}

rebnet_stream_fifo::rebnet_stream_fifo(sc_core::sc_module_name name, const StreamFifoConfig& cfg)
    : sc_core::sc_module(name),
      wr_ptr("wr_ptr", 0),
      rd_ptr("rd_ptr", 0),
      count("count", 0),
      cfg_(cfg),
      fn_(cfg),
      mem_q_(cfg.Depth, Bits(cfg.Width)) {
  if (cfg.Depth < 1) SC_REPORT_ERROR(this->name(), "Depth must be at least 1");
  SC_METHOD(comb);
  sensitive << in_valid_i << out_ready_i << wr_ptr.q << rd_ptr.q << count.q << mem_written_;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_stream_fifo::comb() {
  StreamFifoRegs q{wr_ptr.q.read(), rd_ptr.q.read(), count.q.read()};
  StreamFifoRegs d;
  StreamFifoOutputs o;
  fn_.comb(q, in_valid_i.read(), out_ready_i.read(), d, o);
  wr_ptr.d.write(d.wr_ptr);
  rd_ptr.d.write(d.rd_ptr);
  count.d.write(d.count);
  push.write(o.push);
  in_ready_o.write(o.in_ready);
  out_valid_o.write(o.out_valid);
  out_data_o.write(mem_q_[q.rd_ptr]);
}

void rebnet_stream_fifo::clocked() {
  if (rst_ni.read() && push.read()) {
    const Bits& data = in_data_i.read();
    if (data.width() != cfg_.Width) SC_REPORT_ERROR(name(), "in_data_i has the wrong width");
    mem_q_[wr_ptr.q.read()] = data;
    mem_written_.notify(sc_core::SC_ZERO_TIME);
  }
  update_regs(rst_ni.read(), wr_ptr, rd_ptr, count);
}

void rebnet_stream_fifo::trace(sc_core::sc_trace_file* tf) const {
  const uint32_t ptr_bits = bits_for(cfg_.Depth - 1);
  trace_stream_ports(tf, *this);
  trace_reg(tf, wr_ptr, ptr_bits);
  trace_reg(tf, rd_ptr, ptr_bits);
  trace_reg(tf, count, bits_for(cfg_.Depth));
  trace_bool(tf, push, push.name());
}

}  // namespace rebnet::sc
