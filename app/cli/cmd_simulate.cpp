// rebnet simulate: the SystemC model of the accelerator on a model and a folding.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/design.h"
#include "cli/inputs.h"
#include "cli/progress.h"
#include "contract/error.h"
#include "golden/fast.h"
#include "network_bench.h"
#include "plan/performance.h"

namespace rebnet::cli {
int run_simulate(const std::vector<std::string>& args) {
  std::string model_path, folding_path, mode = "cycle", data_dir = REBNET_DEFAULT_DATA_DIR;
  std::string trace_path, json_path;
  uint64_t random_inputs = 0, images = 100, seed = 1;
  uint32_t levels = 0;
  double in_gap = 0, stall = 0, clock_mhz = 100;
  po::options_description options("options");
  options.add_options()
      ("model", po::value(&model_path)->required(), "model file")
      ("folding", po::value(&folding_path)->required(),
       "folding file (JSON): {\"layers\": [{\"pe\": P, \"simd\": S, \"fifo_depth\": D}, ...]}")
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

  Design design = load_design(model_path, folding_path);
  const Model& model = design.model;
  NetworkPlan& plan = design.plan;
  const uint32_t k = run_levels(model, levels);
  const Inputs in = load_inputs(model, data_dir, random_inputs, images, seed);
  if (in.count == 0) throw Error("no input frames");

  const auto t0 = std::chrono::steady_clock::now();
  const FastModel golden(model);
  const std::vector<Result> expected = golden.run_batch(in.pixels.data(), in.count, k);

  const Performance perf = analyze(plan, k);
  sc::BenchOptions bo;
  bo.levels = k;
  bo.in_gap = in_gap;
  bo.out_stall = stall;
  bo.seed = seed;
  bo.timing_only = mode == "fast";
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);  // keep stdout to the results
  sc_core::sc_clock clk("clk", sc::kClockPeriodNs, sc_core::SC_NS);
  sc_core::sc_signal<bool> rst_n("rst_n", false);
  sc::NetworkBench bench("bench", plan, bo.timing_only ? std::vector<uint8_t>{} : in.pixels,
                         in.count, bo);
  bench.clk_i(clk);
  bench.rst_ni(rst_n);
  sc_core::sc_trace_file* vcd = nullptr;
  if (!trace_path.empty()) {
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    vcd = sc_core::sc_create_vcd_trace_file(trace_base.c_str());
    vcd->set_time_unit(1, sc_core::SC_NS);
    bench.network().trace(vcd);
  }
  Progress progress("simulate " + mode, in.count);
  uint64_t shown = 0;
  const bool ok = sc::run_benches({&bench}, rst_n, 1'000'000, [&] {
    progress.advance(bench.frames_done() - shown);
    shown = bench.frames_done();
  });
  progress.advance(bench.frames_done() - shown);
  progress.finish();
  if (vcd) sc_core::sc_close_vcd_trace_file(vcd);
  if (!ok)
    throw Error("simulation stalled: no output for 1000000 cycles after " +
                std::to_string(bench.frames_done()) + " frames");
  for (const std::string& e : bench.errors()) std::cerr << "protocol: " << e << "\n";
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  const auto& records = bench.records();
  uint64_t mismatches = 0, correct = 0;
  for (uint64_t i = 0; i < in.count; ++i) {
    const uint32_t label = bo.timing_only ? expected[i].label : records[i].label;
    if (!bo.timing_only &&
        (records[i].label != expected[i].label || records[i].scores != expected[i].scores))
      ++mismatches;
    if (!in.labels.empty()) correct += label == in.labels[i];
  }
  const double interval = sc::steady_interval(records);
  const uint64_t latency = records[0].out - records[0].first_in;
  const uint64_t sim_cycles = records.back().out;
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
      {"latency_cycles", latency},
      {"clock_mhz", clock_mhz},
      {"frames_per_s", interval > 0 ? clock_mhz * 1e6 / interval : 0.0},
      {"mismatches_vs_golden", mismatches},
      {"protocol_errors", bench.errors().size()},
      {"sim_cycles", sim_cycles},
      {"sim_seconds", seconds},
      {"sim_cycles_per_s", seconds > 0 ? double(sim_cycles) / seconds : 0.0},
      {"period_frames", bench.period_frames()},
      {"per_layer", per_layer}};
  if (!in.labels.empty()) result["accuracy"] = double(correct) / double(in.count);
  std::cout << "frames " << in.count << ", cycles/frame " << interval << " (ideal "
            << perf.ideal_cycles_per_frame << ", bound by " << perf.bound_by << "), latency "
            << latency << " cycles, " << clock_mhz * 1e6 / std::max(interval, 1.0)
            << " frames/s at " << clock_mhz << " MHz\n"
            << "mismatches vs golden " << mismatches << (bo.timing_only ? " (fast mode: outputs are the golden model's)" : "")
            << ", " << double(sim_cycles) / seconds << " simulated cycles/s\n";
  if (!in.labels.empty()) std::cout << "accuracy " << 100.0 * result["accuracy"].get<double>() << " %\n";
  if (!json_path.empty()) write_json(result, json_path);
  return mismatches == 0 && bench.errors().empty() ? 0 : 1;
}

}  // namespace rebnet::cli
