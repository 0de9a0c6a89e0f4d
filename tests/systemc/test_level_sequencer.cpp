// rebnet_level_sequencer alone, cycle by cycle against
// tests/support/level_sequencer_cases.h (shared with tests/rtl/test_level_sequencer.h):
// every output in every cycle, over phases of run-time level counts, random input
// gaps and output-FIFO pops. NF = 1, SF = 1, levels = 1, groups shorter than
// out_levels (hold_q pacing), the last layer (LevelsOut = 0), one or two credits,
// random shapes. One elaboration per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "level_sequencer_cases.h"
#include "rebnet_level_sequencer.h"
#include "sc_harness.h"

namespace rebnet::sc::test {
namespace {

struct LevelSequencerHarness : CycleHarness<rebnet_level_sequencer> {
  LevelSequencerHarness(sc_core::sc_module_name name, const blocktest::CycleCase& c,
                        const MvtuConfig& cfg)
      : CycleHarness(name, c, "u_level_sequencer", cfg) {
    tester.input(dut.in_levels_i);
    tester.input(dut.out_levels_i);
    tester.input(dut.in_valid_i);
    tester.input(dut.pop_i);
    tester.output(dut.in_ready_o);
    tester.output(dut.buf_we_o);
    tester.output(dut.buf_waddr_o);
    tester.output(dut.issue_o);
    tester.output(dut.group_start_o);
    tester.output(dut.step_last_o);
    tester.output(dut.buf_raddr_o);
    tester.output(dut.tile_o);
    tester.output(dut.level_o);
    tester.output(dut.nf_o);
  }
};

struct Size {
  uint32_t nf, sf, levels_in, levels_out, depth;
  std::vector<uint32_t> ks;
};

void add(CycleBench<LevelSequencerHarness>& bench, const Size& z, uint64_t seed) {
  const blocktest::MvtuShape s = blocktest::level_sequencer_shape(
      "nf" + std::to_string(z.nf) + "sf" + std::to_string(z.sf), z.nf, z.sf, z.levels_in,
      z.levels_out, z.depth);
  bench.add_case(blocktest::level_sequencer_case(s, z.ks, seed), blocktest::random_mvtu(s).cfg);
}

TEST(SystemcLevelSequencer, AwkwardSizes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(931);
  CycleBench<LevelSequencerHarness> bench;
  const Size sizes[] = {
      {1, 1, 1, 1, 8, {1}},          // everything 1
      {1, 1, 1, 4, 8, {4, 2, 1}},    // groups shorter than out_levels: hold_q
      {3, 2, 3, 2, 2, {3, 1, 2}},    // two credits
      {4, 3, 2, 0, 1, {2, 1}},       // last layer, one credit
      {2, 5, 8, 8, 8, {8, 3}},       // 8 levels
      {5, 1, 2, 3, 3, {1, 3, 2}},    // SF = 1
      {1, 7, 1, 2, 4, {2}},          // NF = 1
  };
  uint64_t i = 0;
  for (const Size& z : sizes) add(bench, z, seed + i++);
  bench.run_and_check();
}

TEST(SystemcLevelSequencer, RandomShapes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(932);
  CycleBench<LevelSequencerHarness> bench;
  for (uint64_t i = 0; i < 30; ++i) {
    Random r(seed + i);
    Size z{r.uniform(1, 5), r.uniform(1, 6), r.uniform(1, 8), r.uniform(0, 8), r.uniform(1, 8), {}};
    for (uint32_t n = r.uniform(1, 3); n > 0; --n) z.ks.push_back(r.uniform(1, 8));
    add(bench, z, seed + i);
  }
  bench.run_and_check();
}

}  // namespace
}  // namespace rebnet::sc::test
