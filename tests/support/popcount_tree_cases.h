// rebnet_popcount_tree, cycle by cycle (shared by tests/systemc/test_popcount_tree.cpp
// and tests/rtl/test_popcount_tree.h). Reference (the block's header comment): both
// stages load every edge and reset to 0, so count_o of cycle t is, per PE, the number
// of ones among its Simd bits of mismatch_i two cycles earlier (0 in cycles 0 and 1).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cycle_case.h"
#include "mvtu_block_cases.h"

namespace rebnet::blocktest {

inline MvtuShape popcount_tree_shape(const std::string& name, uint32_t simd, uint32_t pe) {
  return {name, simd, pe, simd, pe};
}

inline CycleCase popcount_tree_case(const MvtuShape& s, size_t cycles, uint64_t seed) {
  const uint32_t count_bits = bits_for(s.simd);
  CycleCase c(s.describe() + " seed " + std::to_string(seed), {{"mismatch_i", s.pe * s.simd}},
              {{"count_o", s.pe * count_bits}});
  test::Rng rng(seed);
  std::vector<Bits> mismatch;
  for (size_t t = 0; t < cycles; ++t) {
    mismatch.push_back(random_density_bits(rng, s.pe * s.simd));
    Bits count(s.pe * count_bits);
    if (t >= 2)
      for (uint32_t p = 0; p < s.pe; ++p) {
        uint64_t ones = 0;
        for (uint32_t i = 0; i < s.simd; ++i) ones += mismatch[t - 2].bit(p * s.simd + i);
        count.put(p * count_bits, count_bits, ones);
      }
    c.add({mismatch[t]}, {count});
  }
  return c;
}

}  // namespace rebnet::blocktest
