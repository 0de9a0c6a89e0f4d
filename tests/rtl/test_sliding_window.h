// rebnet_sliding_window block test, templated on the Verilated class of one
// parameter set: frames of random words go in back to back (random valid gaps),
// the output (random ready stalls) must be every window in the order of
// tests/support/sliding_window_cases.h and nothing else. With no gaps and no stalls the
// transfer cycles must also follow swu_check_timing, the rule the SystemC twin
// meets too (tests/systemc/test_sliding_window.cpp).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "rtl_harness.h"
#include "sliding_window_cases.h"

namespace rebnet::rtltest {

struct SwuSet {
  std::string name;
  uint32_t channels, width, height, kernel, simd, elem_bits;
  test::SwuShape shape() const { return {channels, width, height, kernel, simd}; }
};

template <class V>
void run_sliding_window(const SwuSet& set, uint32_t frames, double p_valid, double p_ready) {
  const test::SwuShape shape = set.shape();
  Rng rng(stimulus_seed(0x5711d1u + set.channels * 7919 + set.width * 131 + set.height * 17 +
                        set.kernel * 3 + set.simd));
  const uint32_t w = set.simd * set.elem_bits;
  StreamWords words{w, w, {}, {}};
  for (uint64_t i = 0; i < frames * shape.frame_in_words(); ++i) {
    Bits b(w);
    for (uint32_t lo = 0; lo < w; lo += 64) b.put(lo, std::min<uint32_t>(64, w - lo), rng.next());
    words.in.push_back(b);
  }
  words.expected = test::swu_expected(shape, words.in);

  Sim<V> sim;
  const uint64_t limit =
      1000 + 8 * (words.in.size() + words.expected.size()) / std::min(p_valid, p_ready);
  const auto where = [&](size_t i, const Bits&, const Bits&) {
    return " (frame " + std::to_string(i / shape.frame_out_words()) + ", word " +
           std::to_string(i % shape.frame_out_words()) + ")";
  };
  const StreamRun run = drive_stream(sim, words, p_valid, p_ready, limit, rng, "", where);
  if (run.ok && p_valid >= 1.0 && p_ready >= 1.0) {
    EXPECT_EQ(test::swu_check_timing(shape, run.in_cycles, run.out_cycles), "");
  }
}

}  // namespace rebnet::rtltest
