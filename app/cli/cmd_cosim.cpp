// rebnet cosim: lockstep co-simulation of the SystemC model and the Verilated RTL
// (testbench/): the RTL twin of the plan is generated, verilated and compiled on
// demand into a cache, then both twins run on one clock with identical stimulus
// and every stream interface is compared on every cycle. --rtl-only runs the
// Verilated RTL alone (tb::RtlBench), for `rebnet bench sim`.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/design.h"
#include "cli/inputs.h"
#include "cli/progress.h"
#include "contract/error.h"
#include "cosim.h"
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

// What the reports of the lockstep and the RTL-only runs share.
struct Run {
  std::string model_path;
  const NetworkPlan* plan = nullptr;
  uint32_t k = 0;
  const Inputs* in = nullptr;
  const tb::RtlBuild* build = nullptr;
  const tb::CosimRunOptions* options = nullptr;
};

// The golden check on stderr and the JSON fields of both runs.
nlohmann::json common_report(const Run& run, const tb::CosimResult& r, const char* whose) {
  const tb::CosimOptions& co = run.options->bench;
  const sc::FrameScore& g = r.golden;
  if (g.first)
    std::cerr << "cosim: frame " << g.first->frame << whose << " differs from the golden model (label "
              << g.first->label << ", golden " << g.first->golden << ")\n";
  nlohmann::json result = {
      {"model", run.model_path},
      {"folding", folding_json(run.plan->folding)},
      {"levels", run.k},
      {"inputs", run.in->source},
      {"stall", co.out_stall},
      {"in_gap", co.in_gap},
      {"seed", co.seed},
      {"frames", r.frames},
      {"frames_requested", run.in->count},
      {"mismatches_vs_golden", g.mismatches},
      {"labels_checked", g.checked},
      {"stalled", !r.finished},
      {"sim_cycles", r.cycles},
      {"sim_seconds", r.seconds},
      {"sim_cycles_per_s", r.seconds > 0 ? double(r.cycles) / r.seconds : 0.0},
      {"build", {{"key", run.build->key}, {"reused", run.build->reused},
                 {"seconds", run.build->seconds}, {"dir", run.build->dir.string()}}}};
  if (!run.in->labels.empty() && g.checked)
    result["accuracy"] = double(g.correct) / double(g.checked);
  return result;
}

// --rtl-only: the Verilated RTL alone with the lockstep run's source and sink
// (following the RTL's handshakes), its outputs checked against the golden model.
int report_rtl_only(const Run& run, const tb::CosimResult& r, const fs::path& json) {
  nlohmann::json result = common_report(run, r, " of the RTL");
  for (const std::string& e : r.protocol_errors) std::cerr << "cosim: protocol: " << e << "\n";
  result["mode"] = "rtl-only";
  result["cycles_per_frame"] = r.cycles_per_frame;
  result["protocol_errors"] = r.protocol_errors.size();
  result["trace"] = r.traces ? nlohmann::json{{"dir", r.traces->dir.string()},
                                              {"rtl", r.traces->rtl.string()}}
                             : nlohmann::json(nullptr);
  if (!r.finished)
    std::cout << "stalled: no output for " << run.options->max_idle_edges << " cycles after "
              << r.frames << " frames\n";
  std::cout << "RTL only: frames " << r.frames << "/" << run.in->count << ", "
            << r.golden.mismatches << " mismatches vs golden, " << r.protocol_errors.size()
            << " protocol errors, cycles/frame " << r.cycles_per_frame << ", " << r.cycles
            << " cycles in " << r.seconds << " s, " << double(r.cycles) / std::max(r.seconds, 1e-9)
            << " cycles/s\n";
  if (r.traces) std::cout << "trace: " << r.traces->rtl.string() << "\n";
  if (!json.empty()) write_json(result, json.string());
  return r.finished && r.golden.mismatches == 0 && r.protocol_errors.empty() ? 0 : 1;
}

// The lockstep run: both twins compared on every cycle.
int report_lockstep(const Run& run, const tb::CosimResult& r, const fs::path& json) {
  nlohmann::json result = common_report(run, r, "");
  for (const std::string& e : r.word_count_errors) std::cerr << "cosim: word count: " << e << "\n";
  const auto& m = r.mismatch;
  result["cycles_compared"] = r.cycles_compared;
  result["signals_compared"] = r.signals_compared;
  result["mismatches"] = m ? 1 : 0;
  result["first_mismatch"] = mismatch_json(m);
  result["word_count_errors"] = r.word_count_errors;
  result["trace"] = nullptr;
  if (r.traces)
    result["trace"] = {{"dir", r.traces->dir.string()},
                       {"systemc", r.traces->systemc.string()},
                       {"rtl", r.traces->rtl.string()},
                       {"gtkw", r.traces->gtkw.string()},
                       {"gtkw_signals", r.traces->gtkw_signals},
                       {"scope", tb::kTraceTop}};
  if (m)
    std::cout << "MISMATCH at " << m->describe() << "\n";
  else if (!r.finished)
    std::cout << "stalled: no output for " << run.options->max_idle_edges << " cycles after "
              << r.frames << " frames (both twins agreed up to there)\n";
  std::cout << "frames " << r.frames << "/" << run.in->count << ", " << r.cycles_compared
            << " cycles compared (" << r.signals_compared << " signals each), " << (m ? 1 : 0)
            << " mismatches, " << r.golden.mismatches << " vs golden, "
            << double(r.cycles) / std::max(r.seconds, 1e-9) << " cycles/s\n";
  if (r.traces)
    std::cout << "traces: " << r.traces->systemc.string() << ", " << r.traces->rtl.string()
              << " (gtkwave <trace> " << r.traces->gtkw.string() << ")\n";
  if (!json.empty()) write_json(result, json.string());
  return !m && r.finished && r.golden.mismatches == 0 && r.word_count_errors.empty() ? 0 : 1;
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
  add_design_options(options, model_path, folding_path);
  options.add_options()
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

  tb::CosimRunOptions co;
  co.bench.levels = k;
  co.bench.in_gap = in_gap;
  co.bench.out_stall = stall;
  co.bench.seed = seed;
  co.rtl_only = rtl_only;
  co.trace_dir = trace;
  co.gtkw_comment = "generated by rebnet cosim from " + model_path + " and " + folding_path;
  co.max_idle_edges = max_idle;
  std::optional<Progress> progress;  // from the start of the simulation
  uint64_t done = 0;
  co.on_progress = [&](uint64_t frames) {
    if (!progress) progress.emplace(rtl_only ? "cosim rtl-only" : "cosim", in.count);
    progress->advance(frames - done);
    done = frames;
  };
  const tb::CosimResult r = tb::cosim(plan, model, {in.pixels, in.labels, in.count}, factory, co);
  if (progress) progress->finish();
  const Run run{model_path, &plan, k, &in, &build, &co};
  return rtl_only ? report_rtl_only(run, r, json) : report_lockstep(run, r, json);
}

}  // namespace rebnet::cli
