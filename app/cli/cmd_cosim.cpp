// rebnet cosim: lockstep co-simulation of the SystemC model and the Verilated RTL
// (testbench/): the RTL twin of the plan is generated, verilated and compiled on
// demand into a cache, then both twins run on one clock with identical stimulus
// and every stream interface is compared on every cycle. --rtl-only runs the
// Verilated RTL alone (tb::RtlBench), for `rebnet bench sim`.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/command.h"
#include "cli/design.h"
#include "cli/inputs.h"
#include "cli/progress.h"
#include "contract/error.h"
#include "cosim_bench.h"
#include "golden/fast.h"
#include "gtkw.h"
#include "rtl_build.h"

namespace rebnet::cli {
namespace {

namespace fs = std::filesystem;

// Build progress on stderr: a line per stage, a bar while compiling.
class BuildProgress {
 public:
  void operator()(const std::string& stage, uint64_t done, uint64_t total) {
    if (stage != stage_) {
      if (bar_) bar_->finish();
      bar_.reset();
      stage_ = stage;
      shown_ = 0;
      if (total > 0) {
        bar_ = std::make_unique<Progress>(stage, total);
      } else {
        std::cerr << "cosim: " << (stage == "waiting" ? "waiting for another process building "
                                                        "the same RTL twin"
                                                      : stage)
                  << " ...\n";
      }
    }
    if (bar_ && done > shown_) {
      bar_->advance(done - shown_);
      shown_ = done;
    }
  }
  void finish() {
    if (bar_) bar_->finish();
    bar_.reset();
  }

