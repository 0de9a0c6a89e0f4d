// simulate(): the SystemC model of the accelerator on a set of frames, the library side of
// `rebnet simulate`. It builds the clock and a NetworkBench, writes the VCD when asked, runs
// until every frame is out, and scores the outputs against the golden model.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "contract/model.h"
#include "network_bench.h"
#include "plan/network_plan.h"

namespace rebnet::sc {

struct SimulateOptions {
  // levels (k), in_gap, out_stall and seed: cycle mode; timing_only: fast mode (the clock
  // of the cycle model on all-zero frames until its state repeats, outputs from the
  // golden model).
  BenchOptions bench;
  std::string vcd_base;  // cycle mode: write the VCD <vcd_base>.vcd (empty: none)
  uint64_t max_idle_edges = 1'000'000;
  // Frames out so far: once before the run starts, then about every 1000 edges.
  std::function<void(uint64_t frames_done)> on_progress;
};

struct SimulateResult {
  std::vector<FrameRecord> records;  // per frame: input and output edges, label, scores
  FrameScore score;                  // fast mode: of the golden outputs (no mismatches)
  double cycles_per_frame = 0;       // steady_interval
  uint64_t latency_cycles = 0;       // frame 0, first input word to output
  uint64_t sim_cycles = 0;           // the last frame's output edge
  double seconds = 0;                // wall time, golden model included
  uint32_t period_frames = 0;        // fast mode: NetworkBench::period_frames
  std::vector<std::string> protocol_errors;
};

// `model` is the golden reference of `plan`; frames.count > 0. Throws rebnet::Error when
// the model stalls (no output for max_idle_edges).
SimulateResult simulate(const NetworkPlan& plan, const Model& model, const InputFrames& frames,
                        const SimulateOptions& options);

}  // namespace rebnet::sc
