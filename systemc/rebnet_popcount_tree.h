// rebnet_popcount_tree: per PE, the number of mismatches in one Simd-bit step,
// in two registered stages. Stage A (S1): chunk_q[p][c] = popcount of the
// 16-bit chunk c of PE p's mismatch bits (the last chunk may be shorter),
// packed at [(p*Chunks + c)*5 +: 5]. Stage B (S2): count_q[p] = the sum of
// PE p's chunks, packed at [p*CountBits +: CountBits], CountBits =
// clog2(Simd+1). Both load on every clock edge.
#pragma once

#include <cstdint>

#include <systemc>

#include "plan/mvtu_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

// The function.
class PopcountTree {
 public:
  PopcountTree(uint32_t simd, uint32_t pe)
      : simd_(simd), pe_(pe), chunks_((simd + kChunkBits - 1) / kChunkBits),
        count_bits_(bits_for(simd)) {}
  void stage_a(const Bits& mismatch, Bits& chunk) const;
  void stage_b(const Bits& chunk, Bits& count) const;
  uint32_t chunks() const { return chunks_; }
  uint32_t count_bits() const { return count_bits_; }

 private:
  uint32_t simd_, pe_, chunks_, count_bits_;
};

SC_MODULE(rebnet_popcount_tree) {
  sc_core::sc_in<bool> clk_i{"clk_i"};
  sc_core::sc_in<bool> rst_ni{"rst_ni"};
  sc_core::sc_in<Bits> mismatch_i{"mismatch_i"};  // Pe * Simd
  sc_core::sc_out<Bits> count_o{"count_o"};       // = count_q

  Reg<Bits> chunk;
  Reg<Bits> count;

  rebnet_popcount_tree(sc_core::sc_module_name name, const MvtuConfig& cfg);
  SC_HAS_PROCESS(rebnet_popcount_tree);
  void trace(sc_core::sc_trace_file* tf) const;

 private:
  void comb();
  void clocked();

  PopcountTree fn_;
  Bits chunk_d_, count_d_;
  bool evaluated_ = false;
};

}  // namespace rebnet::sc
