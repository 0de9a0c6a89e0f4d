// rebnet_width_converter block test, templated on the Verilated class of one
// parameter set: random vectors of VectorElems elements go in as InElems-element
// words with random valid gaps; the output (random ready stalls) must be the same
// element sequence regrouped into OutElems-element words, the last word of each
// vector zero-padded, and nothing else.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rtl_harness.h"

namespace rebnet::rtltest {

struct WcSet {
  std::string name;
  uint32_t in_elems, out_elems, vector_elems, elem_bits;
};

template <class V>
void run_width_converter(const WcSet& set, double p_valid, double p_ready) {
  Rng rng(stimulus_seed(0xc0417e47u + set.in_elems * 131 + set.out_elems * 17 + set.vector_elems));
  const uint32_t eb = set.elem_bits, in_w = set.in_elems * eb, out_w = set.out_elems * eb;
  const uint32_t vectors = 24;
  std::vector<Bits> in_words, expected;
  for (uint32_t v = 0; v < vectors; ++v) {
    std::vector<uint64_t> elems(set.vector_elems);
    for (uint64_t& e : elems) e = rng.next() & ((uint64_t{1} << eb) - 1);
    for (uint32_t i = 0; i < set.vector_elems; i += set.in_elems) {
      Bits w(in_w);
      for (uint32_t j = 0; j < set.in_elems; ++j) w.set(j * eb, eb, elems[i + j]);
      in_words.push_back(w);
    }
    for (uint32_t i = 0; i < set.vector_elems; i += set.out_elems) {
      Bits w(out_w);
      for (uint32_t j = 0; j < set.out_elems && i + j < set.vector_elems; ++j)
        w.set(j * eb, eb, elems[i + j]);
      expected.push_back(w);
    }
  }

  Sim<V> sim;
  V& top = sim.top();
  top.in_valid_i = 0;
  top.out_ready_i = 0;
  put(top.in_data_i, Bits(in_w), in_w);
  sim.reset();
  size_t next_in = 0, next_out = 0;
  bool offering = false;
  const uint64_t limit = 1000 + 40 * (in_words.size() + expected.size()) /
                                    std::min(p_valid, p_ready);
  while (next_out < expected.size() || next_in < in_words.size()) {
    ASSERT_LT(sim.cycle(), limit) << "timeout: " << next_in << " of " << in_words.size()
                                  << " words in, " << next_out << " of " << expected.size()
                                  << " out";
    if (!offering && next_in < in_words.size() && rng.chance(p_valid)) {
      offering = true;
      put(top.in_data_i, in_words[next_in], in_w);
    }
    top.in_valid_i = offering;
    top.out_ready_i = rng.chance(p_ready);
    sim.settle();
    if (offering && top.in_ready_o) {
      offering = false;
      ++next_in;
    }
    if (top.out_valid_o && top.out_ready_i) {
      ASSERT_LT(next_out, expected.size()) << "extra output word at cycle " << sim.cycle();
      const Bits got = get(top.out_data_o, out_w);
      ASSERT_EQ(got.hex(out_w), expected[next_out].hex(out_w))
          << "output word " << next_out << " (vector "
          << next_out / ((set.vector_elems + set.out_elems - 1) / set.out_elems) << ")";
      ++next_out;
    }
    sim.tick();
    ASSERT_FALSE(sim.failed()) << "an RTL assertion failed at cycle " << sim.cycle();
  }
  top.in_valid_i = 0;
  top.out_ready_i = 1;
  for (int i = 0; i < 32; ++i) {
    sim.settle();
    ASSERT_FALSE(top.out_valid_o) << "extra output word at cycle " << sim.cycle();
    sim.tick();
  }
  EXPECT_TRUE(top.in_ready_o) << "input not ready when idle";
}

}  // namespace rebnet::rtltest
