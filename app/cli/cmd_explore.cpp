// rebnet explore: accuracy against simulated throughput and area for each
// residual level count (the main job). It plans every run of the other
// subcommands (train, simulate, synth, cosim) as tasks with dependencies
// (explore/plan.h), runs them in parallel (explore/run.h), caches every result, and
// assembles the report (explore/results.h).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "contract/error.h"
#include "contract/random_model.h"
#include "contract/topology.h"
#include "explore/plan.h"
#include "explore/results.h"
#include "explore/run.h"
#include "plan/folding_search.h"
#include "plan/network_plan.h"
#include "train/validation.h"

namespace rebnet::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) items.push_back(item);
  return items;
}

std::vector<uint32_t> parse_levels(const std::string& text) {
  std::vector<uint32_t> levels;
  for (const std::string& item : split(text)) {
    char* end = nullptr;
    const unsigned long v = std::strtoul(item.c_str(), &end, 10);
    if (*end != '\0' || v < 1 || v > kMaxLevels)
      throw UsageError("--levels: '" + item + "' is not a level count in 1..8");
    levels.push_back(static_cast<uint32_t>(v));
  }
  if (levels.empty()) throw UsageError("--levels: the list is empty (e.g. --levels 1,2,3)");
  return levels;
}

fs::path default_cache() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return fs::path(xdg) / "rebnet";
  if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".cache" / "rebnet";
  return fs::temp_directory_path() / "rebnet-cache";
}

// The folding of every topology (--folding's, or the search's for the target frame
// rate at k = 1), checked against the model of every trained level count.
std::map<std::string, NetworkFolding> foldings_of(const explore::Settings& s) {
  const uint64_t target_cycles =
      static_cast<uint64_t>(std::floor(s.clock_mhz * 1e6 / s.target_fps));
  std::map<std::string, NetworkFolding> foldings;
  for (const std::string& t : s.topologies) {
    const Model shape = randomize(skeleton(t, 1, s.pixel_levels), 1);  // throws for unknown names
    NetworkFolding f;
    if (!s.folding_path.empty()) {
      f = read_folding(s.folding_path);
    } else {
      if (target_cycles == 0)
        throw Error("--target-fps " + number_text(s.target_fps) + " exceeds one frame per cycle at " +
                    number_text(s.clock_mhz) + " MHz");
      try {
        f = auto_folding(shape, target_cycles, 1);
      } catch (const Error& e) {
        throw Error("--target-fps " + number_text(s.target_fps) + " for " + t + ": " + e.what());
      }
    }
    for (uint32_t m : s.levels)  // the folding must fit every trained model
      plan_network(randomize(skeleton(t, m, s.pixel_levels), 1), f,
                   s.folding_path.empty() ? "search" : s.folding_path);
    foldings[t] = f;
  }
  return foldings;
}

