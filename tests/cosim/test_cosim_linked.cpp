// Lockstep co-simulation with the RTL twin verilated by CMake (verilate(SYSTEMC
// TRACE_FST), prefix Vcosim_linked) and linked into the test: the same bench and
// VerilatedTwin as the plugins of `rebnet cosim`, without dlopen.
#include <gtest/gtest.h>

#include <iostream>

#include "Vcosim_linked.h"
#include "cosim_configs.h"
#include "cosim_test.h"
#include "verilated_twin.h"

namespace rebnet::cosimtest {
namespace {

tb::RtlTwin* make_linked(int abi, const char* name, const tb::RtlInputs& in) {
  if (abi != tb::kRtlTwinAbi) return nullptr;
  return new tb::VerilatedTwin<Vcosim_linked>(name, in);
}

Config linked_config() {
  const std::string spec = REBNET_COSIM_LINKED;
  const size_t colon = spec.find(':');
  return make_config(parse_kind(spec.substr(0, colon)), std::stoull(spec.substr(colon + 1)));
}

class LinkedLockstep : public ::testing::TestWithParam<uint32_t> {};

TEST_P(LinkedLockstep, NoMismatch) {
  Config c = linked_config();
  c.k = GetParam();
  std::cout << c.describe() << "\n";
  const RunResult r = run_lockstep(c, &make_linked);
  std::cout << r.summary() << "\n";
  EXPECT_TRUE(r.finished);
  EXPECT_FALSE(r.mismatch) << r.mismatch->describe();
  EXPECT_EQ(r.frames, c.frames);
  EXPECT_EQ(r.golden_mismatches, 0u);
  EXPECT_TRUE(r.word_count_errors.empty()) << r.word_count_errors.front();
}

std::vector<uint32_t> ks() {
  std::vector<uint32_t> out;
  for (uint32_t k = 1; k <= linked_config().model.max_run_levels(); ++k)
    out.push_back(k);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Linked, LinkedLockstep, ::testing::ValuesIn(ks()),
                         [](const ::testing::TestParamInfo<uint32_t>& i) {
                           std::string name = "k";
                           name += std::to_string(i.param);
                           return name;
                         });

}  // namespace
}  // namespace rebnet::cosimtest
