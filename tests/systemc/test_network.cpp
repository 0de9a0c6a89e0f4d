// rebnet_network against the golden model: random small models and foldings
// under random input gaps and output stalls (every frame's label and scores),
// the fast mode's clock against the cycle-accurate mode, and the steady-state
// frame interval against the analytical model. One elaboration per TEST: each
// TEST builds many benches side by side on one clock.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "contract/random_model.h"
#include "contract/topology.h"
#include "golden/fast.h"
#include "network_bench.h"
#include "plan/performance.h"
#include "random_network.h"
#include "sc_harness.h"

namespace rebnet::sc::test {
namespace {

using rebnet::test::Rng;

struct Case {
  std::string name;
  Model model;
  NetworkPlan plan;
  uint32_t k = 1;
  std::vector<uint8_t> pixels;
  uint64_t frames = 0;
};

NetworkFolding to_folding(const std::vector<rebnet::test::RandomLayerFolding>& f) {
  NetworkFolding folding;
  for (const auto& l : f) folding.layers.push_back({l.pe, l.simd, l.fifo_depth ? l.fifo_depth : kDefaultFifoDepth});
  return folding;
}

// Seed s replays a case: the topology, model, folding, k and pixels all come from it.
Case random_case(uint64_t seed, uint64_t frames, uint64_t max_cycles) {
  for (uint64_t attempt = 0;; ++attempt) {
    Rng rng(seed * 1000 + attempt);
    rebnet::test::SkeletonLimits limits;
    limits.max_side = 9;
    limits.max_levels = 4;
    Case c;
    c.model = randomize(rebnet::test::random_skeleton(rng, limits), seed * 1000 + attempt);
    NetworkFolding folding = to_folding(rebnet::test::random_folding(c.model, rng));
    if (rng.uniform(0, 1)) folding.input_elems = 1;
    c.plan = plan_network(c.model, folding, "random");
    c.k = rng.uniform(1, c.plan.max_levels);
    if (analyze(c.plan, c.k).ideal_cycles_per_frame > max_cycles) continue;
    c.frames = frames;
    c.pixels = rng.bytes(frames * c.model.input.elements());
    std::ostringstream name;
    name << "seed " << seed << " attempt " << attempt << ": " << c.model.layers.size()
         << " layers, k " << c.k;
    c.name = name.str();
    return c;
  }
}

std::unique_ptr<NetworkBench> make_bench(const Case& c, size_t index, BenchOptions options,
                                         sc_core::sc_clock& clk, sc_core::sc_signal<bool>& rst_n) {
  options.levels = c.k;
  auto bench = std::make_unique<NetworkBench>(("b" + std::to_string(index)).c_str(), c.plan,
                                              options.timing_only ? std::vector<uint8_t>{} : c.pixels,
                                              c.frames, options);
  bench->clk_i(clk);
  bench->rst_ni(rst_n);
  return bench;
}

void expect_golden(const Case& c, const NetworkBench& bench) {
  SCOPED_TRACE(c.name);
  ASSERT_TRUE(bench.done()) << bench.frames_done() << " of " << c.frames << " frames";
  EXPECT_TRUE(bench.errors().empty()) << bench.errors().front();
  const FastModel golden(c.model);
  const size_t frame = c.model.input.elements();
  for (uint64_t i = 0; i < c.frames; ++i) {
    const Result r = golden.run(c.pixels.data() + i * frame, c.k);
    ASSERT_EQ(bench.records()[i].label, r.label) << "frame " << i;
    ASSERT_EQ(bench.records()[i].scores, r.scores) << "frame " << i;
  }
}

// 50 random configurations per TEST (4 TESTs: 200), 3 frames each, stalls on both sides.
void random_configs(uint64_t first_seed) {
  CLAIM_ELABORATION();
  const uint64_t seed0 = base_seed(first_seed);
  sc_core::sc_clock clk("clk", kClockPeriodNs, sc_core::SC_NS);
  sc_core::sc_signal<bool> rst_n("rst_n", false);
  std::vector<Case> cases;
  std::vector<std::unique_ptr<NetworkBench>> benches;
  std::vector<NetworkBench*> all;
  for (uint64_t s = 0; s < 50; ++s) {
    cases.push_back(random_case(seed0 + s, 3, 20'000));
    BenchOptions o;
    o.in_gap = (s % 3 == 0) ? 0.0 : 0.3;
    o.out_stall = (s % 3 == 1) ? 0.0 : 0.3;
    o.seed = seed0 + s;
    benches.push_back(make_bench(cases.back(), s, o, clk, rst_n));
    all.push_back(benches.back().get());
  }
  EXPECT_TRUE(run_benches(all, rst_n, 200'000)) << "no output for 200000 cycles (a hang?)";
  for (size_t i = 0; i < cases.size(); ++i) expect_golden(cases[i], *benches[i]);
}

TEST(SystemcNetwork, RandomConfigs0) { random_configs(1000); }
TEST(SystemcNetwork, RandomConfigs1) { random_configs(2000); }
TEST(SystemcNetwork, RandomConfigs2) { random_configs(3000); }
TEST(SystemcNetwork, RandomConfigs3) { random_configs(4000); }

// Fast mode's clock: a timing-only bench (all-zero frames, stops when its state
// repeats, extrapolates) beside a cycle-accurate bench with real pixels and no
// stalls: every frame's first input, last input and output edge agree.
TEST(SystemcNetwork, FastModeMatchesCycleMode) {
  CLAIM_ELABORATION();
  const uint64_t seed0 = base_seed(5000);
  sc_core::sc_clock clk("clk", kClockPeriodNs, sc_core::SC_NS);
  sc_core::sc_signal<bool> rst_n("rst_n", false);
  std::vector<Case> cases;
  for (uint64_t s = 0; s < 12; ++s) cases.push_back(random_case(seed0 + s, 16, 5'000));
  {  // SFC with a realistic folding at M = 2, k = 2 and k = 1.
    Case c;
    c.model = randomize(skeleton("sfc", 2), 7);
    NetworkFolding f;
    f.layers = {{16, 64, 8}, {16, 32, 8}, {8, 64, 8}, {10, 16, 8}};
    c.plan = plan_network(c.model, f, "sfc");
    c.frames = 16;
    c.pixels = Rng(7).bytes(c.frames * 784);
    for (uint32_t k : {2u, 1u}) {
      c.k = k;
      c.name = "sfc k " + std::to_string(k);
      cases.push_back(c);
    }
  }
  std::vector<std::unique_ptr<NetworkBench>> benches;
  std::vector<NetworkBench*> all;
  for (size_t i = 0; i < cases.size(); ++i) {
    BenchOptions cycle, timing;
    timing.timing_only = true;
    benches.push_back(make_bench(cases[i], 2 * i, cycle, clk, rst_n));
    benches.push_back(make_bench(cases[i], 2 * i + 1, timing, clk, rst_n));
    all.push_back(benches[2 * i].get());
    all.push_back(benches[2 * i + 1].get());
  }
  EXPECT_TRUE(run_benches(all, rst_n, 200'000));
  size_t extrapolated = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].name);
    expect_golden(cases[i], *benches[2 * i]);
    const auto& cycle = benches[2 * i]->records();
    const auto& fast = benches[2 * i + 1]->records();
    for (uint64_t f = 0; f < cases[i].frames; ++f) {
      ASSERT_EQ(fast[f].out, cycle[f].out) << "frame " << f;
      ASSERT_EQ(fast[f].first_in, cycle[f].first_in) << "frame " << f;
      ASSERT_EQ(fast[f].last_in, cycle[f].last_in) << "frame " << f;
    }
    extrapolated += benches[2 * i + 1]->period_frames() != 0;
  }
  // The comparison is only meaningful if most timing benches did extrapolate.
  EXPECT_GE(extrapolated, cases.size() / 2);
}

// The steady-state interval of SFC and a small CNV equals the analytical bound.
TEST(SystemcNetwork, IntervalMatchesAnalyticalModel) {
  CLAIM_ELABORATION();
  sc_core::sc_clock clk("clk", kClockPeriodNs, sc_core::SC_NS);
  sc_core::sc_signal<bool> rst_n("rst_n", false);
  struct Point {
    std::string name;
    Model model;
    NetworkFolding folding;
  };
  std::vector<Point> points;
  for (uint32_t m : {1u, 2u, 3u}) {
    NetworkFolding sfc;
    sfc.layers = {{16, 64, 8}, {16, 32, 8}, {8, 64, 8}, {10, 16, 8}};
    points.push_back({"sfc M" + std::to_string(m), randomize(skeleton("sfc", m), m), sfc});
  }
  std::vector<Case> cases;
  std::vector<std::unique_ptr<NetworkBench>> benches;
  std::vector<NetworkBench*> all;
  for (const Point& p : points)
    for (uint32_t k = 1; k <= p.model.max_hidden_levels(); ++k) {
      Case c;
      c.name = p.name + " k " + std::to_string(k);
      c.model = p.model;
      c.plan = plan_network(p.model, p.folding, p.name);
      c.k = k;
      c.frames = 200;
      BenchOptions o;
      o.timing_only = true;
      cases.push_back(c);
      benches.push_back(make_bench(cases.back(), benches.size(), o, clk, rst_n));
      all.push_back(benches.back().get());
    }
  EXPECT_TRUE(run_benches(all, rst_n, 200'000));
  for (size_t i = 0; i < cases.size(); ++i) {
    const double interval = steady_interval(benches[i]->records());
    const double ideal = double(analyze(cases[i].plan, cases[i].k).ideal_cycles_per_frame);
    std::cout << cases[i].name << ": interval " << interval << ", ideal " << ideal << "\n";
    EXPECT_NEAR(interval, ideal, 0.01 * ideal) << cases[i].name;
  }
}

}  // namespace
}  // namespace rebnet::sc::test
