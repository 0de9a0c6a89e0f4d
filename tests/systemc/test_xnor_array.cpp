// rebnet_xnor_array alone (combinational), cycle by cycle against
// tests/support/xnor_array_cases.h (shared with tests/rtl/test_xnor_array.h): Simd = 1,
// Pe = 1, LevelsIn 1 to 8 (every level selected), words wider than 64 bits, random
// sizes. One elaboration per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include <string>

#include "rebnet_xnor_array.h"
#include "sc_harness.h"
#include "xnor_array_cases.h"

namespace rebnet::sc::test {
namespace {

struct XnorArrayHarness : CycleHarness<rebnet_xnor_array> {
  XnorArrayHarness(sc_core::sc_module_name name, const blocktest::CycleCase& c,
                   const MvtuConfig& cfg)
      : CycleHarness(name, c, "u_xnor_array", cfg) {
    tester.input(dut.ibuf_i);
    tester.input(dut.level_i);
    tester.input(dut.wmem_i);
    tester.output(dut.mismatch_o);
  }
};

void add(CycleBench<XnorArrayHarness>& bench, uint32_t simd, uint32_t pe, uint32_t levels_in,
         uint64_t seed) {
  const blocktest::MvtuShape s = blocktest::xnor_array_shape(
      "simd" + std::to_string(simd) + "pe" + std::to_string(pe) + "l" + std::to_string(levels_in),
      simd, pe, levels_in);
  bench.add_case(blocktest::xnor_array_case(s, 100, seed), blocktest::random_mvtu(s).cfg);
}

TEST(SystemcXnorArray, AwkwardSizes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(911);
  CycleBench<XnorArrayHarness> bench;
  struct Size {
    uint32_t simd, pe, levels_in;
  };
  uint64_t i = 0;
  for (const Size& z : {Size{1, 1, 1},
                        {1, 4, 3},
                        {5, 3, 3},
                        {8, 1, 8},
                        {16, 2, 2},
                        {33, 3, 5},
                        {64, 2, 1},
                        {70, 2, 2},
                        {100, 1, 7}})
    add(bench, z.simd, z.pe, z.levels_in, seed + i++);
  bench.run_and_check();
}

TEST(SystemcXnorArray, RandomSizes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(912);
  CycleBench<XnorArrayHarness> bench;
  for (uint64_t i = 0; i < 30; ++i) {
    Random r(seed + i);
    add(bench, r.uniform(1, 100), r.uniform(1, 6), r.uniform(1, 8), seed + i);
  }
  bench.run_and_check();
}

}  // namespace
}  // namespace rebnet::sc::test
