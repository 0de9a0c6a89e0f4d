#include "simulate.h"

#include <chrono>

#include "contract/error.h"
#include "golden/fast.h"

namespace rebnet::sc {

SimulateResult simulate(const NetworkPlan& plan, const Model& model, const InputFrames& frames,
                        const SimulateOptions& options) {
  const BenchOptions& bo = options.bench;
  const auto t0 = std::chrono::steady_clock::now();
  const FastModel golden(model);
  std::vector<Result> expected = golden.run_batch(frames.pixels.data(), frames.count, bo.levels);

  BenchClock clock;
  NetworkBench bench("bench", plan,
                     bo.timing_only ? std::vector<uint8_t>{}
                                    : std::vector<uint8_t>(frames.pixels.begin(), frames.pixels.end()),
                     frames.count, bo);
  bench.clk_i(clock.clk);
  bench.rst_ni(clock.rst_n);
  sc_core::sc_trace_file* vcd = nullptr;
  if (!options.vcd_base.empty()) {
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    vcd = sc_core::sc_create_vcd_trace_file(options.vcd_base.c_str());  // appends .vcd
    vcd->set_time_unit(1, sc_core::SC_NS);
    bench.network().trace(vcd);
  }
  const auto progress = [&] {
    if (options.on_progress) options.on_progress(bench.frames_done());
  };
  progress();
  const bool ok = run_benches({&bench}, clock.rst_n, options.max_idle_edges, progress);
  if (vcd) sc_core::sc_close_vcd_trace_file(vcd);
  if (!ok)
    throw Error("simulation stalled: no output for " + std::to_string(options.max_idle_edges) +
                " cycles after " + std::to_string(bench.frames_done()) + " frames");

  SimulateResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.records = bench.records();
  r.score = bo.timing_only ? score_frames(expected, expected, frames.labels)
                           : score_frames(r.records, std::move(expected), frames.labels);
  r.cycles_per_frame = steady_interval(r.records);
  r.latency_cycles = r.records[0].out - r.records[0].first_in;
  r.sim_cycles = r.records.back().out;
  r.period_frames = bench.period_frames();
  r.protocol_errors = bench.errors();
  return r;
}

}  // namespace rebnet::sc
