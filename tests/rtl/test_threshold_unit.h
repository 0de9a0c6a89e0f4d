// rebnet_threshold_unit block test, templated on the Verilated class of one parameter
// set (its ThresholdFile / ScoreFile images written by block_memgen from the same
// shape): the cycle table of tests/support/threshold_unit_cases.h, the one the SystemC
// twin (tests/systemc/test_threshold_unit.cpp) is held to as well.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "rtl_harness.h"
#include "threshold_unit_cases.h"

namespace rebnet::rtltest {

template <class V>
void run_threshold_unit(const blocktest::MvtuShape& s, const std::vector<uint32_t>& ks,
                        uint64_t seed) {
  const blocktest::CycleCase c =
      blocktest::threshold_unit_case(s, blocktest::random_mvtu(s), ks, stimulus_seed(seed));
  Sim<V> sim;
  V& top = sim.top();
  run_cycles(
      sim, c,
      {cycle_port("in_levels_i", top.in_levels_i), cycle_port("out_levels_i", top.out_levels_i),
       cycle_port("s3_valid_i", top.s3_valid_i), cycle_port("s3_first_i", top.s3_first_i),
       cycle_port("s3_last_i", top.s3_last_i), cycle_port("s3_level_i", top.s3_level_i),
       cycle_port("s3_nf_i", top.s3_nf_i), cycle_port("count_i", top.count_i),
       cycle_port("push_valid_o", top.push_valid_o), cycle_port("push_data_o", top.push_data_o)});
}

}  // namespace rebnet::rtltest
