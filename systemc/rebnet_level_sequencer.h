// rebnet_level_sequencer: the MVTU's input-bank bookkeeping, loop counters
// (nf, level, sf), output credits and group pacing (docs/microarchitecture.md,
// "Registers of the sequencer" and "Combinational rules").
#pragma once

#include <cstdint>

#include <systemc>

#include "plan/mvtu_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

// Register values of the sequencer (names without the _q/_d suffix).
struct LevelSequencerRegs {
  uint32_t wr_bank = 0;
  uint32_t wr_sf = 0;
  uint32_t bank_full = 0;  // bit b: bank b holds a complete vector
  uint32_t rd_bank = 0;
  uint32_t nf = 0;
  uint32_t level = 0;
  uint32_t sf = 0;
  uint32_t credit = 0;
  uint32_t hold = 0;
};

struct LevelSequencerInputs {
  uint32_t in_levels = 1;   // run-time level counts, 1..LevelsIn and 0..LevelsOut
  uint32_t out_levels = 0;
  bool in_valid = false;
  bool pop = false;  // the output FIFO hands a word on (returns one credit)
};

struct LevelSequencerOutputs {
  bool in_ready = false;
  bool buf_we = false;       // input buffer write enable
  uint32_t buf_waddr = 0;    // wr_bank_q * SF + wr_sf_q
  bool issue = false;
  bool group_start = false;  // level_q == 0 && sf_q == 0
  bool step_last = false;
  uint32_t buf_raddr = 0;    // rd_bank_q * SF + sf_q
  uint32_t tile = 0;         // nf_q * SF + sf_q
  uint32_t level = 0;        // level_q
  uint32_t nf = 0;           // nf_q
};

// The function: every combinational rule of the spec, from the registers.
class LevelSequencer {
 public:
  explicit LevelSequencer(const MvtuConfig& cfg) : cfg_(cfg) {}
  LevelSequencerRegs reset_value() const;
  void comb(const LevelSequencerRegs& q, const LevelSequencerInputs& in, LevelSequencerRegs& d,
            LevelSequencerOutputs& out) const;

 private:
  const MvtuConfig& cfg_;
};

SC_MODULE(rebnet_level_sequencer) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<uint32_t> in_levels_i{"in_levels_i"};
  sc_core::sc_in<uint32_t> out_levels_i{"out_levels_i"};
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_out<bool> buf_we_o{"buf_we_o"};
  sc_core::sc_out<uint32_t> buf_waddr_o{"buf_waddr_o"};
  sc_core::sc_out<bool> issue_o{"issue_o"};
  sc_core::sc_out<bool> group_start_o{"group_start_o"};
  sc_core::sc_out<bool> step_last_o{"step_last_o"};
  sc_core::sc_out<uint32_t> buf_raddr_o{"buf_raddr_o"};
  sc_core::sc_out<uint32_t> tile_o{"tile_o"};
  sc_core::sc_out<uint32_t> level_o{"level_o"};
  sc_core::sc_out<uint32_t> nf_o{"nf_o"};
  sc_core::sc_in<bool> pop_i{"pop_i"};

  Reg<uint32_t> wr_bank;
  Reg<uint32_t> wr_sf;
  Reg<uint32_t> bank_full;
  Reg<uint32_t> rd_bank;
  Reg<uint32_t> nf;
  Reg<uint32_t> level;
  Reg<uint32_t> sf;
  Reg<uint32_t> credit;
  Reg<uint32_t> hold;

  rebnet_level_sequencer(sc_core::sc_module_name name, const MvtuConfig& cfg);
  SC_HAS_PROCESS(rebnet_level_sequencer);

  // Traces ports and registers with the RTL's widths (after binding).
  void trace(sc_core::sc_trace_file* tf) const;

 private:
  void comb();
  void clocked();

  const MvtuConfig cfg_;  // a copy: the module does not depend on the caller's object
  LevelSequencer fn_;
};

}  // namespace rebnet::sc
