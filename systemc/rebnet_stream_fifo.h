// rebnet_stream_fifo: synchronous show-ahead FIFO of Depth words of Width bits.
//   in_ready_o  = count_q != Depth      (a full FIFO refuses even with a pop)
//   out_valid_o = count_q != 0, out_data_o = mem_q[rd_ptr_q] (the oldest entry)
//   push = in_valid_i && in_ready_o: mem_q[wr_ptr_q] = in_data_i, wr_ptr wraps at Depth
//   pop = out_valid_o && out_ready_i: rd_ptr wraps at Depth; count_d = count_q + push - pop
// A word pushed at an edge is visible on out_* right after it (one cycle through).
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>

#include "plan/stream_fifo_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

struct StreamFifoRegs {
  uint32_t wr_ptr = 0;
  uint32_t rd_ptr = 0;
  uint32_t count = 0;
};

struct StreamFifoOutputs {
  bool in_ready = false;
  bool out_valid = false;
  bool push = false;  // mem_q write enable
  bool pop = false;
};

// The function: pointer and count arithmetic.
class StreamFifo {
 public:
  explicit StreamFifo(const StreamFifoConfig& cfg) : cfg_(cfg) {}
  void comb(const StreamFifoRegs& q, bool in_valid, bool out_ready, StreamFifoRegs& d,
            StreamFifoOutputs& o) const;

 private:
  StreamFifoConfig cfg_;
};

SC_MODULE(rebnet_stream_fifo) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<bool> in_valid_i{"in_valid_i"};
  sc_core::sc_out<bool> in_ready_o{"in_ready_o"};
  sc_core::sc_in<Bits> in_data_i{"in_data_i"};
  sc_core::sc_out<bool> out_valid_o{"out_valid_o"};
  sc_core::sc_in<bool> out_ready_i{"out_ready_i"};
  sc_core::sc_out<Bits> out_data_o{"out_data_o"};

  Reg<uint32_t> wr_ptr;
  Reg<uint32_t> rd_ptr;
  Reg<uint32_t> count;
  sc_core::sc_signal<bool> push{"push"};  // mem_q write enable this cycle

  rebnet_stream_fifo(sc_core::sc_module_name name, const StreamFifoConfig& cfg);
  SC_HAS_PROCESS(rebnet_stream_fifo);
  void trace(sc_core::sc_trace_file* tf) const;
  const StreamFifoConfig& config() const { return cfg_; }

 private:
  void comb();
  void clocked();

  const StreamFifoConfig cfg_;
  StreamFifo fn_;
  std::vector<Bits> mem_q_;   // the storage (an RTL register array; not traced)
  sc_core::sc_event mem_written_;
};

}  // namespace rebnet::sc
