// rebnet_weight_mem, cycle by cycle (shared by tests/systemc/test_weight_mem.cpp and
// tests/rtl/test_weight_mem.h). Reference (docs/microarchitecture.md, "Memories", and
// the block's header comment): word nf*SF + sf holds PE p's weights at
// [p*Simd +: Simd], bit i = synapse sf*Simd + i of neuron nf*Pe + p, pads 0, read
// from the layer's weight matrix; the read is registered, so rd_data_o of cycle t is
// the word at rd_addr_i of cycle t-1 (cycle 0: not checked, the RTL register has no
// reset).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cycle_case.h"
#include "mvtu_block_cases.h"

namespace rebnet::blocktest {

inline Bits weight_word(const MvtuShape& s, const Layer& layer, uint32_t tile) {
  const uint32_t sf_count = (s.matrix_w + s.simd - 1) / s.simd;
  const uint32_t nf = tile / sf_count, sf = tile % sf_count;
  Bits w(s.pe * s.simd);
  for (uint32_t p = 0; p < s.pe; ++p)
    for (uint32_t i = 0; i < s.simd; ++i)
      if (sf * s.simd + i < s.matrix_w)
        w.set_bit(p * s.simd + i, layer.weights.get(nf * s.pe + p, sf * s.simd + i));
  return w;
}

// Addresses: random, runs of consecutive tiles (the sequencer's order), the first
// and the last word.
inline CycleCase weight_mem_case(const MvtuShape& s, const Layer& layer, size_t cycles,
                                 uint64_t seed) {
  const uint32_t depth = s.matrix_h / s.pe * ((s.matrix_w + s.simd - 1) / s.simd);
  const uint32_t addr_bits = bits_for(depth - 1);
  CycleCase c(s.describe() + " seed " + std::to_string(seed), {{"rd_addr_i", addr_bits}},
              {{"rd_data_o", s.pe * s.simd}});
  test::Rng rng(seed);
  uint32_t addr = 0, prev = 0;
  for (size_t t = 0; t < cycles; ++t) {
    switch (rng.uniform(0, 3)) {
      case 0:
        addr = rng.uniform(0, depth - 1);
        break;
      case 1:
        addr = (addr + 1) % depth;
        break;
      case 2:
        addr = rng.chance(0.5) ? 0 : depth - 1;
        break;
      default:
        break;  // the same word again
    }
    std::optional<Bits> data;
    if (t > 0) data = weight_word(s, layer, prev);
    c.add({value(addr_bits, addr)}, {data});
    prev = addr;
  }
  return c;
}

}  // namespace rebnet::blocktest
