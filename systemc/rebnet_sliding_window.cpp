#include "rebnet_sliding_window.h"

namespace rebnet::sc {

void SlidingWindow::comb(const SlidingWindowRegs& q, bool in_valid, bool out_ready,
                         SlidingWindowRegs& d, SlidingWindowOutputs& o) const {
  const uint32_t K = cfg_.Kernel, PW = cfg_.pixel_words(), RW = cfg_.row_words();
  d = q;

  // Input: a row slot is free (rows_q counts the complete rows not yet released).
  o.in_ready = q.rows != K + 1;
  o.write = in_valid && o.in_ready;
  const bool row_written = o.write && q.wr_col == RW - 1;
  if (o.write) {
    d.wr_addr = q.wr_addr == cfg_.depth() - 1 ? 0 : q.wr_addr + 1;
    d.wr_col = row_written ? 0 : q.wr_col + 1;
  }

  // Read side: one window word per issue, loops oy / ox / ky / kcol.
  o.issue = q.rows >= K && q.obuf_count + (q.rvalid ? 1u : 0u) < 2;
  o.rd_addr = q.row_base + q.rd_col + q.kcol;
  bool row_released = false;
  if (o.issue) {
    if (q.kcol != cfg_.kcol_words() - 1) {
      d.kcol = q.kcol + 1;
    } else {
      d.kcol = 0;
      if (q.ky != K - 1) {
        d.ky = q.ky + 1;
        d.row_base = next_base(q.row_base);
      } else {
        d.ky = 0;
        if (q.ox != cfg_.out_cols() - 1) {
          d.ox = q.ox + 1;
          d.rd_col = q.rd_col + PW;
          d.row_base = q.top_base;
        } else {
          d.ox = 0;
          d.rd_col = 0;
          row_released = true;
          if (q.oy != cfg_.out_rows() - 1) {
            d.oy = q.oy + 1;
            d.top_base = next_base(q.top_base);
          } else {
            d.oy = 0;
            d.top_base = next_base(q.row_base);  // the row after the frame's last row
          }
          d.row_base = d.top_base;
        }
      }
    }
  }
  const uint32_t released = !row_released ? 0 : (q.oy == cfg_.out_rows() - 1 ? K : 1);
  d.rows = q.rows + (row_written ? 1u : 0u) - released;

  // Output stage.
  o.out_valid = q.obuf_count != 0 || q.rvalid;
  o.pop = o.out_valid && out_ready;
  const bool shift = o.pop && q.obuf_count != 0;
  const bool take = q.rvalid && !(o.pop && q.obuf_count == 0);
  o.overflow = take && q.obuf_count - (shift ? 1u : 0u) >= 2;
  d.rvalid = o.issue;
  d.obuf_count = q.obuf_count + (take ? 1u : 0u) - (shift ? 1u : 0u);
}

void SlidingWindow::out_stage(const SlidingWindowRegs& q, bool pop, const Bits& obuf_q,
                              const Bits& rdata_q, Bits& obuf_d, Bits& out_data) const {
  const uint32_t WB = cfg_.word_bits();
  const bool shift = pop && q.obuf_count != 0;
  const bool take = q.rvalid && !(pop && q.obuf_count == 0);
  obuf_d = obuf_q;
  if (shift) obuf_d.put_range(0, obuf_q, WB, WB);  // entry 1 stays as it was
  if (take) {
    const uint32_t slot = q.obuf_count - (shift ? 1u : 0u);
    if (slot < 2) obuf_d.put_range(slot * WB, rdata_q, 0, WB);
  }
  if (q.obuf_count != 0)
    out_data.put_range(0, obuf_q, 0, WB);
  else
    out_data = rdata_q;
}

rebnet_sliding_window::rebnet_sliding_window(sc_core::sc_module_name name,
                                             const SlidingWindowConfig& cfg)
    : sc_core::sc_module(name),
      wr_addr("wr_addr", 0),
      wr_col("wr_col", 0),
      rows("rows", 0),
      oy("oy", 0),
      ox("ox", 0),
      ky("ky", 0),
      kcol("kcol", 0),
      rd_col("rd_col", 0),
      top_base("top_base", 0),
      row_base("row_base", 0),
      rdata("rdata", Bits(cfg.Simd * cfg.ElemBits)),
      rvalid("rvalid", false),
      obuf("obuf", Bits(2 * cfg.Simd * cfg.ElemBits)),
      obuf_count("obuf_count", 0),
      cfg_((cfg.check(), cfg)),
      fn_(cfg),
      lb_mem_(cfg.depth(), Bits(cfg.word_bits())),
      obuf_d_(2 * cfg.word_bits()),
      out_data_(cfg.word_bits()) {
  SC_METHOD(comb);
  sensitive << in_valid_i << out_ready_i << wr_addr.q << wr_col.q << rows.q << oy.q << ox.q << ky.q
            << kcol.q << rd_col.q << top_base.q << row_base.q << rdata.q << rvalid.q << obuf.q
            << obuf_count.q << lb_mem_written_;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_sliding_window::comb() {
  const SlidingWindowRegs q{wr_addr.q.read(),  wr_col.q.read(), rows.q.read(),
                            oy.q.read(),       ox.q.read(),     ky.q.read(),
                            kcol.q.read(),     rd_col.q.read(), top_base.q.read(),
                            row_base.q.read(), rvalid.q.read(), obuf_count.q.read()};
  SlidingWindowRegs d;
  SlidingWindowOutputs o;
  fn_.comb(q, in_valid_i.read(), out_ready_i.read(), d, o);
  fn_.out_stage(q, o.pop, obuf.q.read(), rdata.q.read(), obuf_d_, out_data_);
  wr_addr.d.write(d.wr_addr);
  wr_col.d.write(d.wr_col);
  rows.d.write(d.rows);
  oy.d.write(d.oy);
  ox.d.write(d.ox);
  ky.d.write(d.ky);
  kcol.d.write(d.kcol);
  rd_col.d.write(d.rd_col);
  top_base.d.write(d.top_base);
  row_base.d.write(d.row_base);
  rdata.d.write(lb_mem_[o.rd_addr]);
  rvalid.d.write(d.rvalid);
  obuf.d.write(obuf_d_);
  obuf_count.d.write(d.obuf_count);
  write.write(o.write);
  issue.write(o.issue);
  pop.write(o.pop);
  rd_addr.write(o.rd_addr);
  in_ready_o.write(o.in_ready);
  out_valid_o.write(o.out_valid);
  out_data_o.write(out_data_);
  if (o.overflow && rst_ni.read())
    SC_REPORT_ERROR(name(), "output buffer overflow: the issue rule was broken");
}

void rebnet_sliding_window::clocked() {
  if (rst_ni.read() && write.read()) {
    const Bits& data = in_data_i.read();
    if (data.width() != cfg_.word_bits())
      SC_REPORT_ERROR(name(), "in_data_i is not Simd * ElemBits bits wide");
    lb_mem_[wr_addr.q.read()] = data;
    lb_mem_written_.notify(sc_core::SC_ZERO_TIME);
  }
  // rdata is read-first: rdata_d was computed before this write.
  update_regs(rst_ni.read(), wr_addr, wr_col, rows, oy, ox, ky, kcol, rd_col, top_base, row_base,
              rdata, rvalid, obuf, obuf_count);
}

void rebnet_sliding_window::trace(sc_core::sc_trace_file* tf) const {
  const uint32_t addr_bits = bits_for(cfg_.depth() - 1);
  const uint32_t col_bits = bits_for(cfg_.row_words() - 1);
  trace_ports(tf, clk_i, rst_ni);
  trace_stream_ports(tf, *this);
  trace_reg(tf, wr_addr, addr_bits);
  trace_reg(tf, wr_col, col_bits);
  trace_reg(tf, rows, bits_for(cfg_.Kernel + 1));
  trace_reg(tf, oy, bits_for(cfg_.out_rows() - 1));
  trace_reg(tf, ox, bits_for(cfg_.out_cols() - 1));
  trace_reg(tf, ky, bits_for(cfg_.Kernel - 1));
  trace_reg(tf, kcol, bits_for(cfg_.kcol_words() - 1));
  trace_reg(tf, rd_col, col_bits);
  trace_reg(tf, top_base, addr_bits);
  trace_reg(tf, row_base, addr_bits);
  trace_reg(tf, rdata);
  trace_reg(tf, rvalid);
  trace_reg(tf, obuf);
  trace_reg(tf, obuf_count, 2);
  trace_bool(tf, write, write.name());
  trace_bool(tf, issue, issue.name());
  trace_bool(tf, pop, pop.name());
  trace_uint(tf, rd_addr, rd_addr.name(), addr_bits);
}

}  // namespace rebnet::sc
