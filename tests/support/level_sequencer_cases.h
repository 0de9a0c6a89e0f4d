// rebnet_level_sequencer, cycle by cycle (shared by
// tests/systemc/test_level_sequencer.cpp and tests/rtl/test_level_sequencer.h).
// Reference: the registers and combinational rules of docs/microarchitecture.md
// ("Registers of the sequencer", "Combinational rules"), written out below.
// Stimulus, legal as the RTL's assertions demand: phases of run-time level count k
// (in_levels = min(k, LevelsIn), out_levels = min(k, LevelsOut)), each writing a few
// whole vectors with random valid gaps; pop_i at random while a credit is out (a slow
// or fast output FIFO); the level counts change only the cycle after the unit was
// empty.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cycle_case.h"
#include "mvtu_block_cases.h"

namespace rebnet::blocktest {

inline MvtuShape level_sequencer_shape(const std::string& name, uint32_t nf, uint32_t sf,
                                       uint32_t levels_in, uint32_t levels_out, uint32_t depth) {
  std::vector<uint32_t> scales(levels_in, 1);
  return {name, sf, nf, 1, 1, levels_in, levels_out, scales, depth};
}

struct SequencerRegs {
  uint32_t wr_bank = 0, wr_sf = 0, bank_full = 0, rd_bank = 0;
  uint32_t nf = 0, level = 0, sf = 0, credit = 0, hold = 0;
};

inline CycleCase level_sequencer_case(const MvtuShape& s, const std::vector<uint32_t>& ks,
                                      uint64_t seed) {
  const uint32_t NF = s.matrix_h / s.pe, SF = (s.matrix_w + s.simd - 1) / s.simd;
  const uint32_t depth = s.out_fifo_depth, addr_bits = bits_for(2 * SF - 1);
  CycleCase c(
      s.describe() + " seed " + std::to_string(seed),
      {{"in_levels_i", kLevelsBits}, {"out_levels_i", kLevelsBits}, {"in_valid_i"}, {"pop_i"}},
      {{"in_ready_o"},
       {"buf_we_o"},
       {"buf_waddr_o", addr_bits},
       {"issue_o"},
       {"group_start_o"},
       {"step_last_o"},
       {"buf_raddr_o", addr_bits},
       {"tile_o", bits_for(NF * SF - 1)},
       {"level_o", bits_for(s.levels_in - 1)},
       {"nf_o", bits_for(NF - 1)}});
  test::Rng rng(seed);
  SequencerRegs q;
  q.credit = depth;
  const auto empty = [&](const SequencerRegs& r) {
    return r.bank_full == 0 && r.wr_sf == 0 && r.credit == depth && r.level == 0 && r.sf == 0 &&
           r.nf == 0;
  };
  const uint32_t vectors = 3;
  uint32_t written = 0, valid_pct = rng.pick({30, 90, 100}), pop_pct = rng.pick({15, 60, 100});
  bool was_empty = false;
  size_t phase = 0, tail = 0;
  while (tail < 8) {
    if (phase < ks.size() && written == vectors && was_empty) {
      ++phase;  // new level counts the cycle after an empty one
      written = 0;
      valid_pct = rng.pick({30, 90, 100});
      pop_pct = rng.pick({15, 60, 100});
    }
    const uint32_t k = ks[std::min(phase, ks.size() - 1)];
    const uint32_t in_levels = std::min(k, s.levels_in), out_levels = std::min(k, s.levels_out);
    if (phase == ks.size()) ++tail;
    const bool in_valid =
        phase < ks.size() && written < vectors && rng.uniform(1, 100) <= valid_pct;
    const bool pop = q.credit < depth && rng.uniform(1, 100) <= pop_pct;

    const bool in_ready = !((q.bank_full >> q.wr_bank) & 1u);
    const bool write = in_valid && in_ready;
    const bool group_start = q.level == 0 && q.sf == 0;
    const bool issue =
        ((q.bank_full >> q.rd_bank) & 1u) && (!group_start || (q.credit != 0 && q.hold == 0));
    const bool step_last = issue && q.sf == SF - 1 && q.level == in_levels - 1;
    const bool vector_last = step_last && q.nf == NF - 1;
    c.add({value(kLevelsBits, in_levels), value(kLevelsBits, out_levels), value(1, in_valid),
           value(1, pop)},
          {value(1, in_ready), value(1, write), value(addr_bits, q.wr_bank * SF + q.wr_sf),
           value(1, issue), value(1, group_start), value(1, step_last),
           value(addr_bits, q.rd_bank * SF + q.sf), value(32, q.nf * SF + q.sf), value(32, q.level),
           value(32, q.nf)});

    SequencerRegs d = q;
    d.credit = q.credit - (issue && group_start) + pop;
    d.hold = issue && group_start ? std::max(SF * in_levels, out_levels) - 1
                                  : (q.hold != 0 ? q.hold - 1 : 0);
    if (issue) {  // for nf < NF, for level < in_levels, for sf < SF
      d.sf = q.sf == SF - 1 ? 0 : q.sf + 1;
      if (q.sf == SF - 1) d.level = q.level == in_levels - 1 ? 0 : q.level + 1;
      if (step_last) d.nf = q.nf == NF - 1 ? 0 : q.nf + 1;
    }
    if (write) {
      d.wr_sf = q.wr_sf == SF - 1 ? 0 : q.wr_sf + 1;
      if (q.wr_sf == SF - 1) {
        d.bank_full |= 1u << q.wr_bank;
        d.wr_bank ^= 1u;
        ++written;
      }
    }
    if (vector_last) {
      d.bank_full &= ~(1u << q.rd_bank);
      d.rd_bank ^= 1u;
    }
    was_empty = empty(q);
    q = d;
    if (c.cycles() > 100000) throw std::logic_error(c.describe() + ": the unit never drains");
  }
  return c;
}

}  // namespace rebnet::blocktest