 private:
  std::string stage_;
  std::unique_ptr<Progress> bar_;
  uint64_t shown_ = 0;
};

nlohmann::json mismatch_json(const std::optional<tb::Mismatch>& m) {
  if (!m) return nullptr;
  return {{"cycle", m->cycle},   {"interface", m->interface}, {"signal", m->signal},
          {"systemc", m->systemc}, {"rtl", m->rtl},           {"frame", m->frame}};
}

// What the lockstep and the RTL-only runs share.
struct CosimRun {
  std::string model_path, folding_path;
  const NetworkPlan* plan = nullptr;
  uint32_t k = 0;
  const Inputs* in = nullptr;
  const std::vector<Result>* expected = nullptr;
  const tb::RtlBuild* build = nullptr;
  tb::RtlTwinFactory factory = nullptr;
  tb::CosimOptions options;
  fs::path trace, json;
  uint64_t max_idle = 0;
};

// --rtl-only: the Verilated RTL alone with the lockstep run's source and sink
// (following the RTL's handshakes), its outputs checked against the golden model.
int run_rtl_only(const CosimRun& r) {
  const NetworkPlan& plan = *r.plan;
  const Inputs& in = *r.in;
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  sc_core::sc_clock clk("clk", tb::kClockPeriodNs, sc_core::SC_NS);
  sc_core::sc_signal<bool> rst_n("rst_n", false);
  tb::RtlBench bench(plan, in.pixels, in.count, r.options, r.factory, clk, rst_n);
  const fs::path fst = r.trace.empty() ? fs::path() : r.trace / "rtl.fst";
  if (!fst.empty()) {
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    bench.open_trace(fst.string());
  }
  const auto t0 = std::chrono::steady_clock::now();
  Progress progress("cosim rtl-only", in.count);
  uint64_t done = 0;
  const bool finished = tb::run_rtl(bench, rst_n, r.max_idle, [&] {
    progress.advance(std::min(bench.frames_done(), in.count) - done);
    done = std::min(bench.frames_done(), in.count);
  });
  progress.advance(std::min(bench.frames_done(), in.count) - done);
  progress.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bench.close_trace();
  bench.rtl_twin().final();

  uint64_t golden_mismatches = 0, correct = 0;
  const auto& outs = bench.outputs();
  for (size_t i = 0; i < outs.size(); ++i) {
    const Result& e = (*r.expected)[i];
    if (outs[i].label != e.label || outs[i].scores != e.scores) {
      if (golden_mismatches == 0)
        std::cerr << "cosim: frame " << i << " of the RTL differs from the golden model (label "
                  << outs[i].label << ", golden " << e.label << ")\n";
      ++golden_mismatches;
    }
    if (!in.labels.empty()) correct += outs[i].label == in.labels[i];
  }
  const std::vector<std::string>& protocol = bench.protocol_errors();
  for (const std::string& e : protocol) std::cerr << "cosim: protocol: " << e << "\n";
  // Steady-state interval as `rebnet simulate` computes it (sc::steady_interval).
  double interval = 0;
  if (outs.size() == 1) {
    interval = double(outs[0].cycle);
  } else if (outs.size() > 1) {
    const size_t h = outs.size() >= 3 ? outs.size() / 2 : 0;
    interval = double(outs.back().cycle - outs[h].cycle) / double(outs.size() - 1 - h);
  }
  const uint64_t cycles = bench.edges();
  nlohmann::json result = {
      {"mode", "rtl-only"},
      {"model", r.model_path},
      {"folding", folding_json(plan.folding)},
      {"levels", r.k},
      {"inputs", in.source},
      {"stall", r.options.out_stall},
      {"in_gap", r.options.in_gap},
      {"seed", r.options.seed},
      {"frames", std::min(bench.frames_done(), in.count)},
      {"frames_requested", in.count},
      {"cycles_per_frame", interval},
      {"mismatches_vs_golden", golden_mismatches},
      {"labels_checked", outs.size()},
      {"protocol_errors", protocol.size()},
      {"stalled", !finished},
      {"sim_cycles", cycles},
      {"sim_seconds", seconds},
      {"sim_cycles_per_s", seconds > 0 ? double(cycles) / seconds : 0.0},
      {"build", {{"key", r.build->key}, {"reused", r.build->reused}, {"seconds", r.build->seconds},
                 {"dir", r.build->dir.string()}}},
      {"trace", fst.empty() ? nlohmann::json(nullptr)
                            : nlohmann::json{{"dir", r.trace.string()}, {"rtl", fst.string()}}}};
  if (!in.labels.empty() && !outs.empty())
    result["accuracy"] = double(correct) / double(outs.size());
  if (!finished)
    std::cout << "stalled: no output for " << r.max_idle << " cycles after "
              << bench.frames_done() << " frames\n";
  std::cout << "RTL only: frames " << std::min(bench.frames_done(), in.count) << "/" << in.count
            << ", " << golden_mismatches << " mismatches vs golden, " << protocol.size()
            << " protocol errors, cycles/frame " << interval << ", " << cycles
            << " cycles in " << seconds << " s, " << double(cycles) / std::max(seconds, 1e-9)
            << " cycles/s\n";
  if (!fst.empty()) std::cout << "trace: " << fst.string() << "\n";
  if (!r.json.empty()) write_json(result, r.json.string());
  return finished && golden_mismatches == 0 && protocol.empty() ? 0 : 1;
}

}  // namespace

int run_cosim(const std::vector<std::string>& args) {
  std::string model_path, folding_path, data_dir = REBNET_DEFAULT_DATA_DIR;
  std::string trace_dir, json_path, cache_dir = tb::default_cache_dir().string();
  uint64_t random_inputs = 0, images = 20, seed = 1, max_idle = 200000;
  uint32_t levels = 0;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  double stall = 0.3, in_gap = 0;
  bool rtl_only = false;
  po::options_description options("options");
  options.add_options()
      ("model", po::value(&model_path)->required(), "model file")
      ("folding", po::value(&folding_path)->required(),
       "folding file (JSON): {\"layers\": [{\"pe\": P, \"simd\": S, \"fifo_depth\": D}, ...]}")
      ("data", po::value(&data_dir)->default_value(data_dir), "IDX data directory (test split)")
      ("random-inputs", po::value(&random_inputs)->default_value(0),
       "use N random images instead of --data")
      ("images", po::value(&images)->default_value(images), "frames from --data (0: all)")
      ("levels", po::value(&levels)->default_value(0), "run-time level count k (0: the model's)")
      ("stall", real_value(&stall),
       "probability that the sink refuses a word in a cycle (and, unless --in-gap is\n"
       "given, that the source idles)")
      ("in-gap", po::value(&in_gap), "probability that the source idles in a cycle")
      ("seed", po::value(&seed)->default_value(1), "seed of random inputs, gaps and stalls")
      ("trace", po::value(&trace_dir),
       "write DIR/model.vcd (SystemC), DIR/rtl.fst (Verilator) and DIR/rebnet_network.gtkw")
      ("json", po::value(&json_path), "also write the result as JSON to this file")
      ("cache", po::value(&cache_dir)->default_value(cache_dir),
       "directory of the compiled RTL twins (built on demand, reused while the generated\n"
       "sources, the rtl/*.sv and the tools are unchanged)")
      ("jobs", po::value(&jobs)->default_value(jobs), "parallel compiler processes")
      ("max-idle", po::value(&max_idle)->default_value(max_idle),
       "give up after this many cycles without an output frame")
      ("rtl-only", po::bool_switch(&rtl_only),
       "run the Verilated RTL alone (no SystemC twin, no comparison) with the same\n"
       "source and sink, following the RTL's handshakes; its outputs are checked\n"
       "against the golden model (for `rebnet bench sim`; --trace writes DIR/rtl.fst)");
  po::variables_map vm;
  if (!parse(args,
             "rebnet cosim --model FILE --folding FILE [--data DIR | --random-inputs N] "
             "[--images N] [--stall P] [--seed S] [--levels K] [--trace DIR] [--json FILE] "
             "[--cache DIR] [--rtl-only]",
             "Runs the SystemC model and the Verilated RTL of the accelerator in lockstep on\n"
             "one clock with identical input streams and ready patterns, and compares every\n"
             "signal of every stream interface (the top's in_ready_o, out_valid_o, out_data_o\n"
             "and each internal stream's valid, ready and data) on every cycle; it stops at\n"
             "the first difference. The RTL twin is generated (as by export-rtl), verilated\n"
             "and compiled on first use of an architecture (minutes), then cached. Outputs\n"
             "are checked against the golden model. JSON fields: frames, cycles_compared,\n"
             "signals_compared, mismatches, first_mismatch (null or {cycle, interface, signal,\n"
             "systemc, rtl, frame}), mismatches_vs_golden, labels_checked, accuracy,\n"
             "sim_cycles, sim_cycles_per_s, build {key, reused, seconds}, trace.\n"
             "With --rtl-only: mode, frames, cycles_per_frame, mismatches_vs_golden,\n"
             "labels_checked, protocol_errors, stalled, sim_cycles, sim_seconds,\n"
             "sim_cycles_per_s, build, trace.",
             options, vm))
    return 0;
  if (!vm.count("in-gap")) in_gap = stall;
  check_probability("--stall", stall);
  check_probability("--in-gap", in_gap);
  if (jobs == 0) throw UsageError("--jobs = 0: expected at least 1 compiler process");
  if (max_idle == 0) throw UsageError("--max-idle = 0: expected at least 1 cycle");
  // Directories are made (and checked) before any work, and paths resolved now:
  // the run changes the working directory (rtl_build.h).
  make_directory(cache_dir, "--cache");
  if (vm.count("trace")) make_directory(trace_dir, "--trace");
  const fs::path trace = trace_dir.empty() ? fs::path() : fs::absolute(trace_dir);
  const fs::path json = json_path.empty() ? fs::path() : fs::absolute(json_path);
  const fs::path cache = fs::absolute(cache_dir);

  const Design design = load_design(model_path, folding_path);
  const Model& model = design.model;
  const NetworkPlan& plan = design.plan;
  const uint32_t k = run_levels(model, levels);
  const Inputs in = load_inputs(model, data_dir, random_inputs, images, seed);
  if (in.count == 0) throw Error("no input frames");
  const FastModel golden(model);
  const std::vector<Result> expected = golden.run_batch(in.pixels.data(), in.count, k);

  // The RTL twin: cached plugin.
  BuildProgress shown;
  tb::RtlBuildOptions bo;
  bo.cache_dir = cache;
  bo.jobs = jobs;
  bo.progress = [&](const std::string& s, uint64_t d, uint64_t t) { shown(s, d, t); };
  const tb::RtlBuild build = tb::build_rtl_twin(plan, bo);
  shown.finish();
  if (build.reused)
    std::cerr << "cosim: RTL twin " << build.key << " from the cache " << cache.string() << "\n";
  else
    std::cerr << "cosim: built RTL twin " << build.key << " in " << build.seconds << " s\n";

  const tb::RtlTwinFactory factory = tb::load_rtl_twin(build.plugin);
  tb::RtlRunDir run_dir(plan, cache / "runs");  // memory images; working directory until the end

  tb::CosimOptions co;
  co.levels = k;
  co.in_gap = in_gap;
  co.out_stall = stall;
  co.seed = seed;
  co.trace = !trace.empty();
  if (rtl_only) {
    CosimRun r;
    r.model_path = model_path;
    r.folding_path = folding_path;
    r.plan = &plan;
    r.k = k;
    r.in = &in;
    r.expected = &expected;
    r.build = &build;
    r.factory = factory;
    r.options = co;
    r.trace = trace;
    r.json = json;
    r.max_idle = max_idle;
    return run_rtl_only(r);
  }
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  sc_core::sc_clock clk("clk", tb::kClockPeriodNs, sc_core::SC_NS);
  sc_core::sc_signal<bool> rst_n("rst_n", false);
  tb::CosimBench bench(plan, in.pixels, in.count, co, factory, clk, rst_n);
  if (!trace.empty()) {
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    bench.open_traces(trace.string());
  }
  const auto t0 = std::chrono::steady_clock::now();
  Progress progress("cosim", in.count);
  uint64_t done = 0;
  const bool finished = tb::run_cosim(bench, rst_n, max_idle, [&] {
    progress.advance(bench.frames_done() - done);
    done = bench.frames_done();
  });
  progress.advance(bench.frames_done() - done);
  progress.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  bench.close_traces();
  bench.rtl_twin().final();

  // Golden check of what came out (both twins agreed on it, cycle by cycle).
  uint64_t golden_mismatches = 0, correct = 0;
  const auto& outs = bench.outputs();
  for (size_t i = 0; i < outs.size(); ++i) {
    if (outs[i].label != expected[i].label || outs[i].scores != expected[i].scores) {
      if (golden_mismatches == 0)
        std::cerr << "cosim: frame " << i << " differs from the golden model (label "
                  << outs[i].label << ", golden " << expected[i].label << ")\n";
      ++golden_mismatches;
    }
    if (!in.labels.empty()) correct += outs[i].label == in.labels[i];
  }
  std::vector<std::string> bookkeeping;
  if (finished && !bench.mismatch()) bookkeeping = bench.word_count_errors();
  for (const std::string& e : bookkeeping) std::cerr << "cosim: word count: " << e << "\n";

  nlohmann::json trace_json = nullptr;
  if (!trace.empty()) {
    const std::string top = tb::kTraceTop;
    const auto sc_vars = tb::read_vcd_vars(trace / "model.vcd");
    const auto rtl_vars = tb::read_fst_vars(trace / "rtl.fst");
    const tb::GtkwSummary g = tb::write_gtkw(
        trace / "rebnet_network.gtkw", plan, sc_vars, rtl_vars ? &*rtl_vars : nullptr, top,
        "model.vcd", "generated by rebnet cosim from " + model_path + " and " + folding_path);
    trace_json = {{"dir", trace.string()},
                  {"systemc", (trace / "model.vcd").string()},
                  {"rtl", (trace / "rtl.fst").string()},
                  {"gtkw", (trace / "rebnet_network.gtkw").string()},
                  {"gtkw_signals", g.signals},
                  {"scope", top}};
  }

  const uint64_t cycles = bench.edges();
  const auto& m = bench.mismatch();
  nlohmann::json result = {
      {"model", model_path},
      {"folding", folding_json(plan.folding)},
      {"levels", k},
      {"inputs", in.source},
      {"stall", stall},
      {"in_gap", in_gap},
      {"seed", seed},
      {"frames", bench.frames_done()},
      {"frames_requested", in.count},
      {"cycles_compared", bench.cycles_compared()},
      {"signals_compared", bench.signals_compared()},
      {"mismatches", m ? 1 : 0},
      {"first_mismatch", mismatch_json(m)},
      {"mismatches_vs_golden", golden_mismatches},
      {"labels_checked", outs.size()},
      {"word_count_errors", bookkeeping},
      {"stalled", !finished},
      {"sim_cycles", cycles},
      {"sim_seconds", seconds},
      {"sim_cycles_per_s", seconds > 0 ? double(cycles) / seconds : 0.0},
      {"build", {{"key", build.key}, {"reused", build.reused}, {"seconds", build.seconds},
                 {"dir", build.dir.string()}}},
      {"trace", trace_json}};
  if (!in.labels.empty() && !outs.empty())
    result["accuracy"] = double(correct) / double(outs.size());

  if (m)
    std::cout << "MISMATCH at " << m->describe() << "\n";
  else if (!finished)
    std::cout << "stalled: no output for " << max_idle << " cycles after " << bench.frames_done()
              << " frames (both twins agreed up to there)\n";
  std::cout << "frames " << bench.frames_done() << "/" << in.count << ", " << bench.cycles_compared()
            << " cycles compared (" << bench.signals_compared() << " signals each), "
            << (m ? 1 : 0) << " mismatches, " << golden_mismatches << " vs golden, "
            << double(cycles) / std::max(seconds, 1e-9) << " cycles/s\n";
  if (!trace.empty())
    std::cout << "traces: " << (trace / "model.vcd").string() << ", " << (trace / "rtl.fst").string()
              << " (gtkwave <trace> " << (trace / "rebnet_network.gtkw").string() << ")\n";
  if (!json.empty()) write_json(result, json.string());
  return !m && finished && golden_mismatches == 0 && bookkeeping.empty() ? 0 : 1;
}

}  // namespace rebnet::cli
