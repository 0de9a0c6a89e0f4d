// Block tests of rebnet_max_pool, rebnet_label_select and rebnet_pixel_encoder,
// templated on the Verilated class of one parameter set (the generated
// test_<block>_<set>.cpp files, generated from stream_block_test.cpp.in, instantiate them). Input words, expected
// output words and the expected timing come from pool_select_cases.h, which the
// SystemC test uses too.
//
// run_random: random input-valid gaps and output-ready stalls in three regimes
//   (sparse input, stalled output, both busy); every output word is compared.
// run_timing: no gaps, no stalls: the same comparison plus blocktest::check_timing,
//   the rule the SystemC twin is held to as well (cycle-exact twins).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "pool_select_cases.h"
#include "rtl_harness.h"

namespace rebnet::rtltest {

inline Bits to_bits(const blocktest::Word& w) {
  Bits b(w.width);
  for (uint32_t i = 0; i < w.width; i += 64)
    b.set(i, std::min<uint32_t>(64, w.width - i), w.chunks[i / 64]);
  return b;
}

// The Sim interface for a block without clock and reset (the pixel encoder):
// tick() only counts; the outputs follow the inputs on settle().
template <class V>
class CombSim : public SimBase<V> {
 public:
  void reset() { this->settle(); }
  void tick() {
    this->ctx_->timeInc(1);
    ++this->cycle_;
  }
};

// Offers the case's input words (each next one with chance p_valid per cycle, held
// until taken) and accepts output words with chance p_ready per cycle.
template <class S>
StreamRun drive_case(const blocktest::StreamCase& c, const std::string& what, double p_valid,
                     double p_ready, Rng& rng) {
  StreamWords words{c.in_bits, c.out_bits, {}, {}};
  for (const auto& w : c.in) words.in.push_back(to_bits(w));
  for (const auto& w : c.expected) words.expected.push_back(to_bits(w));
  S sim;
  const uint64_t limit =
      1000 + 40 * (words.in.size() + words.expected.size()) / std::min(p_valid, p_ready);
  return drive_stream(sim, words, p_valid, p_ready, limit, rng, what);
}

template <class S>
void run_random(const blocktest::StreamCase& c, const std::string& what, uint64_t seed) {
  Rng rng(stimulus_seed(seed));
  for_each_pacing([&](double pv, double pr) { return drive_case<S>(c, what, pv, pr, rng).ok; });
}

template <class S>
void run_timing(const blocktest::StreamCase& c, const std::string& what) {
  Rng rng(1);
  const StreamRun run = drive_case<S>(c, what, 1.0, 1.0, rng);
  if (run.ok) {
    EXPECT_EQ(blocktest::check_timing(c, run.in_cycles, run.out_cycles), "") << what;
  }
}

}  // namespace rebnet::rtltest
