#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "golden_bench.h"
#include "sim_bench.h"
#include "train_bench.h"

namespace rebnet::cli {
namespace {

// A measured number for the summary line; "-" when absent.
std::string show(const nlohmann::json& v) {
  std::ostringstream s;
  if (v.is_null()) s << "-";
  else s << std::setprecision(4) << v.get<double>();
  return s.str();
}

}  // namespace

int run_bench(const std::vector<std::string>& args) {
  std::string which, json_path;
  BenchOptions bench;
  SimBenchOptions sim;
  TrainBenchOptions training;
  uint32_t levels = 0;
  uint64_t seed = 1;
  po::options_description options("options");
  options.add_options()
      ("which", po::value(&which)->required(), "benchmark to run: golden, sim or train")
      ("levels", po::value(&levels),
       "hidden activation levels M (golden, sim: of the random SFC model; golden: 1, sim and "
       "train: 2)")
      ("seed", po::value(&seed)->default_value(seed),
       "seed of the random SFC model and inputs (train: of initialisation and shuffling)")
      ("json", po::value(&json_path), "also write the result as JSON to this file")
      ("seconds", real_value(&bench.min_seconds),
       "golden: minimum measuring time per contender")
      ("threads", po::value(&bench.threads)->default_value(0),
       "golden, train: threads for every contender (0: all cores)")
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
       "sim: compiler processes if the RTL twin must be built (0: rebnet cosim's default)")
      ("topology", po::value(&training.topology)->default_value(training.topology),
       "train: topology (dense only with the Python side: sfc, lfc, MLPs)")
      ("data", po::value(&training.data_dir)->default_value(REBNET_DEFAULT_DATA_DIR),
       "train: IDX directory (train-*, t10k-*)")
      ("batch", po::value(&training.batch)->default_value(0),
       "train: images per batch (0: the trainer's default)")
      ("images", po::value(&training.images)->default_value(training.images),
       "train: train on the first N training images per round (0: all)")
      ("epochs", po::value(&training.epochs)->default_value(training.epochs),
       "train: passes over those images per round")
      ("warmup", po::value(&training.warmup)->default_value(training.warmup),
       "train: first training steps of every round, not timed")
      ("rounds", po::value(&training.rounds)->default_value(training.rounds),
       "train: rounds; each trains both sides, Python first; per side the median counts")
      ("no-python", po::bool_switch(), "train: time the C++ trainer alone")
      ("python", po::value(&training.python_exe)->default_value(training.python_exe),
       "train: the Python interpreter, with torch (scripts/bench_train.sh installs Debian's "
       "python3-torch)")
      ("python-script", po::value(&training.python_script),
       "train: the Python side (default: bench/pytorch_train.py of the source tree)");
  po::positional_options_description positional;
  positional.add("which", 1);
  po::variables_map vm;
  if (!parse(args, "rebnet bench golden|sim|train [--levels M] [--json FILE] [sim: --model FILE "
                   "--folding FILE --frames N --fast-frames N] [train: --batch B --images N "
                   "--rounds R --threads T --no-python]",
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
             "cycles_per_frame, wall_seconds, load_average, contenders.\n"
             "train: seconds per 60,000-image epoch of the C++ trainer (sw/train) and of\n"
             "Python PyTorch (bench/pytorch_train.py, a child process) training the same\n"
             "network (default: SFC, M = 2, the trainer's batch) with the same batch, Adam\n"
             "and threads, measured in this run over the training steps after a warm-up and\n"
             "extrapolated to the epoch; the sides alternate over rounds (default: 3 rounds\n"
             "of 20,000 images) and each side's median counts. Python needs python3-torch:\n"
             "run scripts/bench_train.sh. JSON fields: seconds_per_epoch_cpp,\n"
             "seconds_per_epoch_python, images_per_s_cpp, images_per_s_python,\n"
             "ratio_cpp_over_python (target <= 1), cpu_ratio_cpp_over_python, by_round,\n"
             "load_average, cpp, python.",
             options, vm, &positional))
    return 0;
  if (!(bench.min_seconds > 0))
    throw UsageError("--seconds = " + number_text(bench.min_seconds) +
                     ": expected a positive time to measure");
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
    // The simulators run in rebnet, beside this executable (which may be rebnet-torch).
    sim.exe = (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "rebnet").string();
    sim.rtl = !vm["no-rtl"].as<bool>();
    if (sim.frames == 0 || sim.fast_frames == 0)
      throw UsageError("--frames = " + std::to_string(sim.frames) + ", --fast-frames = " +
                       std::to_string(sim.fast_frames) + ": expected at least 1 frame each");
    sim.progress = [](const std::string& line) { std::cerr << line << "\n"; };
    result = bench_sim(sim);
    std::cerr << "bench sim: cycles/s: cycle " << show(result["sim_cycles_per_s_cycle"])
              << ", fast " << show(result["sim_cycles_per_s_fast"]) << ", RTL "
              << show(result["sim_cycles_per_s_rtl"]) << "; fast_vs_cycle "
              << show(result["fast_vs_cycle"]) << " (target >= 100), cycle_vs_rtl "
              << show(result["cycle_vs_rtl"]) << " (target >= 1)\n";
  } else if (which == "train") {
#if REBNET_WITH_TORCH
    if (training.rounds == 0) throw UsageError("--rounds = 0: expected at least 1 round");
    if (training.epochs == 0) throw UsageError("--epochs = 0: expected at least 1 epoch");
    if (levels) training.levels = levels;
    training.seed = seed;
    training.threads = bench.threads;
    training.python = !vm["no-python"].as<bool>();
    training.progress = [](const std::string& line) { std::cerr << line << "\n"; };
    result = bench_train(training);
    std::cerr << "bench train: s per 60k-image epoch: C++ " << show(result["seconds_per_epoch_cpp"])
              << ", Python " << show(result["seconds_per_epoch_python"])
              << "; ratio_cpp_over_python " << show(result["ratio_cpp_over_python"])
              << " (target <= 1)\n";
#else
    throw UsageError("bench train needs the trainer (build with REBNET_TORCH=ON)");
#endif
  } else {
    throw UsageError("unknown benchmark '" + which + "'; expected golden, sim or train");
  }
  std::cout << result.dump(2) << "\n";
  if (!json_path.empty()) write_json(result, json_path);
  return 0;
}

}  // namespace rebnet::cli
