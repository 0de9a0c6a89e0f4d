// rebnet_stream_fifo under random gaps and stalls: every word in order, and its
// no-stall throughput and latency. One elaboration per TEST (see sc_harness.h).
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "rebnet_stream_fifo.h"
#include "sc_harness.h"

namespace rebnet::sc::test {
namespace {

struct FifoCase {
  StreamFifoConfig cfg;
  uint32_t words = 200;
  double in_gap = 0.3, out_stall = 0.3;
  uint64_t seed = 1;
  std::string describe() const {
    std::ostringstream s;
    s << "Depth " << cfg.Depth << " Width " << cfg.Width << " gap " << in_gap << " stall "
      << out_stall << " seed " << seed;
    return s.str();
  }
};

StreamPhase fifo_phase(const FifoCase& c) {
  Random rng(c.seed);
  StreamPhase ph;
  for (uint32_t i = 0; i < c.words; ++i) ph.in.push_back(rng.bits(c.cfg.Width));
  ph.expected = ph.in;
  return ph;
}

struct FifoHarness : StreamHarness<rebnet_stream_fifo, FifoCase> {
  FifoHarness(sc_core::sc_module_name name, const FifoCase& fc)
      : StreamHarness(name, fc, "u_fifo", fc.cfg, fc.cfg.Width, fc.cfg.Width, {fifo_phase(fc)},
                      fc.in_gap, fc.out_stall, fc.seed ^ 0x55) {}
};

FifoCase fifo(uint32_t depth, uint32_t width, double gap, double stall, uint64_t seed) {
  FifoCase c;
  c.cfg = {depth, width};
  c.in_gap = gap;
  c.out_stall = stall;
  c.seed = seed;
  return c;
}

TEST(SystemcStreamFifo, RandomTraffic) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(301);
  std::vector<FifoCase> cases;
  uint64_t i = 0;
  for (uint32_t depth : {1u, 2u, 3u, 8u})
    for (uint32_t width : {1u, 7u, 100u})
      for (double stall : {0.1, 0.5, 0.9}) cases.push_back(fifo(depth, width, 0.3, stall, s + i++));
  StreamBench<FifoHarness>(100000).run_cases(cases);
}

TEST(SystemcStreamFifo, ThroughputAndLatency) {
  CLAIM_ELABORATION();
  const uint64_t s = base_seed(302);
  StreamBench<FifoHarness> bench(10000);
  bench.run_cases(std::vector<FifoCase>{fifo(1, 8, 0, 0, s), fifo(2, 8, 0, 0, s + 1),
                                        fifo(8, 64, 0, 0, s + 2)});
  for (const auto& h : bench.harnesses()) {
    SCOPED_TRACE(h->c.describe());
    const auto& in = h->tester.in_edges();
    const auto& out = h->tester.out_edges();
    ASSERT_EQ(in.size(), out.size());
    // Depth 1 refuses a push while full, even with a pop: one word per 2 cycles.
    const uint64_t interval = h->c.cfg.Depth == 1 ? 2 : 1;
    for (size_t i = 0; i < in.size(); ++i) {
      EXPECT_EQ(out[i], in[i] + 1) << "word " << i;
      if (i > 0) {
        EXPECT_EQ(in[i] - in[i - 1], interval) << "word " << i;
      }
    }
  }
}

}  // namespace
}  // namespace rebnet::sc::test
