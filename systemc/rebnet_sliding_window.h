// rebnet_sliding_window: turns a stream of image pixels (a frame of InHeight x
// InWidth pixels, raster order, Channels/Simd words of Simd elements per pixel)
// into the stream of convolution windows: for every output pixel (oy, ox) of
// the (InHeight-K+1) x (InWidth-K+1) output, raster order, its K*K*Channels/Simd
// words in contract order (ky, kx, c) (docs/integer-contract.md section 9;
// docs/microarchitecture.md, "Sliding-window unit").
//
// Line buffer: lb_mem, (K+1) rows of RowWords = InWidth*PixelWords words, row
// slot s at s*RowWords; a registered read (rdata_q) into a 2-entry output
// buffer (obuf_q) with bypass. Names below are the RTL's (rtl/rebnet_sliding_window.sv).
//   in_ready_o  = rows_q != K+1
//   issue       = rows_q >= K && obuf_count_q + rvalid_q < 2
//   rd_addr     = row_base_q + rd_col_q + kcol_q
//   out_valid_o = obuf_count_q != 0 || rvalid_q
//   out_data_o  = obuf_count_q != 0 ? obuf_q entry 0 : rdata_q
//   rdata_d     = lb_mem[rd_addr] (every cycle), rvalid_d = issue
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>

#include "plan/sliding_window_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

// The scalar registers (reset values as initialised here).
struct SlidingWindowRegs {
  uint32_t wr_addr = 0;     // line-buffer word the input writes next
  uint32_t wr_col = 0;      // word of the input row being written (0..RowWords-1)
  uint32_t rows = 0;        // complete rows held and not yet released (0..K+1)
  uint32_t oy = 0, ox = 0;  // output pixel being read
  uint32_t ky = 0;          // window row being read
  uint32_t kcol = 0;        // word within the window row: kx*PixelWords + c/Simd
  uint32_t rd_col = 0;      // ox * PixelWords
  uint32_t top_base = 0;    // slot(oy) * RowWords
  uint32_t row_base = 0;    // slot(oy + ky) * RowWords
  bool rvalid = false;      // rdata_q holds a window word
  uint32_t obuf_count = 0;  // words in obuf_q (0..2)
};

struct SlidingWindowOutputs {
  bool in_ready = false;
  bool out_valid = false;
  bool write = false;     // lb_mem write enable (address wr_addr_q)
  bool issue = false;     // a window word is read this cycle
  bool pop = false;       // output transfer
  uint32_t rd_addr = 0;   // lb_mem read address
  bool overflow = false;  // a word would enter a full obuf (never, by the issue rule)
};

// The function.
class SlidingWindow {
 public:
  explicit SlidingWindow(const SlidingWindowConfig& cfg) : cfg_(cfg) {}
  // Control: from the registers and the handshake inputs, the next register
  // values and the outputs.
  void comb(const SlidingWindowRegs& q, bool in_valid, bool out_ready, SlidingWindowRegs& d,
            SlidingWindowOutputs& o) const;
  // Data of the output stage: obuf_d and out_data_o from obuf_q and rdata_q.
  void out_stage(const SlidingWindowRegs& q, bool pop, const Bits& obuf_q, const Bits& rdata_q,
                 Bits& obuf_d, Bits& out_data) const;

 private:
  uint32_t next_base(uint32_t base) const {
    return base == cfg_.depth() - cfg_.row_words() ? 0 : base + cfg_.row_words();
  }
  SlidingWindowConfig cfg_;
};

SC_MODULE(rebnet_sliding_window) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_in<Bits> in_data_i{"in_data_i"};  // Simd * ElemBits
  sc_core::sc_out<bool> out_valid_o{"out_valid_o"};
  sc_core::sc_in<bool> out_ready_i{"out_ready_i"};
  sc_core::sc_out<Bits> out_data_o{"out_data_o"};  // Simd * ElemBits

  Reg<uint32_t> wr_addr;
  Reg<uint32_t> wr_col;
  Reg<uint32_t> rows;
  Reg<uint32_t> oy;
  Reg<uint32_t> ox;
  Reg<uint32_t> ky;
  Reg<uint32_t> kcol;
  Reg<uint32_t> rd_col;
  Reg<uint32_t> top_base;
  Reg<uint32_t> row_base;
  Reg<Bits> rdata;  // line-buffer read register (no reset in the RTL)
  Reg<bool> rvalid;
  Reg<Bits> obuf;  // entry e at [e*WordWidth +: WordWidth], entry 0 the oldest
  Reg<uint32_t> obuf_count;
  // Wires.
  sc_core::sc_signal<bool> write{"write"};
  sc_core::sc_signal<bool> issue{"issue"};
  sc_core::sc_signal<bool> pop{"pop"};
  sc_core::sc_signal<uint32_t> rd_addr{"rd_addr"};

  rebnet_sliding_window(sc_core::sc_module_name name, const SlidingWindowConfig& cfg);
  SC_HAS_PROCESS(rebnet_sliding_window);
  void trace(sc_core::sc_trace_file* tf) const;
  const SlidingWindowConfig& config() const { return cfg_; }

 private:
  void comb();
  void clocked();

  const SlidingWindowConfig cfg_;
  SlidingWindow fn_;
  std::vector<Bits> lb_mem_;  // the line buffer (an RTL memory; not traced)
  sc_core::sc_event lb_mem_written_;
  Bits obuf_d_, out_data_;
};

}  // namespace rebnet::sc
