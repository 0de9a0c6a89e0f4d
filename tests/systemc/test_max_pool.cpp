// rebnet_max_pool against the golden model (tests/support/max_pool_cases.h, shared
// with the RTL test): random valid gaps and ready stalls, several frames back to
// back, awkward sizes, the contract's example; with no gaps and no stalls the
// cycle timing. One elaboration per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "block_bench.h"
#include "max_pool_cases.h"
#include "rebnet_max_pool.h"

namespace rebnet::sc::test {
namespace {

using PoolBench = BlockBench<rebnet_max_pool, MaxPoolConfig>;

MaxPoolConfig pool_config(const blocktest::PoolSet& s) {
  return {s.channels, s.width, s.height, s.elems, s.elem_bits};
}

void add_pool(PoolBench& b, const blocktest::PoolSet& s, uint32_t frames, double gap, double stall,
              uint64_t seed) {
  b.add("u_max_pool", pool_config(s), blocktest::pool_case(s, frames, seed), s.describe(), gap,
        stall, seed ^ 0x900d);
}

// Odd H and W, Elems = 1 and Elems = Channels, ElemBits 1 and 8, the smallest frame.
const std::vector<blocktest::PoolSet> kPoolSets = {
    {"odd5x5", 4, 5, 5, 2, 2}, {"elems1", 3, 3, 3, 1, 8}, {"elemsC", 8, 6, 4, 8, 1},
    {"oddH", 6, 4, 7, 3, 3},   {"tiny", 1, 2, 2, 1, 1},   {"wide", 64, 7, 3, 16, 2},
    {"row2", 5, 9, 2, 5, 8},   {"col2", 2, 2, 6, 1, 4},
};

TEST(SystemcMaxPool, AwkwardSizesWithStalls) {
  CLAIM_ELABORATION();
  run_sets(base_seed(501), kPoolSets, {{3, 0.3, 0.4}, {2, 0.1, 0.8}}, add_pool);
}

TEST(SystemcMaxPool, Timing) {
  CLAIM_ELABORATION();
  run_sets(base_seed(502), kPoolSets, {{3, 0, 0}}, add_pool);
}

TEST(SystemcMaxPool, RandomConfigurations) {
  CLAIM_ELABORATION();
  const uint64_t seed = base_seed(5000);
  PoolBench b;
  for (uint64_t i = 0; i < 30; ++i) {
    Random r(seed + i);
    blocktest::PoolSet s;
    s.name = "random" + std::to_string(i);
    s.elems = r.uniform(1, 6);
    s.channels = s.elems * r.uniform(1, 4);
    s.width = r.uniform(2, 9);
    s.height = r.uniform(2, 7);
    s.elem_bits = r.uniform(1, 8);
    add_pool(b, s, r.uniform(1, 3), r.pacing(), r.pacing(), seed + i);
  }
  b.run_and_check();
}

// Contract section 13 (d): 2 rows x 3 columns x 2 channels of 2-level codes, one
// pixel per word (channel 0 in bits 1:0). Channel 0: bytes 0 2 1 2 -> 1 (10 beats
// 01); channel 1: bytes 3 1 2 0 -> 3; column 2 (bytes 3 3 and 0 0) is dropped.
TEST(SystemcMaxPool, ContractExample) {
  CLAIM_ELABORATION();
  StreamCase c;
  c.in_bits = c.out_bits = 4;
  const uint64_t pixels[] = {0x0 | 3 << 2, 0x2 | 1 << 2, 0x3 | 0 << 2,   // row 0
                             0x1 | 2 << 2, 0x2 | 0 << 2, 0x3 | 0 << 2};  // row 1
  for (uint64_t p : pixels) {
    c.in.emplace_back(4);
    c.in.back().put(0, 4, p);
  }
  c.expected.emplace_back(4);
  c.expected.back().put(0, 4, 0x1 | 3 << 2);
  PoolBench b;
  b.add("u_max_pool", {2, 3, 2, 2, 2}, c, "contract example (d)", 0.3, 0.3, 1);
  b.run_and_check();
}

TEST(SystemcMaxPool, ConfigChecks) {
  EXPECT_EQ(check_message(MaxPoolConfig{8, 4, 4, 3, 1}),
            "max pool: Elems = 3, expected a divisor of Channels = 8");
  EXPECT_EQ(check_message(MaxPoolConfig{8, 1, 4, 2, 1}),
            "max pool: InWidth = 1, expected at least 2");
  EXPECT_EQ(check_message(MaxPoolConfig{8, 4, 1, 2, 1}),
            "max pool: InHeight = 1, expected at least 2");
  EXPECT_EQ(check_message(MaxPoolConfig{8, 4, 4, 2, 9}), "max pool: ElemBits = 9, expected 1..8");
  EXPECT_EQ(check_message(MaxPoolConfig{8, 3, 3, 8, 8}), "");
}

}  // namespace
}  // namespace rebnet::sc::test
