// rebnet_weight_mem alone, cycle by cycle against tests/support/weight_mem_cases.h
// (shared with tests/rtl/test_weight_mem.h): the image the plan makes from a random
// layer must read back in the documented tile layout, one cycle after the address.
// MatrixW not a multiple of Simd (pads), Simd = 1, Pe = 1, one word, words wider than
// 64 bits, random shapes. One elaboration per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include "rebnet_weight_mem.h"
#include "sc_harness.h"
#include "weight_mem_cases.h"

namespace rebnet::sc::test {
namespace {

struct WeightMemHarness : CycleHarness<rebnet_weight_mem> {
  WeightMemHarness(sc_core::sc_module_name name, const blocktest::CycleCase& c,
                   const MvtuConfig& cfg)
      : CycleHarness(name, c, "u_weight_mem", cfg) {
    tester.input(dut.rd_addr_i);
    tester.output(dut.rd_data_o);
  }
};

void add(CycleBench<WeightMemHarness>& bench, const blocktest::MvtuShape& s, uint64_t seed) {
  const blocktest::RandomMvtu m = blocktest::random_mvtu(s);
  bench.add_case(blocktest::weight_mem_case(s, m.layer, 150, seed), m.cfg);
}

TEST(SystemcWeightMem, AwkwardSizes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(921);
  CycleBench<WeightMemHarness> bench;
  //                  name      MW  MH Simd Pe
  const blocktest::MvtuShape shapes[] = {
      {"pad13", 13, 8, 4, 4},   {"simd1", 5, 3, 1, 1},  {"one", 3, 2, 3, 2},
      {"wide", 70, 4, 33, 2},   {"pe1", 40, 5, 16, 1},  {"simdw", 9, 6, 9, 3},
      {"deep", 100, 12, 7, 2},
  };
  uint64_t i = 0;
  for (blocktest::MvtuShape s : shapes) {
    s.layer_seed = seed + 100 + i;
    add(bench, s, seed + i++);
  }
  bench.run_and_check();
}

TEST(SystemcWeightMem, RandomShapes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(922);
  CycleBench<WeightMemHarness> bench;
  for (uint64_t i = 0; i < 30; ++i) {
    Random r(seed + i);
    blocktest::MvtuShape s{"random" + std::to_string(i), r.uniform(1, 80)};
    s.pe = r.uniform(1, 4);
    s.matrix_h = s.pe * r.uniform(1, 4);
    s.simd = r.uniform(1, 40);
    s.layer_seed = seed + 1000 + i;
    add(bench, s, seed + i);
  }
  bench.run_and_check();
}

}  // namespace
}  // namespace rebnet::sc::test
