// rebnet_weight_mem: NF*SF words of Pe*Simd weight bits (tile nf*SF + sf, PE p
// at [p*Simd +: Simd], pad bits 0) with a registered read: rd_data_q loads the
// word at rd_addr_i (the tile) on every clock edge (the read address is the
// sequencer's counter value; the pipeline's valid bits say which reads matter).
// Unlike the RTL, whose output register has no reset, rd_data_q resets to 0.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>

#include "plan/mvtu_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

// The function: the memory image.
class WeightMemory {
 public:
  explicit WeightMemory(const MvtuConfig& cfg) : image_(cfg.weights) {}
  const Bits& read(uint32_t tile) const { return image_.at(tile); }
  uint32_t words() const { return static_cast<uint32_t>(image_.size()); }

 private:
  std::vector<Bits> image_;
};

SC_MODULE(rebnet_weight_mem) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<uint32_t> rd_addr_i{"rd_addr_i"};
  sc_core::sc_out<Bits> rd_data_o{"rd_data_o"};  // = rd_data_q

  Reg<Bits> rd_data;

  rebnet_weight_mem(sc_core::sc_module_name name, const MvtuConfig& cfg);
  SC_HAS_PROCESS(rebnet_weight_mem);
  void trace(sc_core::sc_trace_file* tf) const;

 private:
  void comb();
  void clocked();

  const uint32_t addr_bits_;
  WeightMemory fn_;
};

}  // namespace rebnet::sc
