#include "rebnet_max_pool.h"

namespace rebnet::sc {

bool lex_less(uint64_t a, uint64_t b, uint32_t bits) {
  for (uint32_t l = 0; l < bits; ++l) {
    const bool ba = (a >> l) & 1u, bb = (b >> l) & 1u;
    if (ba != bb) return bb;
  }
  return false;
}

void MaxPool::comb(const MaxPoolRegs& q, const std::vector<Bits>& rowbuf_mem, bool in_valid,
                   const Bits& in_data, bool out_ready, MaxPoolRegs& d, MaxPoolOutputs& o) const {
  const uint32_t EB = cfg_.ElemBits, G = cfg_.Groups();
  const bool keep = q.x < 2 * cfg_.PoolWidth() && q.y < 2 * cfg_.PoolHeight();
  const bool odd_x = q.x & 1u, odd_y = q.y & 1u;
  const bool first = keep && !odd_x && !odd_y;
  const bool emit_pos = keep && odd_x && odd_y;

  o.rowbuf_addr = keep ? (q.x / 2) * G + q.grp : 0;
  o.rowbuf_wdata = in_data;
  if (!first) {
    const Bits& held = rowbuf_mem[o.rowbuf_addr];
    for (uint32_t e = 0; e < cfg_.Elems; ++e)
      if (lex_less(in_data.get(e * EB, EB), held.get(e * EB, EB), EB))
        o.rowbuf_wdata.put(e * EB, EB, held.get(e * EB, EB));
  }
  o.in_ready = !emit_pos || !q.out_valid || out_ready;
  const bool take = in_valid && o.in_ready;
  const bool pop = q.out_valid && out_ready;
  o.rowbuf_we = take && keep;

  d.grp = q.grp;
  d.x = q.x;
  d.y = q.y;
  d.out_valid = q.out_valid && !pop;
  d.out_data = q.out_data;
  if (take) {
    if (q.grp == G - 1) {
      d.grp = 0;
      if (q.x == cfg_.InWidth - 1) {
        d.x = 0;
        d.y = q.y == cfg_.InHeight - 1 ? 0 : q.y + 1;
      } else {
        d.x = q.x + 1;
      }
    } else {
      d.grp = q.grp + 1;
    }
    if (emit_pos) {
      d.out_valid = true;
      d.out_data = o.rowbuf_wdata;
    }
  }
}

rebnet_max_pool::rebnet_max_pool(sc_core::sc_module_name name, const MaxPoolConfig& cfg)
    : sc_core::sc_module(name),
      grp("grp", 0),
      x("x", 0),
      y("y", 0),
      out_valid("out_valid", false),
      out_data("out_data", Bits(cfg.Elems * cfg.ElemBits)),
      rowbuf_wdata("rowbuf_wdata", Bits(cfg.Elems * cfg.ElemBits)),
      cfg_(cfg),
      fn_(cfg) {
  cfg.check();
  rowbuf_mem_.assign(cfg.Depth(), Bits(cfg.WordBits()));
  d_.out_data = Bits(cfg.WordBits());
  SC_METHOD(comb);
  sensitive << in_valid_i << in_data_i << out_ready_i << grp.q << x.q << y.q << out_valid.q
            << out_data.q << rowbuf_written_;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_max_pool::comb() {
  const MaxPoolRegs q{grp.q.read(), x.q.read(), y.q.read(), out_valid.q.read(), out_data.q.read()};
  fn_.comb(q, rowbuf_mem_, in_valid_i.read(), in_data_i.read(), out_ready_i.read(), d_, o_);
  grp.d.write(d_.grp);
  x.d.write(d_.x);
  y.d.write(d_.y);
  out_valid.d.write(d_.out_valid);
  out_data.d.write(d_.out_data);
  rowbuf_we.write(o_.rowbuf_we);
  rowbuf_addr.write(o_.rowbuf_addr);
  rowbuf_wdata.write(o_.rowbuf_wdata);
  in_ready_o.write(o_.in_ready);
  out_valid_o.write(q.out_valid);
  out_data_o.write(q.out_data);
}

void rebnet_max_pool::clocked() {
  if (!rst_ni.read()) {
    for (Bits& w : rowbuf_mem_) w.clear();
    rowbuf_written_.notify(sc_core::SC_ZERO_TIME);
  } else if (rowbuf_we.read()) {
    rowbuf_mem_[rowbuf_addr.read()] = rowbuf_wdata.read();
    rowbuf_written_.notify(sc_core::SC_ZERO_TIME);
  }
  update_regs(rst_ni.read(), grp, x, y, out_valid, out_data);
}

void rebnet_max_pool::trace(sc_core::sc_trace_file* tf) const {
  trace_ports(tf, clk_i, rst_ni);
  trace_stream_ports(tf, *this);
  trace_reg(tf, grp, bits_for(cfg_.Groups() - 1));
  trace_reg(tf, x, bits_for(cfg_.InWidth - 1));
  trace_reg(tf, y, bits_for(cfg_.InHeight - 1));
  trace_reg(tf, out_valid);
  trace_reg(tf, out_data);
  trace_bool(tf, rowbuf_we, rowbuf_we.name());
  trace_uint(tf, rowbuf_addr, rowbuf_addr.name(), bits_for(cfg_.Depth() - 1));
  trace_bits(tf, rowbuf_wdata, rowbuf_wdata.name());
}

}  // namespace rebnet::sc
