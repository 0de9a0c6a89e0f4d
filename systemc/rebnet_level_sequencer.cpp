#include "rebnet_level_sequencer.h"

#include <algorithm>

namespace rebnet::sc {

LevelSequencerRegs LevelSequencer::reset_value() const {
  LevelSequencerRegs r;
  r.credit = cfg_.OutFifoDepth;
  return r;
}

void LevelSequencer::comb(const LevelSequencerRegs& q, const LevelSequencerInputs& in,
                          LevelSequencerRegs& d, LevelSequencerOutputs& o) const {
  const uint32_t SF = cfg_.SF, NF = cfg_.NF;
  const uint32_t in_levels = in.in_levels;
  d = q;

  o.in_ready = !((q.bank_full >> q.wr_bank) & 1u);
  o.buf_we = in.in_valid && o.in_ready;
  o.buf_waddr = q.wr_bank * SF + q.wr_sf;
  o.group_start = q.level == 0 && q.sf == 0;
  const bool rd_full = (q.bank_full >> q.rd_bank) & 1u;
  o.issue = rd_full && (!o.group_start || (q.credit != 0 && q.hold == 0));
  o.step_last = o.issue && q.sf == SF - 1 && q.level == in_levels - 1;
  const bool vector_last = o.step_last && q.nf == NF - 1;
  const bool start = o.issue && o.group_start;
  o.buf_raddr = q.rd_bank * SF + q.sf;
  o.tile = q.nf * SF + q.sf;
  o.level = q.level;
  o.nf = q.nf;

  d.credit = q.credit - (start ? 1u : 0u) + (in.pop ? 1u : 0u);
  const uint32_t group_hold = std::max(SF * in_levels, in.out_levels) - 1;
  d.hold = start ? group_hold : (q.hold != 0 ? q.hold - 1 : 0);

  if (o.issue) {  // for nf < NF, for level < in_levels, for sf < SF
    if (q.sf == SF - 1) {
      d.sf = 0;
      if (q.level == in_levels - 1) {
        d.level = 0;
        d.nf = q.nf == NF - 1 ? 0 : q.nf + 1;
      } else {
        d.level = q.level + 1;
      }
    } else {
      d.sf = q.sf + 1;
    }
  }
  if (o.buf_we) {
    if (q.wr_sf == SF - 1) {
      d.bank_full |= 1u << q.wr_bank;
      d.wr_bank = q.wr_bank ^ 1u;
      d.wr_sf = 0;
    } else {
      d.wr_sf = q.wr_sf + 1;
    }
  }
  if (vector_last) {
    d.bank_full &= ~(1u << q.rd_bank);
    d.rd_bank = q.rd_bank ^ 1u;
  }
}

rebnet_level_sequencer::rebnet_level_sequencer(sc_core::sc_module_name name,
                                               const MvtuConfig& cfg)
    : sc_core::sc_module(name),
      wr_bank("wr_bank", 0),
      wr_sf("wr_sf", 0),
      bank_full("bank_full", 0),
      rd_bank("rd_bank", 0),
      nf("nf", 0),
      level("level", 0),
      sf("sf", 0),
      credit("credit", cfg.OutFifoDepth),
      hold("hold", 0),
      cfg_(cfg),
      fn_(cfg_) {
  SC_METHOD(comb);
  sensitive << in_levels_i << out_levels_i << in_valid_i << pop_i << wr_bank.q << wr_sf.q
            << bank_full.q << rd_bank.q << nf.q << level.q << sf.q << credit.q << hold.q;
  SC_METHOD(clocked);
  sensitive << clk_i.pos() << rst_ni.neg();
  dont_initialize();
}

void rebnet_level_sequencer::comb() {
  LevelSequencerRegs q;
  q.wr_bank = wr_bank.q.read();
  q.wr_sf = wr_sf.q.read();
  q.bank_full = bank_full.q.read();
  q.rd_bank = rd_bank.q.read();
  q.nf = nf.q.read();
  q.level = level.q.read();
  q.sf = sf.q.read();
  q.credit = credit.q.read();
  q.hold = hold.q.read();
  LevelSequencerInputs in;
  in.in_levels = in_levels_i.read();
  in.out_levels = out_levels_i.read();
  in.in_valid = in_valid_i.read();
  in.pop = pop_i.read();
  LevelSequencerRegs d;
  LevelSequencerOutputs o;
  fn_.comb(q, in, d, o);
  wr_bank.d.write(d.wr_bank);
  wr_sf.d.write(d.wr_sf);
  bank_full.d.write(d.bank_full);
  rd_bank.d.write(d.rd_bank);
  nf.d.write(d.nf);
  level.d.write(d.level);
  sf.d.write(d.sf);
  credit.d.write(d.credit);
  hold.d.write(d.hold);
  in_ready_o.write(o.in_ready);
  buf_we_o.write(o.buf_we);
  buf_waddr_o.write(o.buf_waddr);
  issue_o.write(o.issue);
  group_start_o.write(o.group_start);
  step_last_o.write(o.step_last);
  buf_raddr_o.write(o.buf_raddr);
  tile_o.write(o.tile);
  level_o.write(o.level);
  nf_o.write(o.nf);
}

void rebnet_level_sequencer::clocked() {
  update_regs(rst_ni.read(), wr_bank, wr_sf, bank_full, rd_bank, nf, level, sf, credit, hold);
}

void rebnet_level_sequencer::trace(sc_core::sc_trace_file* tf) const {
  const uint32_t sf_bits = bits_for(cfg_.SF - 1), nf_bits = bits_for(cfg_.NF - 1);
  const uint32_t addr_bits = bits_for(2 * cfg_.SF - 1), tile_bits = bits_for(cfg_.NF * cfg_.SF - 1);
  const uint32_t level_bits = bits_for(cfg_.LevelsIn - 1);
  trace_ports(tf, clk_i, rst_ni);
  trace_port(tf, in_levels_i, kLevelsBits);
  trace_port(tf, out_levels_i, kLevelsBits);
  trace_port(tf, in_valid_i, 1);
  trace_port(tf, in_ready_o, 1);
  trace_port(tf, buf_we_o, 1);
  trace_port(tf, buf_waddr_o, addr_bits);
  trace_port(tf, issue_o, 1);
  trace_port(tf, group_start_o, 1);
  trace_port(tf, step_last_o, 1);
  trace_port(tf, buf_raddr_o, addr_bits);
  trace_port(tf, tile_o, tile_bits);
  trace_port(tf, level_o, level_bits);
  trace_port(tf, nf_o, nf_bits);
  trace_port(tf, pop_i, 1);
  trace_reg(tf, wr_bank, 1);
  trace_reg(tf, wr_sf, sf_bits);
  trace_reg(tf, bank_full, 2);
  trace_reg(tf, rd_bank, 1);
  trace_reg(tf, nf, nf_bits);
  trace_reg(tf, level, level_bits);
  trace_reg(tf, sf, sf_bits);
  trace_reg(tf, credit, bits_for(cfg_.OutFifoDepth));
  trace_reg(tf, hold, bits_for(std::max(cfg_.SF * cfg_.LevelsIn, cfg_.LevelsOut) - 1));
}

}  // namespace rebnet::sc
