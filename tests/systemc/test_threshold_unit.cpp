// rebnet_threshold_unit alone, cycle by cycle against
// tests/support/threshold_unit_cases.h (shared with tests/rtl/test_threshold_unit.h):
// accumulators, encoder walks and scores against the layer's contract data, pushed at
// the documented cycle. Hidden layers (encoder lanes with a short last lane, one slot
// per lane with out_levels > SF * in_levels, LevelsOut = 1 and 8) and last layers;
// MatrixW not a multiple of Simd, Simd = 1 and above 16, Pe = 1, levels = 1; several
// run-time level counts k. One elaboration per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include <vector>

#include "rebnet_threshold_unit.h"
#include "sc_harness.h"
#include "threshold_unit_cases.h"

namespace rebnet::sc::test {
namespace {

struct ThresholdUnitHarness : CycleHarness<rebnet_threshold_unit> {
  ThresholdUnitHarness(sc_core::sc_module_name name, const blocktest::CycleCase& c,
                       const MvtuConfig& cfg)
      : CycleHarness(name, c, "u_threshold_unit", cfg) {
    tester.input(dut.in_levels_i);
    tester.input(dut.out_levels_i);
    tester.input(dut.s3_valid_i);
    tester.input(dut.s3_first_i);
    tester.input(dut.s3_last_i);
    tester.input(dut.s3_level_i);
    tester.input(dut.s3_nf_i);
    tester.input(dut.count_i);
    tester.output(dut.push_valid_o);
    tester.output(dut.push_data_o);
  }
};

using Bench = CycleBench<ThresholdUnitHarness>;

void add(Bench& bench, blocktest::MvtuShape s, const std::vector<uint32_t>& ks, uint64_t seed) {
  s.layer_seed = seed ^ 0x7e57;
  const blocktest::RandomMvtu m = blocktest::random_mvtu(s);
  bench.add_case(blocktest::threshold_unit_case(s, m, ks, seed), m.cfg);
}

//                         name       MW  MH Simd Pe Lin Lout scales
const std::vector<blocktest::MvtuShape> kHidden = {
    {"lanes3",  24, 14,  8, 7, 3, 3, {5, 9, 2}},  // 3 lanes of 3 slots, last lane 1 PE
    {"lanes4",  24, 14,  8, 7, 2, 3, {60, 7}},    // 4 lanes of 2 slots, Lout > Lin
    {"hold",     2,  3,  2, 3, 1, 3, {9}},        // one slot, out_levels > SF * in_levels
    {"simd1",    5,  6,  1, 2, 2, 2, {200, 3}},
    {"pad13",   13,  8,  4, 4, 3, 1, {3, 5, 7}},  // LevelsOut = 1: one node
    {"pe1",     20,  5,  8, 1, 1, 3, {77}},
    {"deep",    40,  6, 40, 3, 1, 8, {200}},      // LevelsOut = 8, Simd above 16
    {"wide",   200, 16, 64, 8, 2, 2, {255, 1}},
    {"one",      1,  1,  1, 1, 1, 1, {1}},
};
const std::vector<blocktest::MvtuShape> kLast = {
    {"last",    37, 10,  8, 2, 2, 0, {42, 5}},
    {"lastpe1", 12,  4,  5, 1, 3, 0, {128, 64, 32}},
    {"last1",    3,  2,  1, 2, 1, 0, {255}},
    {"lastw",   90,  6, 33, 3, 1, 0, {3}},
};

// Every shape at k = 8, 1 and 2, side by side.
void run_shapes(uint64_t seed, const std::vector<blocktest::MvtuShape>& shapes) {
  Bench bench;
  uint64_t i = 0;
  for (const blocktest::MvtuShape& s : shapes) add(bench, s, {8, 1, 2}, seed + i++);
  bench.run_and_check();
}

TEST(SystemcThresholdUnit, HiddenLayers) {
  CLAIM_ELABORATION();
  run_shapes(base_seed(941), kHidden);
}

TEST(SystemcThresholdUnit, LastLayers) {
  CLAIM_ELABORATION();
  run_shapes(base_seed(942), kLast);
}

TEST(SystemcThresholdUnit, RandomShapes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(943);
  Bench bench;
  for (uint64_t i = 0; i < 30; ++i) {
    Random r(seed + i);
    blocktest::MvtuShape s{"random" + std::to_string(i), r.uniform(1, 70)};
    s.pe = r.uniform(1, 8);
    s.matrix_h = s.pe * r.uniform(1, 3);
    s.simd = r.uniform(1, 40);
    s.levels_in = r.uniform(1, 4);
    s.levels_out = r.uniform(0, 4);
    s.scales.clear();
    for (uint32_t l = 0; l < s.levels_in; ++l) s.scales.push_back(r.uniform(1, 255));
    std::vector<uint32_t> ks;
    for (uint32_t n = r.uniform(1, 3); n > 0; --n) ks.push_back(r.uniform(1, 8));
    add(bench, s, ks, seed + i);
  }
  bench.run_and_check();
}

}  // namespace
}  // namespace rebnet::sc::test
