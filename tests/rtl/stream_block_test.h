// The RTL side of the shared stream-block cases (tests/support/stream_case.h), for
// rebnet_max_pool, rebnet_label_select and rebnet_pixel_encoder: templated on the
// Verilated class of one parameter set (test_<block>.cpp.in instantiates them per
// set). Input words, expected output words and the expected timing come from
// tests/support/<block>_cases.h, which the SystemC tests use too.
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

#include "rtl_harness.h"
#include "stream_case.h"

namespace rebnet::rtltest {

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
  S sim;
  const uint64_t limit =
      1000 + 40 * (c.in.size() + c.expected.size()) / std::min(p_valid, p_ready);
  return drive_stream(sim, c, p_valid, p_ready, limit, rng, what);
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
