// rebnet_label_select against the golden model's top1 (tests/support/
// label_select_cases.h, shared with the RTL test): ties, extreme scores, random
// gaps and stalls; with no gaps and no stalls the cycle timing. One elaboration
// per TEST (sc_harness.h).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "block_bench.h"
#include "label_select_cases.h"
#include "rebnet_label_select.h"

namespace rebnet::sc::test {
namespace {

using SelectBench = BlockBench<rebnet_label_select, LabelSelectConfig>;

void add_select(SelectBench& b, const blocktest::SelectSet& s, uint32_t frames, double gap,
                double stall, uint64_t seed) {
  b.add("u_label_select", {s.classes, s.pe}, blocktest::select_case(s, frames, seed), s.describe(),
        gap, stall, seed ^ 0x5e1ec7);
}

// Classes = Pe, Pe = 1, one class, odd sizes.
const std::vector<blocktest::SelectSet> kSelectSets = {
    {"c10p2", 10, 2}, {"c10p10", 10, 10}, {"c10p1", 10, 1}, {"c1p1", 1, 1},
    {"c7p7", 7, 7},   {"c12p3", 12, 3},   {"c64p8", 64, 8},
};

TEST(SystemcLabelSelect, SizesWithStalls) {
  CLAIM_ELABORATION();
  run_sets(base_seed(601), kSelectSets, {{12, 0.3, 0.4}, {12, 0.1, 0.8}}, add_select);
}

TEST(SystemcLabelSelect, Timing) {
  CLAIM_ELABORATION();
  run_sets(base_seed(602), kSelectSets, {{12, 0, 0}}, add_select);
}

TEST(SystemcLabelSelect, ConfigChecks) {
  EXPECT_EQ(check_message(LabelSelectConfig{10, 3}),
            "label select: Pe = 3, expected a divisor of Classes = 10");
  EXPECT_EQ(check_message(LabelSelectConfig{0, 1}),
            "label select: Classes = 0, expected 1..65536 (the label is 16 bits)");
  EXPECT_EQ(check_message(LabelSelectConfig{10, 5}), "");
}

}  // namespace
}  // namespace rebnet::sc::test
