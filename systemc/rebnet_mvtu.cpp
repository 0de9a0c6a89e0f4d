#include "rebnet_mvtu.h"

namespace rebnet::sc {

rebnet_mvtu::rebnet_mvtu(sc_core::sc_module_name name, const MvtuConfig& cfg)
    : sc_core::sc_module(name),
      cfg_(cfg),
      in_levels("in_levels", 1),
      out_levels("out_levels", 0),
      pop("pop", false),
      buf_we("buf_we", false),
      buf_waddr("buf_waddr", 0),
      issue("issue", false),
      group_start("group_start", false),
      step_last("step_last", false),
      buf_raddr("buf_raddr", 0),
      tile("tile", 0),
      level("level", 0),
      nf("nf", 0),
      wmem("wmem", Bits(cfg_.Pe * cfg_.Simd)),
      mismatch("mismatch", Bits(cfg_.Pe * cfg_.Simd)),
      count("count", Bits(cfg_.Pe * cfg_.count_bits())),
      push_valid("push_valid", false),
      push_data("push_data", Bits(cfg_.out_bits())),
      push_ready("push_ready", false),
      ibuf("ibuf", Bits(cfg_.in_bits())),
      s1_valid("s1_valid", false),
      s1_first("s1_first", false),
      s1_last("s1_last", false),
      s1_level("s1_level", 0),
      s1_nf("s1_nf", 0),
      s2_valid("s2_valid", false),
      s2_first("s2_first", false),
      s2_last("s2_last", false),
      s2_level("s2_level", 0),
      s2_nf("s2_nf", 0),
      s3_valid("s3_valid", false),
      s3_first("s3_first", false),
      s3_last("s3_last", false),
      s3_level("s3_level", 0),
      s3_nf("s3_nf", 0),
      u_level_sequencer("u_level_sequencer", cfg_),
      u_weight_mem("u_weight_mem", cfg_),
      u_xnor_array("u_xnor_array", cfg_),
      u_popcount_tree("u_popcount_tree", cfg_),
      u_threshold_unit("u_threshold_unit", cfg_),
      u_out_fifo("u_out_fifo", StreamFifoConfig{cfg_.OutFifoDepth, cfg_.out_bits()}),
      ibuf_mem_(2 * cfg_.SF, Bits(cfg_.in_bits())) {
  u_level_sequencer.clk_i(clk_i);
  u_level_sequencer.rst_ni(rst_ni);
  u_level_sequencer.in_levels_i(in_levels);
  u_level_sequencer.out_levels_i(out_levels);
  u_level_sequencer.in_valid_i(in_valid_i);
  u_level_sequencer.in_ready_o(in_ready_o);
  u_level_sequencer.buf_we_o(buf_we);
  u_level_sequencer.buf_waddr_o(buf_waddr);
  u_level_sequencer.issue_o(issue);
  u_level_sequencer.group_start_o(group_start);
  u_level_sequencer.step_last_o(step_last);
  u_level_sequencer.buf_raddr_o(buf_raddr);
  u_level_sequencer.tile_o(tile);
  u_level_sequencer.level_o(level);
  u_level_sequencer.nf_o(nf);
  u_level_sequencer.pop_i(pop);

  u_weight_mem.clk_i(clk_i);
  u_weight_mem.rst_ni(rst_ni);
  u_weight_mem.rd_addr_i(tile);
  u_weight_mem.rd_data_o(wmem);

  u_xnor_array.ibuf_i(ibuf.q);
  u_xnor_array.level_i(s1_level.q);
  u_xnor_array.wmem_i(wmem);
  u_xnor_array.mismatch_o(mismatch);

  u_popcount_tree.clk_i(clk_i);
  u_popcount_tree.rst_ni(rst_ni);
  u_popcount_tree.mismatch_i(mismatch);
  u_popcount_tree.count_o(count);

  u_threshold_unit.clk_i(clk_i);
  u_threshold_unit.rst_ni(rst_ni);
  u_threshold_unit.in_levels_i(in_levels);
  u_threshold_unit.out_levels_i(out_levels);
  u_threshold_unit.s3_valid_i(s3_valid.q);
  u_threshold_unit.s3_first_i(s3_first.q);
  u_threshold_unit.s3_last_i(s3_last.q);
  u_threshold_unit.s3_level_i(s3_level.q);
  u_threshold_unit.s3_nf_i(s3_nf.q);
  u_threshold_unit.count_i(count);
  u_threshold_unit.push_valid_o(push_valid);
  u_threshold_unit.push_data_o(push_data);

  u_out_fifo.clk_i(clk_i);
  u_out_fifo.rst_ni(rst_ni);
  u_out_fifo.in_valid_i(push_valid);
  u_out_fifo.in_ready_o(push_ready);
  u_out_fifo.in_data_i(push_data);
  u_out_fifo.out_valid_o(out_valid_o);
  u_out_fifo.out_ready_i(out_ready_i);
  u_out_fifo.out_data_o(out_data_o);

  SC_METHOD(wires);
  sensitive << levels_i << out_valid_o << out_ready_i;
  SC_METHOD(comb);
  sensitive << buf_raddr << issue << group_start << step_last << level << nf << s1_valid.q
            << s1_first.q << s1_last.q << s1_level.q << s1_nf.q << s2_valid.q << s2_first.q
            << s2_last.q << s2_level.q << s2_nf.q << ibuf_mem_written_;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_mvtu::wires() {
  in_levels.write(cfg_.in_levels(levels_i.read()));
  out_levels.write(cfg_.out_levels(levels_i.read()));
  pop.write(out_valid_o.read() && out_ready_i.read());
}

void rebnet_mvtu::comb() {
  ibuf.d.write(ibuf_mem_[buf_raddr.read()]);
  s1_valid.d.write(issue.read());
  s1_first.d.write(group_start.read());
  s1_last.d.write(step_last.read());
  s1_level.d.write(level.read());
  s1_nf.d.write(nf.read());
  s2_valid.d.write(s1_valid.q.read());
  s2_first.d.write(s1_first.q.read());
  s2_last.d.write(s1_last.q.read());
  s2_level.d.write(s1_level.q.read());
  s2_nf.d.write(s1_nf.q.read());
  s3_valid.d.write(s2_valid.q.read());
  s3_first.d.write(s2_first.q.read());
  s3_last.d.write(s2_last.q.read());
  s3_level.d.write(s2_level.q.read());
  s3_nf.d.write(s2_nf.q.read());
}

void rebnet_mvtu::clocked() {
  if (rst_ni.read()) {
    if (levels_i.read() == 0 || levels_i.read() > kMaxLevels)
      SC_REPORT_ERROR(name(), "levels_i must be in 1..8");
    if (buf_we.read()) {
      const Bits& data = in_data_i.read();
      if (data.width() != cfg_.in_bits())
        SC_REPORT_ERROR(name(), "in_data_i is not Simd * LevelsIn bits wide");
      ibuf_mem_[buf_waddr.read()] = data;
      ibuf_mem_written_.notify(sc_core::SC_ZERO_TIME);
    }
    if (push_valid.read() && !push_ready.read())
      SC_REPORT_ERROR(name(), "output FIFO overflow: the credit rule was broken");
  }
  update_regs(rst_ni.read(), ibuf, s1_valid, s1_first, s1_last, s1_level, s1_nf, s2_valid,
              s2_first, s2_last, s2_level, s2_nf, s3_valid, s3_first, s3_last, s3_level, s3_nf);
}

void rebnet_mvtu::trace(sc_core::sc_trace_file* tf) const {
  const uint32_t nf_bits = bits_for(cfg_.NF - 1), level_bits = bits_for(cfg_.LevelsIn - 1);
  const uint32_t addr_bits = bits_for(2 * cfg_.SF - 1), tile_bits = bits_for(cfg_.NF * cfg_.SF - 1);
  trace_ports(tf, clk_i, rst_ni);
  trace_port(tf, levels_i, kLevelsBits);
  trace_stream_ports(tf, *this);
  trace_uint(tf, in_levels, in_levels.name(), kLevelsBits);
  trace_uint(tf, out_levels, out_levels.name(), kLevelsBits);
  trace_bool(tf, pop, pop.name());
  trace_bool(tf, buf_we, buf_we.name());
  trace_uint(tf, buf_waddr, buf_waddr.name(), addr_bits);
  trace_bool(tf, issue, issue.name());
  trace_bool(tf, group_start, group_start.name());
  trace_bool(tf, step_last, step_last.name());
  trace_uint(tf, buf_raddr, buf_raddr.name(), addr_bits);
  trace_uint(tf, tile, tile.name(), tile_bits);
  trace_uint(tf, level, level.name(), level_bits);
  trace_uint(tf, nf, nf.name(), nf_bits);
  trace_bits(tf, wmem, wmem.name());
  trace_bits(tf, mismatch, mismatch.name());
  trace_bits(tf, count, count.name());
  trace_bool(tf, push_valid, push_valid.name());
  trace_bits(tf, push_data, push_data.name());
  trace_bool(tf, push_ready, push_ready.name());
  trace_reg(tf, ibuf);
  for (const Reg<bool>* r : {&s1_valid, &s1_first, &s1_last, &s2_valid, &s2_first, &s2_last,
                             &s3_valid, &s3_first, &s3_last})
    trace_reg(tf, *r);
  for (const Reg<uint32_t>* r : {&s1_level, &s2_level, &s3_level}) trace_reg(tf, *r, level_bits);
  for (const Reg<uint32_t>* r : {&s1_nf, &s2_nf, &s3_nf}) trace_reg(tf, *r, nf_bits);
  u_level_sequencer.trace(tf);
  u_weight_mem.trace(tf);
  u_xnor_array.trace(tf);
  u_popcount_tree.trace(tf);
  u_threshold_unit.trace(tf);
  u_out_fifo.trace(tf);
}

}  // namespace rebnet::sc
