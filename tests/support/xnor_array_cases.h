// rebnet_xnor_array, cycle by cycle (shared by tests/systemc/test_xnor_array.cpp and
// tests/rtl/test_xnor_array.h). Reference (contract section 5, the block's header
// comment): combinational; x[i] = bit level_i of element i of ibuf_i (element i at
// [i*LevelsIn +: LevelsIn]) and mismatch_o[p*Simd + i] = wmem_i[p*Simd + i] ^ x[i].
#pragma once

#include <cstdint>
#include <string>

#include "cycle_case.h"
#include "mvtu_block_cases.h"

namespace rebnet::blocktest {

inline MvtuShape xnor_array_shape(const std::string& name, uint32_t simd, uint32_t pe,
                                  uint32_t levels_in) {
  std::vector<uint32_t> scales(levels_in, 1);
  return {name, simd, pe, simd, pe, levels_in, 1, scales};
}

inline CycleCase xnor_array_case(const MvtuShape& s, size_t cycles, uint64_t seed) {
  const uint32_t level_bits = bits_for(s.levels_in - 1);
  CycleCase c(
      s.describe() + " seed " + std::to_string(seed),
      {{"ibuf_i", s.simd * s.levels_in}, {"level_i", level_bits}, {"wmem_i", s.pe * s.simd}},
      {{"mismatch_o", s.pe * s.simd}});
  test::Rng rng(seed);
  for (size_t t = 0; t < cycles; ++t) {
    const Bits ibuf = random_density_bits(rng, s.simd * s.levels_in);
    const uint32_t level = rng.uniform(0, s.levels_in - 1);
    const Bits wmem = random_density_bits(rng, s.pe * s.simd);
    Bits mismatch(s.pe * s.simd);
    for (uint32_t p = 0; p < s.pe; ++p)
      for (uint32_t i = 0; i < s.simd; ++i)
        mismatch.set_bit(p * s.simd + i,
                         wmem.bit(p * s.simd + i) != ibuf.bit(i * s.levels_in + level));
    c.add({ibuf, value(level_bits, level), wmem}, {mismatch});
  }
  return c;
}

}  // namespace rebnet::blocktest
