// cosim(): the library side of `rebnet cosim`. On a set of frames it runs the lockstep
// co-simulation of the SystemC model and the Verilated RTL (CosimBench), or the RTL alone
// (RtlBench), and does everything around the bench: the clock, the traces and the GTKWave
// save file, the run, and the score of the outputs against the golden model. Building the
// RTL twin (rtl_build.h: build_rtl_twin, load_rtl_twin) and its working directory with
// the memory images (RtlRunDir) stay with the caller.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "contract/model.h"
#include "cosim_bench.h"
#include "network_bench.h"
#include "plan/network_plan.h"
#include "rtl_twin.h"

namespace rebnet::tb {

struct CosimRunOptions {
  CosimOptions bench;     // levels, in_gap, out_stall, seed (trace follows trace_dir)
  bool rtl_only = false;  // RtlBench: the RTL alone, following its own handshakes
  // Empty: no traces. Lockstep: <dir>/model.vcd, <dir>/rtl.fst and the save file
  // <dir>/rebnet_network.gtkw (headed by gtkw_comment); RTL only: <dir>/rtl.fst.
  std::filesystem::path trace_dir;
  std::string gtkw_comment;
  uint64_t max_idle_edges = 200000;
  // Frames out so far: once before the run starts, then about every 1000 edges.
  std::function<void(uint64_t frames_done)> on_progress;
};

struct CosimTraces {
  std::filesystem::path dir, systemc, rtl, gtkw;  // systemc and gtkw: lockstep only
  size_t gtkw_signals = 0;
};

struct CosimResult {
  bool finished = false;              // done, or stopped at a mismatch (no idle timeout)
  std::optional<Mismatch> mismatch;   // lockstep: the first difference
  uint64_t frames = 0;                // output frames taken (RTL only: at most frames.count)
  uint64_t cycles = 0;                // clock edges since reset was released
  uint64_t cycles_compared = 0;       // lockstep
  size_t signals_compared = 0;        // lockstep
  sc::FrameScore golden;              // the outputs against the golden model
  std::vector<sc::FrameOutput> outputs;
  std::vector<std::string> word_count_errors;  // lockstep, after a whole run without mismatch
  std::vector<std::string> protocol_errors;    // RTL only
  double cycles_per_frame = 0;        // RTL only: sc::steady_interval of the outputs
  double seconds = 0;                 // wall time of the run
  std::optional<CosimTraces> traces;
};

// `model` is the golden reference of `plan`; `factory` makes its RTL twin (loaded, with
// the memory images in the working directory).
CosimResult cosim(const NetworkPlan& plan, const Model& model, const sc::InputFrames& frames,
                  RtlTwinFactory factory, const CosimRunOptions& options);

}  // namespace rebnet::tb
