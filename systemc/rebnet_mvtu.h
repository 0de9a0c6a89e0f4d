// rebnet_mvtu: the matrix-vector-threshold unit (docs/microarchitecture.md),
// configured at run time by an MvtuConfig (make_mvtu_config(layer, folding)).
//
// Composition: u_level_sequencer, u_weight_mem, u_xnor_array, u_popcount_tree,
// u_threshold_unit, the input buffer (2*SF words, here) and the output FIFO
// u_out_fifo (rebnet_stream_fifo, OutFifoDepth words).
// Pipeline registers held here: ibuf_q (S0: registered read of the input
// buffer at buf_raddr) and the stage controls s1_*, s2_*, s3_* (valid, first,
// last, level, nf), all loaded on every clock edge.
//
// Streams (port table): in_data_i = Simd elements of LevelsIn bits (element i at
// [i*LevelsIn +: LevelsIn], level l at bit l-1); out_data_o = Pe codes of
// LevelsOut bits (neuron nf*Pe + p at [p*LevelsOut +: LevelsOut]) or, for the
// last layer, Pe signed 48-bit scores at [p*48 +: 48].
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>

#include "plan/mvtu_config.h"
#include "rebnet_bits.h"
#include "rebnet_level_sequencer.h"
#include "rebnet_popcount_tree.h"
#include "rebnet_stream_fifo.h"
#include "rebnet_threshold_unit.h"
#include "rebnet_weight_mem.h"
#include "rebnet_xnor_array.h"

namespace rebnet::sc {

SC_MODULE(rebnet_mvtu) {
 private:
  const MvtuConfig cfg_;  // first: every member below is built from it

 public:
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<uint32_t> levels_i{"levels_i"};  // k, 1..8; change only while empty
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_in<Bits> in_data_i{"in_data_i"};
  sc_core::sc_out<bool> out_valid_o{"out_valid_o"};
  sc_core::sc_in<bool> out_ready_i{"out_ready_i"};
  sc_core::sc_out<Bits> out_data_o{"out_data_o"};

  // Wires: the run-time level counts in_levels = PixelInput ? LevelsIn : min(k, LevelsIn),
  // out_levels = min(k, LevelsOut); pop = out_valid_o && out_ready_i; and the wires
  // between the blocks, named after the ports that drive them (wmem: u_weight_mem.rd_data_o).
  sc_core::sc_signal<uint32_t> in_levels;
  sc_core::sc_signal<uint32_t> out_levels;
  sc_core::sc_signal<bool> pop;
  sc_core::sc_signal<bool> buf_we;
  sc_core::sc_signal<uint32_t> buf_waddr;
  sc_core::sc_signal<bool> issue;
  sc_core::sc_signal<bool> group_start;
  sc_core::sc_signal<bool> step_last;
  sc_core::sc_signal<uint32_t> buf_raddr;
  sc_core::sc_signal<uint32_t> tile;
  sc_core::sc_signal<uint32_t> level;
  sc_core::sc_signal<uint32_t> nf;
  sc_core::sc_signal<Bits> wmem;
  sc_core::sc_signal<Bits> mismatch;
  sc_core::sc_signal<Bits> count;
  sc_core::sc_signal<bool> push_valid;
  sc_core::sc_signal<Bits> push_data;
  sc_core::sc_signal<bool> push_ready;  // u_out_fifo.in_ready_o: credits make it always 1

  // Pipeline registers.
  Reg<Bits> ibuf;
  Reg<bool> s1_valid, s1_first, s1_last;
  Reg<uint32_t> s1_level, s1_nf;
  Reg<bool> s2_valid, s2_first, s2_last;
  Reg<uint32_t> s2_level, s2_nf;
  Reg<bool> s3_valid, s3_first, s3_last;
  Reg<uint32_t> s3_level, s3_nf;

  rebnet_level_sequencer u_level_sequencer;
  rebnet_weight_mem u_weight_mem;
  rebnet_xnor_array u_xnor_array;
  rebnet_popcount_tree u_popcount_tree;
  rebnet_threshold_unit u_threshold_unit;
  rebnet_stream_fifo u_out_fifo;

  rebnet_mvtu(sc_core::sc_module_name name, const MvtuConfig& cfg);
  SC_HAS_PROCESS(rebnet_mvtu);

  const MvtuConfig& config() const { return cfg_; }
  // Traces every port, wire and register of this unit and its blocks under
  // their hierarchical names, with the RTL's widths. Call after binding
  // (e.g. after sc_start(SC_ZERO_TIME)) and before the trace file's first cycle.
  void trace(sc_core::sc_trace_file* tf) const;

 private:
  void wires();
  void comb();
  void clocked();

  std::vector<Bits> ibuf_mem_;  // input buffer: bank b, word sf at b*SF + sf
  sc_core::sc_event ibuf_mem_written_;
};

}  // namespace rebnet::sc
