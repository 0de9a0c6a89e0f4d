// rebnet_weight_mem block test, templated on the Verilated class of one parameter set
// (its WeightFile written by block_memgen from the same shape): the cycle table of
// tests/support/weight_mem_cases.h, the one the SystemC twin
// (tests/systemc/test_weight_mem.cpp) is held to as well.
#pragma once

#include <gtest/gtest.h>

#include "rtl_harness.h"
#include "weight_mem_cases.h"

namespace rebnet::rtltest {

template <class V>
void run_weight_mem(const blocktest::MvtuShape& s, uint64_t seed) {
  const blocktest::CycleCase c =
      blocktest::weight_mem_case(s, blocktest::random_mvtu(s).layer, 300, stimulus_seed(seed));
  Sim<V> sim;
  V& top = sim.top();
  run_cycles(sim, c,
             {cycle_port("rd_addr_i", top.rd_addr_i), cycle_port("rd_data_o", top.rd_data_o)});
}

}  // namespace rebnet::rtltest
