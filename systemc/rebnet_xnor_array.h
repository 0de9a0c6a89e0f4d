// rebnet_xnor_array: stage S1's bit products in mismatch form (integer
// contract section 5): x[i] = ibuf_i[i*LevelsIn + level_i], and for every PE
// p, mismatch_o[p*Simd + i] = wmem_i[p*Simd + i] ^ x[i]. A 1 is a mismatch
// (a -1 product); pads are 0 in both operands and never count. Combinational.
#pragma once

#include <cstdint>

#include <systemc>

#include "plan/mvtu_config.h"
#include "rebnet_bits.h"

namespace rebnet::sc {

// The function.
class XnorArray {
 public:
  XnorArray(uint32_t simd, uint32_t pe, uint32_t levels_in)
      : simd_(simd), pe_(pe), levels_in_(levels_in), x_(simd) {}
  // Selects level `level` (0-based) of every element of `ibuf` into x.
  void select_level(const Bits& ibuf, uint32_t level, Bits& x) const;
  // mismatch = wmem ^ {Pe{x}}.
  void compute(const Bits& ibuf, uint32_t level, const Bits& wmem, Bits& mismatch);

 private:
  uint32_t simd_, pe_, levels_in_;
  Bits x_;
};

SC_MODULE(rebnet_xnor_array) {
  sc_core::sc_in<Bits> ibuf_i{"ibuf_i"};       // Simd * LevelsIn
  sc_core::sc_in<uint32_t> level_i{"level_i"};  // 0-based level
  sc_core::sc_in<Bits> wmem_i{"wmem_i"};       // Pe * Simd
  sc_core::sc_out<Bits> mismatch_o{"mismatch_o"};  // Pe * Simd

  rebnet_xnor_array(sc_core::sc_module_name name, const MvtuConfig& cfg);
  SC_HAS_PROCESS(rebnet_xnor_array);
  void trace(sc_core::sc_trace_file* tf) const;

 private:
  void comb();

  const uint32_t level_bits_;
  XnorArray fn_;
  Bits mismatch_;
};

}  // namespace rebnet::sc
