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
  StreamWords words{in_w, out_w, {}, {}};
  for (uint32_t v = 0; v < vectors; ++v) {
    std::vector<uint64_t> elems(set.vector_elems);
    for (uint64_t& e : elems) e = rng.next() & ((uint64_t{1} << eb) - 1);
    for (uint32_t i = 0; i < set.vector_elems; i += set.in_elems) {
      Bits w(in_w);
      for (uint32_t j = 0; j < set.in_elems; ++j) w.put(j * eb, eb, elems[i + j]);
      words.in.push_back(w);
    }
    for (uint32_t i = 0; i < set.vector_elems; i += set.out_elems) {
      Bits w(out_w);
      for (uint32_t j = 0; j < set.out_elems && i + j < set.vector_elems; ++j)
        w.put(j * eb, eb, elems[i + j]);
      words.expected.push_back(w);
    }
  }

  Sim<V> sim;
  const uint64_t limit =
      1000 + 40 * (words.in.size() + words.expected.size()) / std::min(p_valid, p_ready);
  const uint32_t out_words_per_vector = (set.vector_elems + set.out_elems - 1) / set.out_elems;
  const auto where = [&](size_t i, const Bits&, const Bits&) {
    return " (vector " + std::to_string(i / out_words_per_vector) + ")";
  };
  drive_stream(sim, words, p_valid, p_ready, limit, rng, "", where);
}

}  // namespace rebnet::rtltest
