// rebnet explore: accuracy against simulated throughput and area for each
// residual level count (the main job). It plans every run of the other
// subcommands (train, simulate, synth, cosim) as tasks with dependencies, runs
// them in parallel, caches every result, and assembles the report.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/command.h"
#include "cli/inputs.h"
#include "cli/progress.h"
#include "contract/error.h"
#include "contract/random_model.h"
#include "contract/topology.h"
#include "explore/report.h"
#include "explore/task_graph.h"
#include "plan/folding_search.h"
#include "plan/network_plan.h"
#include "rtlgen/network_export.h"
#include "rtlgen/tool_run.h"
#include "train/trainer.h"

namespace rebnet::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

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

json read_json_file(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read " + path.string());
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw Error(path.string() + ": malformed JSON (" + e.what() + "); delete it to redo the task");
  }
}

}  // namespace

int run_explore(const std::vector<std::string>& args) {
  std::string out_dir = "explore", cache_dir, topologies = "sfc", levels_text = "1,2,3";
  std::string folding_path, board = "pynq-z2", data_dir = REBNET_DEFAULT_DATA_DIR;
  uint32_t epochs = 30, pixel_levels = 8, jobs = 2;
  uint64_t seed = 1, limit_train = 0, validation = 0, cycle_images = 20, cosim_images = 20, images = 0;
  double target_fps = 200000, clock_mhz = 100, cosim_stall = 0.3;
  bool no_synth = false, no_cosim = false, single_stage = false;
  po::options_description options("options");
  options.add_options()
      ("out", po::value(&out_dir)->default_value(out_dir),
       "directory for results.json, results.csv, report.md, accuracy_vs_fps.svg")
      ("cache", po::value(&cache_dir), "cache of models and results (default ~/.cache/rebnet)")
      ("topologies", po::value(&topologies)->default_value(topologies), "comma-separated topology names")
      ("levels", po::value(&levels_text)->default_value(levels_text),
       "trained level counts M; every k <= M is run")
      ("epochs", po::value(&epochs)->default_value(epochs), "training epochs")
      ("seed", po::value(&seed)->default_value(seed), "training seed")
      ("target-fps", po::value(&target_fps)->default_value(target_fps),
       "frame rate at k = 1 that the automatic folding targets")
      ("folding", po::value(&folding_path), "use this folding file instead of the search")
      ("clock-mhz", po::value(&clock_mhz)->default_value(clock_mhz), "clock frequency")
      ("board", po::value(&board)->default_value(board), "pynq-z2 or zcu104 (synthesis target)")
      ("jobs", po::value(&jobs)->default_value(jobs), "tasks run in parallel")
      ("data", po::value(&data_dir)->default_value(data_dir), "IDX data directory")
      ("images", po::value(&images)->default_value(0), "test images for accuracy and fast simulation (0: all)")
      ("cycle-images", po::value(&cycle_images)->default_value(cycle_images),
       "frames of the cycle-accurate check of each point")
      ("cosim-images", po::value(&cosim_images)->default_value(cosim_images),
       "frames of the co-simulation spot check of each point")
      ("cosim-stall", po::value(&cosim_stall)->default_value(cosim_stall), "stall probability in co-simulation")
      ("pixel-levels", po::value(&pixel_levels)->default_value(pixel_levels), "levels of the pixel code")
      ("limit-train", po::value(&limit_train)->default_value(0), "train on the first N images only (quick runs)")
      ("validation", po::value(&validation)->default_value(validation),
       "last training images held out to select each model's epoch (0: train on all of them "
       "and keep the last epoch)")
      ("single-stage", po::bool_switch(&single_stage),
       "train every M from scratch, not from the float baseline's weights")
      ("no-synth", po::bool_switch(&no_synth), "skip synthesis (no area columns)")
      ("no-cosim", po::bool_switch(&no_cosim), "skip the co-simulation spot checks");
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
    return 0;

  // Everything is checked before any work starts.
  const std::vector<uint32_t> levels = parse_levels(levels_text);
  const std::vector<std::string> topo_list = split(topologies);
  if (topo_list.empty()) throw UsageError("--topologies: the list is empty");
  if (!(clock_mhz > 0))
    throw UsageError("--clock-mhz = " + number_text(clock_mhz) + ": expected a positive frequency");
  if (!(target_fps > 0))
    throw UsageError("--target-fps = " + number_text(target_fps) + ": expected a positive rate");
  if (jobs == 0) throw UsageError("--jobs = 0: expected at least 1 task at a time");
  if (epochs == 0) throw UsageError("--epochs = 0: expected at least 1 epoch");
  check_probability("--cosim-stall", cosim_stall);
  if (board != "pynq-z2" && board != "zcu104")
    throw UsageError("--board = " + board + ": expected pynq-z2 or zcu104");
  const uint64_t target_cycles =
      static_cast<uint64_t>(std::floor(clock_mhz * 1e6 / target_fps));
  std::map<std::string, NetworkFolding> foldings;
  for (const std::string& t : topo_list) {
    const Model shape = randomize(skeleton(t, 1, pixel_levels), 1);  // throws for unknown names
    NetworkFolding f;
    if (!folding_path.empty()) {
      f = read_folding(folding_path);
    } else {
      if (target_cycles == 0)
        throw Error("--target-fps " + number_text(target_fps) + " exceeds one frame per cycle at " +
                    number_text(clock_mhz) + " MHz");
      try {
        f = auto_folding(shape, target_cycles, 1);
      } catch (const Error& e) {
        throw Error("--target-fps " + number_text(target_fps) + " for " + t + ": " + e.what());
      }
    }
    for (uint32_t m : levels)  // the folding must fit every trained model
      plan_network(randomize(skeleton(t, m, pixel_levels), 1), f,
                       folding_path.empty() ? "search" : folding_path);
    foldings[t] = f;
  }
  const Dataset sample = load_split(data_dir, Split::Test, 1);  // fits every topology
  for (const std::string& t : topo_list)
    check_data_shape(skeleton(t, 1, pixel_levels), sample, data_dir);
  if (validation > 0) {
    try {
      train::check_validation(load_split(data_dir, Split::Train, limit_train).count(), validation);
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
  }

  make_directory(out_dir, "--out");
  make_directory(cache_dir.empty() ? default_cache() : fs::path(cache_dir), "--cache");
  const fs::path out = fs::absolute(out_dir);
  const fs::path cache = fs::absolute(cache_dir.empty() ? default_cache() : fs::path(cache_dir));
  fs::create_directories(cache / "models");
  fs::create_directories(cache / "results");
  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  rtlgen::ContentHash tool_hash;
  tool_hash.add_file("exe", exe);
  rtlgen::add_rtl_sources(tool_hash);

  // Tasks. Model keys name the training inputs; result keys add the executable, the
  // RTL, the folding and the command, so a rebuilt tool or changed RTL re-measures but
  // keeps models.
  std::vector<explore::Task> tasks;
  struct PointTasks {
    std::string topology;
    uint32_t m = 0, k = 0;
    fs::path train_json, model, fast, cycle, synth, cosim;
    std::string folding_json;
  };
  std::vector<PointTasks> points;
  auto result_task = [&](const std::string& name, std::vector<std::string> argv, size_t dep,
                         bool may_fail, double cost) {
    rtlgen::ContentHash h;
    h.add("tool", tool_hash.hex());
    for (const std::string& a : argv) h.add("arg", a);
    const fs::path result = cache / "results" / (h.hex() + ".json");
    argv.insert(argv.begin(), exe);
    argv.push_back("--json");
    argv.push_back(result.string());
    tasks.push_back(
        {name, argv, result, cache / "results" / (h.hex() + ".log"), {dep}, may_fail, cost});
    return result;
  };
  // A training run in its own cache directory, named by everything that decides its result;
  // an interrupted run resumes from its checkpoint. Returns the task's index and directory.
  rtlgen::ContentHash data_hash;
  data_hash.add("data", fs::absolute(data_dir).string());
  auto train_task_of = [&](const std::string& name, const std::string& key,
                        std::vector<std::string> extra, std::vector<size_t> deps,
                        const fs::path& model) {
    const fs::path dir = cache / "models" / (key + "-" + data_hash.hex().substr(0, 8));
    fs::create_directories(dir);
    std::vector<std::string> argv = {
        exe, "train", "--epochs", std::to_string(epochs), "--seed", std::to_string(seed),
        "--pixel-levels", std::to_string(pixel_levels), "--data", data_dir, "--threads",
        jobs > 1 ? "1" : "0", "--validation", std::to_string(validation), "--json",
        (dir / "train.json").string(), "--checkpoint", (dir / "checkpoint.pt").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (!model.empty()) argv.insert(argv.end(), {"--out", (dir / model).string()});
    if (fs::exists(dir / "checkpoint.pt")) argv.push_back("--resume");
    if (limit_train) argv.insert(argv.end(), {"--limit-train", std::to_string(limit_train)});
    // Cost estimates in seconds on one core (SFC: ~6 s per epoch; yosys grows with M;
    // a model's first cosim builds its RTL twin), used only to start the longest
    // chains first.
    tasks.push_back({name, argv, dir / "train.json", dir / "train.log", std::move(deps), false,
                     6.0 * epochs});
    return std::pair{tasks.size() - 1, dir};
  };
  auto run_key = [&](const std::string& t, const std::string& kind) {
    std::ostringstream key;
    key << t << "-" << kind << "-P" << pixel_levels << "-e" << epochs << "-s" << seed << "-v"
        << validation;
    if (limit_train) key << "-n" << limit_train;
    return key.str();
  };
  std::map<std::string, fs::path> baseline_json;
  for (const std::string& t : topo_list) {
    // The float baseline: reported, and the starting point of every M (two-stage training;
    // shifted images, the augmentation that helped it most).
    std::vector<size_t> after_baseline;
    std::vector<std::string> from_baseline;
    if (!single_stage) {
      const auto [task, dir] = train_task_of("train " + t + " float", run_key(t, "float"),
                                          {"--topology", t, "--levels", "1", "--float",
                                           "--shift", "1"},
                                          {}, {});
      baseline_json[t] = dir / "train.json";
      after_baseline = {task};
      from_baseline = {"--init", (dir / "checkpoint.pt").string()};
    }
    const std::string folding_text = folding_json(foldings[t]).dump();
    rtlgen::ContentHash fh;
    fh.add("folding", folding_text);
    const fs::path folding_file = cache / "results" / ("folding-" + fh.hex() + ".json");
    std::ofstream(folding_file) << folding_text << "\n";
    for (uint32_t m : levels) {
      std::vector<std::string> args = {"--topology", t, "--levels", std::to_string(m)};
      args.insert(args.end(), from_baseline.begin(), from_baseline.end());
      // From three levels on, geometric scales with scale-wide straight-through windows
      // and shifted images trained better from the float baseline (docs/training.md).
      if (!single_stage && m >= 3)
        args.insert(args.end(), {"--scale-init", "geometric", "--ste-window", "scales", "--shift", "1"});
      std::string kind = "M";
      kind += std::to_string(m);
      if (!single_stage) kind += "-f";  // keeps single-stage models under their old keys
      const auto [train_task, dir] = train_task_of("train " + t + " M=" + std::to_string(m),
                                                   run_key(t, kind), args, after_baseline,
                                                   "model.rbm");
      const fs::path model = dir / "model.rbm", train_json = dir / "train.json";
      const std::vector<std::string> common = {"--model", model.string(), "--folding",
                                               folding_file.string()};
      fs::path synth;
      if (!no_synth) {
        std::vector<std::string> a = {"synth"};
        a.insert(a.end(), common.begin(), common.end());
        a.insert(a.end(), {"--board", board, "--cache", (cache / "synth").string()});
        synth = result_task("synth " + t + " M=" + std::to_string(m), a, train_task, false,
                            180.0 + 90.0 * m);
      }
      for (uint32_t k = 1; k <= m; ++k) {
        PointTasks p;
        p.topology = t;
        p.m = m;
        p.k = k;
        p.train_json = train_json;
        p.model = model;
        p.folding_json = folding_text;
        p.synth = synth;
        const std::string tag = t + " M=" + std::to_string(m) + " k=" + std::to_string(k);
        std::vector<std::string> sim = {"simulate"};
        sim.insert(sim.end(), common.begin(), common.end());
        sim.insert(sim.end(), {"--levels", std::to_string(k), "--data", data_dir, "--clock-mhz",
                               number_text(clock_mhz)});
        auto fast = sim;
        fast.insert(fast.end(), {"--mode", "fast", "--images", std::to_string(images)});
        p.fast = result_task("simulate fast " + tag, fast, train_task, false, 2);
        auto cycle = sim;
        cycle.insert(cycle.end(), {"--mode", "cycle", "--images", std::to_string(cycle_images)});
        p.cycle = result_task("simulate cycle " + tag, cycle, train_task, false, 2);
        if (!no_cosim) {
          std::vector<std::string> a = {"cosim"};
          a.insert(a.end(), common.begin(), common.end());
          a.insert(a.end(), {"--levels", std::to_string(k), "--data", data_dir, "--images",
                             std::to_string(cosim_images), "--stall", number_text(cosim_stall),
                             "--cache", (cache / "cosim").string()});
          p.cosim = result_task("cosim " + tag, a, train_task, true, k == 1 ? 40 : 2);
        }
        points.push_back(p);
      }
    }
  }

  Progress progress("explore", tasks.size());
  explore::run_tasks(tasks, jobs, [&](size_t i, const explore::TaskOutcome& o) {
    progress.set_status(tasks[i].name + (o.ran ? " done in " + number_text(std::round(o.seconds)) + " s"
                                               : " (cached)"));
    progress.advance();
  });
  progress.finish();

  json results = json::array();
  for (const PointTasks& p : points) {
    const json train = read_json_file(p.train_json);
    const json fast = read_json_file(p.fast);
    const json cycle = read_json_file(p.cycle);
    // The cycle-accurate sample must agree with the fast mode's clock.
    if (cycle["cycles_per_frame"] != fast["cycles_per_frame"] && cycle["frames"].get<int>() >= 2)
      std::cerr << "warning: " << p.topology << " M=" << p.m << " k=" << p.k
                << ": cycle mode measured " << cycle["cycles_per_frame"] << " cycles/frame, fast "
                << fast["cycles_per_frame"] << "\n";
    json point = {{"topology", p.topology},
                  {"levels_trained", p.m},
                  {"levels_run", p.k},
                  {"folding", json::parse(p.folding_json)},
                  {"accuracy_float", p.k == p.m ? train["accuracy_float"] : json()},
                  {"accuracy_int", fast["accuracy"]},
                  {"cycles_per_frame", fast["cycles_per_frame"]},
                  {"ideal_cycles_per_frame", fast["ideal_cycles_per_frame"]},
                  {"bound_by", fast["bound_by"]},
                  {"latency_cycles", fast["latency_cycles"]},
                  {"clock_mhz", clock_mhz},
                  {"frames_per_s", fast["frames_per_s"]},
                  {"cycle_check_frames", cycle["frames"]},
                  {"cycle_check_cycles_per_frame", cycle["cycles_per_frame"]},
                  {"cycle_check_mismatches", cycle["mismatches_vs_golden"]},
                  {"lut", nullptr}, {"ff", nullptr}, {"bram18", nullptr}, {"dsp", nullptr},
                  {"lutram", nullptr}, {"cosim_images", nullptr}, {"cosim_mismatches", nullptr},
                  {"model", p.model.string()}};
    if (!p.synth.empty()) {
      const json s = read_json_file(p.synth);
      for (const char* f : {"lut", "ff", "bram18", "dsp", "lutram"}) point[f] = s[f];
    }
    if (!p.cosim.empty()) {
      const json c = read_json_file(p.cosim);
      point["cosim_images"] = c["frames"];
      point["cosim_mismatches"] = c["mismatches"];
    }
    results.push_back(point);
  }
  const json settings = {{"topologies", topo_list}, {"levels", levels}, {"epochs", epochs},
                         {"target_fps", folding_path.empty() ? json(target_fps) : json()},
                         {"folding", folding_path.empty() ? json("search") : json(folding_path)},
                         {"clock_mhz", clock_mhz}, {"board", board}, {"seed", seed},
                         {"validation", validation},
                         {"training", single_stage ? "single-stage" : "from the float baseline"}};
  json baselines = json::object();
  for (const auto& [t, path] : baseline_json) baselines[t] = read_json_file(path)["accuracy_float"];
  write_json({{"settings", settings}, {"baselines", baselines}, {"points", results}},
             (out / "results.json").string(), "--out");
  std::ofstream(out / "results.csv") << explore::points_csv(results);
  std::ofstream(out / "accuracy_vs_fps.svg") << explore::plot_svg(results);
  const std::string report = explore::report_markdown(results, settings, baselines, "accuracy_vs_fps.svg");
  std::ofstream(out / "report.md") << report;
  std::cout << report.substr(report.find("| topology"), report.find("\nFoldings") - report.find("| topology"))
            << "\nwrote " << (out / "results.json").string() << ", results.csv, report.md, "
            << "accuracy_vs_fps.svg\n";
  uint64_t bad = 0;
  for (const json& p : results)
    bad += p["cosim_mismatches"].is_number() && p["cosim_mismatches"].get<uint64_t>() != 0;
  return bad == 0 ? 0 : 1;
}

}  // namespace rebnet::cli
