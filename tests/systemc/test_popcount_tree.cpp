// rebnet_popcount_tree alone, cycle by cycle against tests/support/popcount_tree_cases.h
// (shared with tests/rtl/test_popcount_tree.h): Simd = 1, Simd around and above the
// 16-bit chunk (a short last chunk), Pe = 1, many PEs, random sizes. One elaboration
// per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "popcount_tree_cases.h"
#include "rebnet_popcount_tree.h"
#include "sc_harness.h"

namespace rebnet::sc::test {
namespace {

struct PopcountTreeHarness : CycleHarness<rebnet_popcount_tree> {
  PopcountTreeHarness(sc_core::sc_module_name name, const blocktest::CycleCase& c,
                      const MvtuConfig& cfg)
      : CycleHarness(name, c, "u_popcount_tree", cfg) {
    tester.input(dut.mismatch_i);
    tester.output(dut.count_o);
  }
};

void add(CycleBench<PopcountTreeHarness>& bench, uint32_t simd, uint32_t pe, uint64_t seed) {
  const blocktest::MvtuShape s = blocktest::popcount_tree_shape(
      "simd" + std::to_string(simd) + "pe" + std::to_string(pe), simd, pe);
  bench.add_case(blocktest::popcount_tree_case(s, 120, seed), blocktest::random_mvtu(s).cfg);
}

TEST(SystemcPopcountTree, AwkwardSizes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(901);
  CycleBench<PopcountTreeHarness> bench;
  uint64_t i = 0;
  for (auto [simd, pe] : {std::pair{1u, 1u},
                          {1u, 3u},
                          {15u, 2u},
                          {16u, 1u},
                          {17u, 4u},
                          {37u, 2u},
                          {48u, 3u},
                          {64u, 1u},
                          {65u, 2u},
                          {100u, 5u},
                          {200u, 1u}})
    add(bench, simd, pe, seed + i++);
  bench.run_and_check();
}

TEST(SystemcPopcountTree, RandomSizes) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(902);
  CycleBench<PopcountTreeHarness> bench;
  for (uint64_t i = 0; i < 30; ++i) {
    Random r(seed + i);
    add(bench, r.uniform(1, 130), r.uniform(1, 8), seed + i);
  }
  bench.run_and_check();
}

}  // namespace
}  // namespace rebnet::sc::test
