// rebnet_popcount_tree block test, templated on the Verilated class of one parameter
// set: the cycle table of tests/support/popcount_tree_cases.h, the one the SystemC
// twin (tests/systemc/test_popcount_tree.cpp) is held to as well.
#pragma once

#include <gtest/gtest.h>

#include "popcount_tree_cases.h"
#include "rtl_harness.h"

namespace rebnet::rtltest {

template <class V>
void run_popcount_tree(const blocktest::MvtuShape& s, uint64_t seed) {
  const blocktest::CycleCase c = blocktest::popcount_tree_case(s, 300, stimulus_seed(seed));
  Sim<V> sim;
  V& top = sim.top();
  run_cycles(sim, c,
             {cycle_port("mismatch_i", top.mismatch_i), cycle_port("count_o", top.count_o)});
}

}  // namespace rebnet::rtltest
