// rebnet_max_pool: 2x2 max pool, stride 2, of a stream of InHeight x InWidth
// pixels of Channels elements (integer contract section 8;
// docs/microarchitecture.md, "Max pool"). A pixel arrives as Groups =
// Channels/Elems words of Elems elements of ElemBits bits (element i of a word
// at [i*ElemBits +: ElemBits]); the output has floor(InHeight/2) x
// floor(InWidth/2) pixels in the same word format. Per element the output is
// the lexicographic maximum of the four codes with level 1 (bit 0) most
// significant, i.e. the numeric maximum of the bit-reversed codes. The odd
// last row and column are consumed and dropped.
//
// Counters grp_q (word of the pixel), x_q, y_q give the position of the next
// input word; with keep = x_q < 2*PoolWidth && y_q < 2*PoolHeight:
//   rowbuf_addr  = keep ? (x_q/2)*Groups + grp_q : 0
//   first        = keep && x_q, y_q both even      (first word of its window)
//   emit_pos     = keep && x_q, y_q both odd       (last word of its window)
//   pool_max     = first ? in_data_i : lexmax(in_data_i, rowbuf_mem[rowbuf_addr])
//   in_ready_o   = !emit_pos || !out_valid_q || out_ready_i
//   take         = in_valid_i && in_ready_o; the counters advance on take
//   rowbuf_we    = take && keep, rowbuf_wdata = pool_max
//   take && emit_pos: out_valid_d = 1, out_data_d = pool_max; else pop clears out_valid
// out_valid_o = out_valid_q, out_data_o = out_data_q.
#pragma once

#include <cstdint>
#include <systemc>
#include <vector>

#include "plan/max_pool_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

struct MaxPoolRegs {
  uint32_t grp = 0, x = 0, y = 0;
  bool out_valid = false;
  Bits out_data;
};

struct MaxPoolOutputs {
  bool in_ready = false;
  bool rowbuf_we = false;
  uint32_t rowbuf_addr = 0;
  Bits rowbuf_wdata;
};

// Lexicographic order of two codes of `bits` levels, level 1 (bit 0) most
// significant: a < b.
bool lex_less(uint64_t a, uint64_t b, uint32_t bits);

// The function.
class MaxPool {
 public:
  explicit MaxPool(const MaxPoolConfig& cfg) : cfg_(cfg) {}
  // From the registers, the row buffer and the inputs: the next register values
  // (d.out_data must have WordBits bits), the row buffer write and in_ready.
  void comb(const MaxPoolRegs& q, const std::vector<Bits>& rowbuf_mem, bool in_valid,
            const Bits& in_data, bool out_ready, MaxPoolRegs& d, MaxPoolOutputs& o) const;

 private:
  MaxPoolConfig cfg_;
};

SC_MODULE(rebnet_max_pool) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_in<Bits> in_data_i{"in_data_i"};  // Elems * ElemBits
  sc_core::sc_out<bool> out_valid_o{"out_valid_o"};
  sc_core::sc_in<bool> out_ready_i{"out_ready_i"};
  sc_core::sc_out<Bits> out_data_o{"out_data_o"};  // Elems * ElemBits

  Reg<uint32_t> grp;
  Reg<uint32_t> x;
  Reg<uint32_t> y;
  Reg<bool> out_valid;
  Reg<Bits> out_data;
  sc_core::sc_signal<bool> rowbuf_we{"rowbuf_we"};
  sc_core::sc_signal<uint32_t> rowbuf_addr{"rowbuf_addr"};
  sc_core::sc_signal<Bits> rowbuf_wdata;

  rebnet_max_pool(sc_core::sc_module_name name, const MaxPoolConfig& cfg);
  SC_HAS_PROCESS(rebnet_max_pool);
  void trace(sc_core::sc_trace_file * tf) const;
  const MaxPoolConfig& config() const { return cfg_; }

 private:
  void comb();
  void clocked();

  const MaxPoolConfig cfg_;
  MaxPool fn_;
  // The row buffer: Depth words (pooled column px, word grp at px*Groups + grp),
  // the running maximum of the current pooled row. Not traced. Reset clears it
  // here; the RTL's LUT RAM has no reset (every word is written before it is read).
  std::vector<Bits> rowbuf_mem_;
  sc_core::sc_event rowbuf_written_;
  MaxPoolRegs d_;
  MaxPoolOutputs o_;
};

}  // namespace rebnet::sc
