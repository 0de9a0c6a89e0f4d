// Shared by the co-simulation tests: one lockstep run of a configuration
// (SystemC elaborates once per process, so one run per TEST), the RTL twin
// from the build-time cache, and the fault-injection helpers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cosim_bench.h"
#include "cosim_configs.h"
#include "plan/network_plan.h"
#include "rtl_twin.h"

namespace rebnet::cosimtest {

struct RunOptions {
  // Directory holding mem/ for the RTL twin (made the working directory); empty:
  // a fresh one with the configuration's own images.
  std::filesystem::path mem_dir;
  std::string trace_dir;     // empty: no traces
  uint64_t max_idle = 20000;
};

struct RunResult {
  bool finished = false;
  std::optional<tb::Mismatch> mismatch;
  uint64_t frames = 0, cycles = 0, compared = 0;
  size_t signals = 0;
  uint64_t golden_mismatches = 0;
  std::vector<std::string> word_count_errors;
  std::string summary() const;
};

NetworkPlan plan_of(const Config& c);

// Runs `c` in lockstep with the RTL twin made by `factory`, compares the
// outputs with the golden model.
RunResult run_lockstep(const Config& c, tb::RtlTwinFactory factory, const RunOptions& o = {});

// The RTL twin of `plan` from the cache the build filled (tests/cosim/CMakeLists.txt);
// builds it when missing (slow, reported).
tb::RtlTwinFactory cached_rtl_twin(const NetworkPlan& plan);

// Fault injection: flips weight bit (neuron, column) of compute layer `layer`
// in the weight image under <dir>/mem (layout of sw/rtlgen/mem_images.h).
void flip_weight_bit(const std::filesystem::path& dir, const NetworkPlan& plan, size_t layer,
                     uint32_t neuron, uint32_t column);
// The first frame whose output of `layer` changes when that weight is flipped
// (golden reference on both models); nullopt when no frame of `images` shows it.
std::optional<uint64_t> first_affected_frame(const Model& model, size_t layer, uint32_t neuron,
                                             uint32_t column, const std::vector<uint8_t>& images,
                                             uint64_t frames, uint32_t k);

}  // namespace rebnet::cosimtest
