// rebnet_level_sequencer block test, templated on the Verilated class of one parameter
// set: the cycle table of tests/support/level_sequencer_cases.h, the one the SystemC
// twin (tests/systemc/test_level_sequencer.cpp) is held to as well.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "level_sequencer_cases.h"
#include "rtl_harness.h"

namespace rebnet::rtltest {

template <class V>
void run_level_sequencer(const blocktest::MvtuShape& s, const std::vector<uint32_t>& ks,
                         uint64_t seed) {
  const blocktest::CycleCase c = blocktest::level_sequencer_case(s, ks, stimulus_seed(seed));
  Sim<V> sim;
  V& top = sim.top();
  run_cycles(
      sim, c,
      {cycle_port("in_levels_i", top.in_levels_i), cycle_port("out_levels_i", top.out_levels_i),
       cycle_port("in_valid_i", top.in_valid_i), cycle_port("pop_i", top.pop_i),
       cycle_port("in_ready_o", top.in_ready_o), cycle_port("buf_we_o", top.buf_we_o),
       cycle_port("buf_waddr_o", top.buf_waddr_o), cycle_port("issue_o", top.issue_o),
       cycle_port("group_start_o", top.group_start_o), cycle_port("step_last_o", top.step_last_o),
       cycle_port("buf_raddr_o", top.buf_raddr_o), cycle_port("tile_o", top.tile_o),
       cycle_port("level_o", top.level_o), cycle_port("nf_o", top.nf_o)});
}

}  // namespace rebnet::rtltest
