#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "golden_bench.h"
#include "sim_bench.h"

namespace rebnet::cli {

int run_bench(const std::vector<std::string>& args) {
  std::string which, json_path;
  BenchOptions bench;
  SimBenchOptions sim;
  uint32_t levels = 0;
  uint64_t seed = 1;
  po::options_description options("options");
  options.add_options()
      ("which", po::value(&which)->required(), "benchmark to run: golden or sim")
      ("levels", po::value(&levels),
       "hidden activation levels M of the random SFC model (golden: 1, sim: 2)")
      ("seed", po::value(&seed)->default_value(seed), "seed of the random SFC model and inputs")
      ("json", po::value(&json_path), "also write the result as JSON to this file")
      ("seconds", po::value(&bench.min_seconds)->default_value(bench.min_seconds),
       "golden: minimum measuring time per contender")
      ("threads", po::value(&bench.threads)->default_value(0),
       "golden: threads for every contender (0: all cores)")
      ("model", po::value(&sim.model_path), "sim: model file instead of the random SFC model")
      ("folding", po::value(&sim.folding_path),
       "sim: folding file instead of the SFC default (16 x 64, 16 x 64, 16 x 64, 10 x 64)")
      ("frames", po::value(&sim.frames)->default_value(sim.frames),
       "sim: frames of the cycle-accurate mode and of the RTL")
      ("fast-frames", po::value(&sim.fast_frames)->default_value(sim.fast_frames),
       "sim: frames of the fast mode")
      ("k", po::value(&sim.k)->default_value(0), "sim: run-time level count (0: the model's)")
      ("no-rtl", po::bool_switch(), "sim: skip the Verilated RTL")
      ("cache", po::value(&sim.cache_dir), "sim: RTL twin cache (default: rebnet cosim's)")
      ("jobs", po::value(&sim.jobs)->default_value(0),
       "sim: compiler processes if the RTL twin must be built (0: rebnet cosim's default)");
  po::positional_options_description positional;
  positional.add("which", 1);
  po::variables_map vm;
  if (!parse(args, "rebnet bench golden|sim [--levels M] [--json FILE] [sim: --model FILE "
                   "--folding FILE --frames N --fast-frames N]",
             "golden: images per second of the fast golden model, of the plain reference and\n"
             "of LibTorch float inference of the same SFC network (784-256-256-256-10), all\n"
             "measured in this run with the same threads. JSON fields: images_per_s_fast,\n"
             "images_per_s_reference, images_per_s_libtorch, speedup_vs_libtorch,\n"
             "binary_macs_per_s.\n"
             "sim: simulated clock cycles per second of the SystemC model in cycle-accurate\n"
             "mode, in fast mode and of the Verilated RTL alone (`rebnet cosim --rtl-only`),\n"
             "each run as a child process on the same model, folding and random frames, input\n"
             "always valid and output always ready (default: random SFC, M = 2, folding\n"
             "16x64/16x64/16x64/10x64; 200 frames for cycle and RTL, 10000 for fast). The RTL\n"
             "twin is built into the cosim cache on first use (minutes). JSON fields:\n"
             "sim_cycles_per_s_cycle, sim_cycles_per_s_fast, sim_cycles_per_s_rtl,\n"
             "fast_vs_cycle (target >= 100), cycle_vs_rtl (target >= 1), frames, sim_cycles,\n"
             "cycles_per_frame, wall_seconds, load_average, contenders.",
             options, vm, &positional))
    return 0;
  nlohmann::json result;
  if (which == "golden") {
    if (levels) bench.levels = levels;
    bench.seed = seed;
    bench.progress = [](const std::string& line) { std::cerr << line << "\n"; };
    result = bench_golden(bench);
  } else if (which == "sim") {
#if !REBNET_WITH_HARDWARE
    throw UsageError("bench sim needs the hardware commands (build with REBNET_HARDWARE=ON)");
#endif
    if (levels) sim.levels = levels;
    sim.seed = seed;
    sim.rtl = !vm["no-rtl"].as<bool>();
    if (sim.frames == 0 || sim.fast_frames == 0)
      throw UsageError("--frames and --fast-frames must be at least 1");
    sim.progress = [](const std::string& line) { std::cerr << line << "\n"; };
    result = bench_sim(sim);
    const auto show = [](const nlohmann::json& v) {
      std::ostringstream s;
      if (v.is_null()) s << "-";
      else s << std::setprecision(4) << v.get<double>();
      return s.str();
    };
    std::cerr << "bench sim: cycles/s: cycle " << show(result["sim_cycles_per_s_cycle"])
              << ", fast " << show(result["sim_cycles_per_s_fast"]) << ", RTL "
              << show(result["sim_cycles_per_s_rtl"]) << "; fast_vs_cycle "
              << show(result["fast_vs_cycle"]) << " (target >= 100), cycle_vs_rtl "
              << show(result["cycle_vs_rtl"]) << " (target >= 1)\n";
  } else {
    throw UsageError("unknown benchmark '" + which + "' (known: golden, sim)");
  }
  std::cout << result.dump(2) << "\n";
  if (!json_path.empty()) write_json(result, json_path);
  return 0;
}

}  // namespace rebnet::cli
