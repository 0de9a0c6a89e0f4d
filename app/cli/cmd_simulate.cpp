// rebnet simulate: the SystemC model of the accelerator on a model and a folding.
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/design.h"
#include "cli/inputs.h"
#include "cli/progress.h"
#include "contract/error.h"
#include "plan/performance.h"
#include "simulate.h"

namespace rebnet::cli {
int run_simulate(const std::vector<std::string>& args) {
  std::string model_path, folding_path, mode = "cycle", data_dir = REBNET_DEFAULT_DATA_DIR;
  std::string trace_path, json_path;
  uint64_t random_inputs = 0, images = 100, seed = 1;
  uint32_t levels = 0;
  double in_gap = 0, stall = 0, clock_mhz = 100;
  po::options_description options("options");
  add_design_options(options, model_path, folding_path);
  options.add_options()
      ("mode", po::value(&mode)->default_value(mode),
       "cycle: every signal every cycle; fast: outputs from the golden model and the\n"
       "clock from the cycle model run until its state repeats (identical cycles)")
      ("data", po::value(&data_dir)->default_value(data_dir), "IDX data directory (test split)")
      ("random-inputs", po::value(&random_inputs)->default_value(0),
       "use N random images instead of --data")
      ("images", po::value(&images)->default_value(images), "frames from --data (0: all)")
      ("levels", po::value(&levels)->default_value(0), "run-time level count k (0: the model's)")
      ("in-gap", real_value(&in_gap), "cycle mode: input idle probability")
      ("stall", real_value(&stall), "cycle mode: output stall probability")
      ("seed", po::value(&seed)->default_value(1), "seed of random inputs, gaps and stalls")
      ("clock-mhz", real_value(&clock_mhz), "clock for frames_per_s")
      ("trace", po::value(&trace_path), "cycle mode: write a VCD waveform to this file")
      ("json", po::value(&json_path), "also write the result as JSON to this file");
  po::variables_map vm;
  if (!parse(args,
             "rebnet simulate --model FILE --folding FILE [--mode cycle|fast] [--data DIR | "
             "--random-inputs N] [--images N] [--levels K] [--trace FILE] [--json FILE]",
             "Runs the SystemC model of the accelerator, checks every frame against the\n"
             "golden model and reports the frame interval. JSON fields: cycles_per_frame\n"
             "(steady state), ideal_cycles_per_frame (analytical bound), bound_by, latency_cycles\n"
             "(first frame, first input word to output), frames, mismatches_vs_golden,\n"
             "accuracy, frames_per_s, sim_cycles_per_s, per_layer [{layer, kind, cycles, pe,\n"
             "simd, levels_in}].",
             options, vm))
    return 0;
  if (mode != "cycle" && mode != "fast")
    throw UsageError("--mode = " + mode + ": expected cycle or fast");
  if (mode == "fast" && (in_gap > 0 || stall > 0 || !trace_path.empty()))
    throw UsageError("--mode fast: --in-gap, --stall and --trace apply to --mode cycle only");
  check_probability("--in-gap", in_gap);
  check_probability("--stall", stall);
  if (!(clock_mhz > 0))
    throw UsageError("--clock-mhz = " + number_text(clock_mhz) + ": expected a positive frequency");
  // SystemC appends ".vcd" to the name it is given.
  std::string trace_base = trace_path;
  if (trace_base.size() > 4 && trace_base.compare(trace_base.size() - 4, 4, ".vcd") == 0)
    trace_base.resize(trace_base.size() - 4);
  if (!trace_path.empty()) check_writable(trace_base + ".vcd", "--trace");

  const Design design = load_design(model_path, folding_path);
  const Model& model = design.model;
  const NetworkPlan& plan = design.plan;
  const uint32_t k = run_levels(model, levels);
  const Inputs in = load_inputs(model, data_dir, random_inputs, images, seed);
  if (in.count == 0) throw Error("no input frames");

  const Performance perf = analyze(plan, k);
  sc::SimulateOptions so;
  so.bench.levels = k;
  so.bench.in_gap = in_gap;
  so.bench.out_stall = stall;
  so.bench.seed = seed;
  so.bench.timing_only = mode == "fast";
  if (!trace_path.empty()) so.vcd_base = trace_base;
  std::optional<Progress> progress;  // from the start of the simulation
  uint64_t shown = 0;
  so.on_progress = [&](uint64_t done) {
    if (!progress) progress.emplace("simulate " + mode, in.count);
    progress->advance(done - shown);
    shown = done;
  };
  const sc::SimulateResult r = sc::simulate(plan, model, {in.pixels, in.labels, in.count}, so);
  if (progress) progress->finish();
  for (const std::string& e : r.protocol_errors) std::cerr << "protocol: " << e << "\n";

  const uint64_t mismatches = r.score.mismatches;
  const double interval = r.cycles_per_frame;
  nlohmann::json per_layer = nlohmann::json::array();
  for (const LayerCycles& l : perf.layers)
    per_layer.push_back({{"layer", l.layer},
                         {"kind", to_string(model.layers[static_cast<size_t>(l.layer)].kind)},
                         {"cycles", l.cycles},
                         {"pe", l.pe},
                         {"simd", l.simd},
                         {"levels_in", l.levels_in}});
  nlohmann::json result = {
      {"mode", mode},
      {"model", model_path},
      {"folding", folding_json(plan.folding)},
      {"levels", k},
      {"inputs", in.source},
      {"frames", in.count},
      {"cycles_per_frame", interval},
      {"ideal_cycles_per_frame", perf.ideal_cycles_per_frame},
      {"bound_by", perf.bound_by},
      {"latency_cycles", r.latency_cycles},
      {"clock_mhz", clock_mhz},
      {"frames_per_s", interval > 0 ? clock_mhz * 1e6 / interval : 0.0},
      {"mismatches_vs_golden", mismatches},
      {"protocol_errors", r.protocol_errors.size()},
      {"sim_cycles", r.sim_cycles},
      {"sim_seconds", r.seconds},
      {"sim_cycles_per_s", r.seconds > 0 ? double(r.sim_cycles) / r.seconds : 0.0},
      {"period_frames", r.period_frames},
      {"per_layer", per_layer}};
  if (!in.labels.empty()) result["accuracy"] = double(r.score.correct) / double(in.count);
  std::cout << "frames " << in.count << ", cycles/frame " << interval << " (ideal "
            << perf.ideal_cycles_per_frame << ", bound by " << perf.bound_by << "), latency "
            << r.latency_cycles << " cycles, " << clock_mhz * 1e6 / std::max(interval, 1.0)
            << " frames/s at " << clock_mhz << " MHz\n"
            << "mismatches vs golden " << mismatches
            << (so.bench.timing_only ? " (fast mode: outputs are the golden model's)" : "") << ", "
            << double(r.sim_cycles) / r.seconds << " simulated cycles/s\n";
  if (!in.labels.empty()) std::cout << "accuracy " << 100.0 * result["accuracy"].get<double>() << " %\n";
  if (!json_path.empty()) write_json(result, json_path);
  return mismatches == 0 && r.protocol_errors.empty() ? 0 : 1;
}

}  // namespace rebnet::cli
