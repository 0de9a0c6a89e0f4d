#include "rebnet_xnor_array.h"

namespace rebnet::sc {

void XnorArray::select_level(const Bits& ibuf, uint32_t level, Bits& x) const {
  if (levels_in_ == 1) {
    x.put_range(0, ibuf, 0, simd_);
    return;
  }
  for (uint32_t base = 0; base < simd_; base += 64) {
    const uint32_t n = std::min<uint32_t>(64, simd_ - base);
    uint64_t v = 0;
    for (uint32_t i = 0; i < n; ++i)
      v |= uint64_t{ibuf.bit((base + i) * levels_in_ + level)} << i;
    x.put(base, n, v);
  }
}

void XnorArray::compute(const Bits& ibuf, uint32_t level, const Bits& wmem, Bits& mismatch) {
  select_level(ibuf, level, x_);
  for (uint32_t p = 0; p < pe_; ++p)
    for (uint32_t base = 0; base < simd_; base += 64) {
      const uint32_t n = std::min<uint32_t>(64, simd_ - base);
      const uint32_t lsb = p * simd_ + base;
      mismatch.put(lsb, n, wmem.get(lsb, n) ^ x_.get(base, n));
    }
}

rebnet_xnor_array::rebnet_xnor_array(sc_core::sc_module_name name, const MvtuConfig& cfg)
    : sc_core::sc_module(name),
      level_bits_(bits_for(cfg.LevelsIn - 1)),
      fn_(cfg.Simd, cfg.Pe, cfg.LevelsIn),
      mismatch_(cfg.Pe * cfg.Simd) {
  SC_METHOD(comb);
  sensitive << ibuf_i << level_i << wmem_i;
}

void rebnet_xnor_array::comb() {
  fn_.compute(ibuf_i.read(), level_i.read(), wmem_i.read(), mismatch_);
  mismatch_o.write(mismatch_);
}

void rebnet_xnor_array::trace(sc_core::sc_trace_file* tf) const {
  trace_port(tf, ibuf_i, 0);
  trace_port(tf, level_i, level_bits_);
  trace_port(tf, wmem_i, 0);
  trace_port(tf, mismatch_o, 0);
}

}  // namespace rebnet::sc