// The data fits every topology, and --validation leaves training images.
void check_data(const explore::Settings& s) {
  const Dataset sample = load_split(s.data_dir, Split::Test, 1);
  for (const std::string& t : s.topologies)
    check_data_shape(skeleton(t, 1, s.pixel_levels), sample, s.data_dir);
  if (s.validation > 0) {
    try {
      train::check_validation(load_split(s.data_dir, Split::Train, s.limit_train).count(),
                              s.validation);
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
  }
}

// The command line, checked before any work starts; nothing when --help was given.
std::optional<explore::Settings> parse_settings(const std::vector<std::string>& args) {
  explore::Settings s;
  std::string out_dir = "explore", cache_dir, topologies = "sfc", levels_text = "1,2,3";
  po::options_description options("options");
  options.add_options()
      ("out", po::value(&out_dir)->default_value(out_dir),
       "directory for results.json, results.csv, report.md, accuracy_vs_fps.svg")
      ("cache", po::value(&cache_dir), "cache of models and results (default ~/.cache/rebnet)")
      ("topologies", po::value(&topologies)->default_value(topologies), "comma-separated topology names")
      ("levels", po::value(&levels_text)->default_value(levels_text),
       "trained level counts M; every k <= M is run")
      ("epochs", po::value(&s.epochs)->default_value(s.epochs), "training epochs")
      ("seed", po::value(&s.seed)->default_value(s.seed), "training seed")
      ("target-fps", real_value(&s.target_fps),
       "frame rate at k = 1 that the automatic folding targets")
      ("folding", po::value(&s.folding_path), "use this folding file instead of the search")
      ("clock-mhz", real_value(&s.clock_mhz), "clock frequency")
      ("board", po::value(&s.board)->default_value(s.board), "pynq-z2 or zcu104 (synthesis target)")
      ("jobs", po::value(&s.jobs)->default_value(s.jobs), "tasks run in parallel")
      ("data", po::value(&s.data_dir)->default_value(s.data_dir), "IDX data directory")
      ("images", po::value(&s.images)->default_value(0), "test images for accuracy and fast simulation (0: all)")
      ("cycle-images", po::value(&s.cycle_images)->default_value(s.cycle_images),
       "frames of the cycle-accurate check of each point")
      ("cosim-images", po::value(&s.cosim_images)->default_value(s.cosim_images),
       "frames of the co-simulation spot check of each point")
      ("cosim-stall", real_value(&s.cosim_stall), "stall probability in co-simulation")
      ("pixel-levels", po::value(&s.pixel_levels)->default_value(s.pixel_levels), "levels of the pixel code")
      ("limit-train", po::value(&s.limit_train)->default_value(0), "train on the first N images only (quick runs)")
      ("validation", po::value(&s.validation)->default_value(s.validation),
       "last training images held out to select each model's epoch (0: train on all of them "
       "and keep the last epoch)")
      ("single-stage", po::bool_switch(&s.single_stage),
       "train every M from scratch, not from the float baseline's weights")
      ("no-synth", po::bool_switch(&s.no_synth), "skip synthesis (no area columns)")
      ("no-cosim", po::bool_switch(&s.no_cosim), "skip the co-simulation spot checks");
  po::variables_map vm;
  if (!parse(args, "rebnet explore [--out DIR] [--topologies T,..] [--levels M,..] [--target-fps F]",
             "Trains the float baseline of each topology, then a model per level count M\n"
             "starting from its weights, each for --epochs on the training images not held\n"
             "out by --validation (the recipe of docs/training.md; cached models are\n"
             "reused), folds it for the target frame rate (or --folding), and for every\n"
             "run-time level count k <= M measures integer accuracy, the SystemC model's frame\n"
             "interval (fast mode on the test set, cycle mode on a sample), area (yosys)\n"
             "and a lockstep co-simulation spot check. Writes results.json, results.csv,\n"
             "report.md and accuracy_vs_fps.svg into --out and prints the table.\n"
             "Interrupted runs resume from the cache.",
             options, vm))
    return std::nullopt;

  s.levels = parse_levels(levels_text);
  s.topologies = split(topologies);
  if (s.topologies.empty()) throw UsageError("--topologies: the list is empty");
  if (!(s.clock_mhz > 0))
    throw UsageError("--clock-mhz = " + number_text(s.clock_mhz) + ": expected a positive frequency");
  if (!(s.target_fps > 0))
    throw UsageError("--target-fps = " + number_text(s.target_fps) + ": expected a positive rate");
  if (s.jobs == 0) throw UsageError("--jobs = 0: expected at least 1 task at a time");
  if (s.epochs == 0) throw UsageError("--epochs = 0: expected at least 1 epoch");
  check_probability("--cosim-stall", s.cosim_stall);
  if (s.board != "pynq-z2" && s.board != "zcu104")
    throw UsageError("--board = " + s.board + ": expected pynq-z2 or zcu104");
  s.foldings = foldings_of(s);
  check_data(s);

  make_directory(out_dir, "--out");
  make_directory(cache_dir.empty() ? default_cache() : fs::path(cache_dir), "--cache");
  s.out = fs::absolute(out_dir);
  s.cache = fs::absolute(cache_dir.empty() ? default_cache() : fs::path(cache_dir));
  s.exe = fs::read_symlink("/proc/self/exe").string();
  return s;
}

}  // namespace

int run_explore(const std::vector<std::string>& args) {
  const std::optional<explore::Settings> settings = parse_settings(args);
  if (!settings) return 0;
  const explore::Plan plan = explore::plan_explore(*settings);
  explore::run_plan(plan, settings->jobs);
  const explore::Report report = explore::make_report(plan, *settings);
  const fs::path& out = settings->out;
  write_json(report.results, (out / "results.json").string(), "--out");
  std::ofstream(out / "results.csv") << report.csv;
  std::ofstream(out / explore::kPlotFile) << report.svg;
  std::ofstream(out / "report.md") << report.markdown;
  std::cout << report.table << "\nwrote " << (out / "results.json").string()
            << ", results.csv, report.md, " << explore::kPlotFile << "\n";
  return report.cosim_failures == 0 ? 0 : 1;
}

}  // namespace rebnet::cli
