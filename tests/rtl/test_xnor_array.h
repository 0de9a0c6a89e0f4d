// rebnet_xnor_array block test (combinational), templated on the Verilated class of
// one parameter set: the cycle table of tests/support/xnor_array_cases.h, the one the
// SystemC twin (tests/systemc/test_xnor_array.cpp) is held to as well.
#pragma once

#include <gtest/gtest.h>

#include "rtl_harness.h"
#include "xnor_array_cases.h"

namespace rebnet::rtltest {

template <class V>
void run_xnor_array(const blocktest::MvtuShape& s, uint64_t seed) {
  const blocktest::CycleCase c = blocktest::xnor_array_case(s, 300, stimulus_seed(seed));
  SimBase<V> sim;
  V& top = sim.top();
  run_cycles(sim, c,
             {cycle_port("ibuf_i", top.ibuf_i), cycle_port("level_i", top.level_i),
              cycle_port("wmem_i", top.wmem_i), cycle_port("mismatch_o", top.mismatch_o)});
}

}  // namespace rebnet::rtltest
