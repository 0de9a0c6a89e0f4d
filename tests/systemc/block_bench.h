// The SystemC side of the shared stream-block cases (tests/support/stream_case.h):
// many parameter sets of one block side by side on one clock, every output word
// against the case's expected words, and with no gaps and no stalls the case's
// cycle timing (the rule the RTL twin's tests apply too). Used by the tests of
// rebnet_max_pool, rebnet_label_select and rebnet_pixel_encoder.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "contract/error.h"
#include "sc_harness.h"
#include "stream_case.h"

namespace rebnet::sc::test {

using blocktest::StreamCase;

// A block's case: the stream, the pacing and a description.
struct BlockCase {
  StreamCase stream;
  std::string what;
  double in_gap, out_stall;
  std::string describe() const { return what; }
};

// Harnesses side by side on one clock, run to completion, then checked: the
// scoreboards, and the timing of every harness without gaps and stalls.
template <class Dut, class Cfg>
class BlockBench : public StreamBench<StreamHarness<Dut, BlockCase>> {
  using Base = StreamBench<StreamHarness<Dut, BlockCase>>;

 public:
  void add(const char* dut_name, const Cfg& cfg, const StreamCase& c, const std::string& describe,
           double gap, double stall, uint64_t seed) {
    this->allow(50 * (c.in.size() + c.expected.size()) + 200);
    const std::string what = describe + " gap " + std::to_string(gap) + " stall " +
                             std::to_string(stall) + " seed " + std::to_string(seed);
    Base::add(BlockCase{c, what, gap, stall}, dut_name, cfg, c.in_bits, c.out_bits,
              std::vector<StreamPhase>{StreamPhase{c.in, c.expected}}, gap, stall, seed);
  }
  void run_and_check() {
    Base::run_and_check();
    for (const auto& h : this->harnesses()) {
      SCOPED_TRACE(h->describe());
      const StreamTester& t = h->tester;
      if (h->c.in_gap == 0 && h->c.out_stall == 0) {
        EXPECT_EQ(blocktest::check_timing(h->c.stream, t.in_edges(), t.out_edges()), "");
      }
    }
  }
};

// Every set at every pacing, side by side; seeds seed, seed + 1, ... in that order.
struct Pacing {
  uint32_t frames;
  double gap, stall;
};
template <class B, class Set>
void run_sets(uint64_t seed, const std::vector<Set>& sets, std::initializer_list<Pacing> pacings,
              void (*add)(B&, const Set&, uint32_t, double, double, uint64_t)) {
  B b;
  uint64_t i = 0;
  for (const Set& s : sets)
    for (const Pacing& p : pacings) add(b, s, p.frames, p.gap, p.stall, seed + i++);
  b.run_and_check();
}

// The message of cfg.check(), "" when it accepts the configuration.
template <class Cfg>
std::string check_message(const Cfg& cfg) {
  try {
    cfg.check();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace rebnet::sc::test
