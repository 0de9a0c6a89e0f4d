// `rebnet bench sim`: simulated clock cycles per second of the SystemC model in
// cycle-accurate mode, in fast mode, and of the Verilated RTL of the same
// configuration alone, measured in one run. SystemC elaborates once per process,
// so each contender is a child process of the rebnet executable with --json:
// `rebnet simulate --mode cycle`, `rebnet simulate --mode fast` and `rebnet cosim
// --rtl-only`, all with a continuous input and an always-ready output. No SystemC
// header here: the bench only starts processes and reads their JSON.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rebnet {

// The default folding of the SFC model (784-256-256-256-10): 16 x 64 on the
// hidden layers, 10 x 64 on the output layer.
inline constexpr const char* kSimBenchSfcFolding =
    R"({"layers": [{"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, {"pe": 16, "simd": 64}, )"
    R"({"pe": 10, "simd": 64}]})";

struct SimBenchOptions {
  std::string exe;           // the rebnet executable; empty: /proc/self/exe
  std::string model_path;    // empty: randomize(skeleton("sfc", levels), seed)
  std::string folding_path;  // empty: kSimBenchSfcFolding
  uint32_t levels = 2;       // hidden levels M of the generated SFC model
  uint64_t seed = 1;         // of the generated model and of the random input frames
  uint32_t k = 0;            // run-time level count (0: the model's)
  uint64_t frames = 200;        // cycle-accurate mode and RTL (the same frames)
  uint64_t fast_frames = 10000; // fast mode
  bool rtl = true;              // measure the Verilated RTL
  std::string cache_dir;        // RTL twin cache (empty: cosim's default)
  unsigned jobs = 0;            // compiler processes for an RTL build (0: cosim's default)
  std::function<void(const std::string&)> progress;  // optional one-line status reports
};

// Fields: sim_cycles_per_s_cycle, sim_cycles_per_s_fast, sim_cycles_per_s_rtl (null
// without the RTL), fast_vs_cycle, cycle_vs_rtl, targets, meets_targets, frames and
// sim_cycles and cycles_per_frame and wall_seconds (each {cycle, fast, rtl}),
// load_average {start, end}, the model, the folding, and per contender its command
// line and its own JSON (contenders.{cycle,fast,rtl}). Throws rebnet::Error when a
// contender fails (non-zero exit: a mismatch against the golden model, a stall, a
// build error).
nlohmann::json bench_sim(const SimBenchOptions& options);

}  // namespace rebnet
