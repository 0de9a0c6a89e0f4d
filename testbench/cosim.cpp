#include "cosim.h"

#include <algorithm>
#include <chrono>

#include "golden/fast.h"
#include "gtkw.h"
#include "stream_bench.h"

namespace rebnet::tb {
namespace {

std::vector<uint8_t> pixels_of(const sc::InputFrames& frames) {
  return {frames.pixels.begin(), frames.pixels.end()};
}

// Runs `bench` (CosimBench or RtlBench, on `clock`) with run(), its traces in
// o.trace_dir when asked; frames_out() counts the frames out for on_progress.
template <class Bench, class Run, class FramesOut>
void run_traced(Bench& bench, sc::BenchClock& clock, const CosimRunOptions& o, Run run,
                FramesOut frames_out, CosimResult& r) {
  if (!o.trace_dir.empty()) {
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    bench.open_traces(o.trace_dir.string());
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto progress = [&] {
    if (o.on_progress) o.on_progress(frames_out());
  };
  progress();
  r.finished = run(bench, clock.rst_n, o.max_idle_edges, progress);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bench.close_traces();
  bench.rtl_twin().final();
  r.frames = frames_out();
  r.cycles = bench.edges();
  r.outputs = bench.outputs();
}

// The lockstep run: both twins on one clock, compared on every cycle.
void run_lockstep(const NetworkPlan& plan, const sc::InputFrames& frames, RtlTwinFactory factory,
                  const CosimRunOptions& o, CosimResult& r) {
  sc::BenchClock clock;
  CosimBench bench(plan, pixels_of(frames), frames.count, o.bench, factory, clock.clk, clock.rst_n);
  run_traced(bench, clock, o, run_cosim, [&] { return bench.frames_done(); }, r);
  r.mismatch = bench.mismatch();
  r.cycles_compared = bench.cycles_compared();
  r.signals_compared = bench.signals_compared();
  if (r.finished && !r.mismatch) r.word_count_errors = bench.word_count_errors();
}

// The RTL alone, following its own handshakes.
void run_rtl_only(const NetworkPlan& plan, const sc::InputFrames& frames, RtlTwinFactory factory,
                  const CosimRunOptions& o, CosimResult& r) {
  sc::BenchClock clock;
  RtlBench bench(plan, pixels_of(frames), frames.count, o.bench, factory, clock.clk, clock.rst_n);
  run_traced(bench, clock, o, run_rtl,
             [&] { return std::min(bench.frames_done(), frames.count); }, r);
  r.protocol_errors = bench.protocol_errors();
  std::vector<uint64_t> out;
  for (const sc::FrameOutput& f : r.outputs) out.push_back(f.cycle);
  r.cycles_per_frame = sc::steady_interval(out, 0);
}

}  // namespace

CosimResult cosim(const NetworkPlan& plan, const Model& model, const sc::InputFrames& frames,
                  RtlTwinFactory factory, const CosimRunOptions& options) {
  CosimRunOptions o = options;
  o.bench.trace = !o.trace_dir.empty();
  std::vector<Result> expected =
      FastModel(model).run_batch(frames.pixels.data(), frames.count, o.bench.levels);
  CosimResult r;
  if (o.rtl_only)
    run_rtl_only(plan, frames, factory, o, r);
  else
    run_lockstep(plan, frames, factory, o, r);
  // Both twins agreed on the outputs, cycle by cycle, up to any mismatch.
  r.golden = sc::score_frames(r.outputs, std::move(expected), frames.labels);
  if (o.trace_dir.empty()) return r;

  CosimTraces t;
  t.dir = o.trace_dir;
  t.rtl = o.trace_dir / "rtl.fst";
  if (!o.rtl_only) {
    t.systemc = o.trace_dir / "model.vcd";
    t.gtkw = o.trace_dir / "rebnet_network.gtkw";
    const auto sc_vars = read_vcd_vars(t.systemc);
    const auto rtl_vars = read_fst_vars(t.rtl);
    t.gtkw_signals = write_gtkw(t.gtkw, plan, sc_vars, rtl_vars ? &*rtl_vars : nullptr, kTraceTop,
                                "model.vcd", o.gtkw_comment)
                         .signals;
  }
  r.traces = t;
  return r;
}

}  // namespace rebnet::tb
