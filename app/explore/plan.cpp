#include "explore/plan.h"

#include <sstream>
#include <utility>

#include "cli/command.h"
#include "rtlgen/network_export.h"
#include "rtlgen/tool_run.h"

namespace rebnet::explore {
namespace {

namespace fs = std::filesystem;

// Builds the plan's tasks. Every cache key hashes the same bytes in the same order as
// earlier versions did, so existing caches stay valid: a change here re-trains or re-measures.
class Planner {
 public:
  explicit Planner(const Settings& s) : s_(s) {
    tool_hash_.add_file("exe", s_.exe);
    rtlgen::add_rtl_sources(tool_hash_);
    data_hash_.add("data", fs::absolute(s_.data_dir).string());
    plan_.directories = {s_.cache / "models", s_.cache / "results"};
  }

  Plan plan() && {
    for (const std::string& t : s_.topologies) plan_topology(t);
    return std::move(plan_);
  }

 private:
  // A measurement: `argv` (a subcommand and its options) keyed by the tool and the
  // arguments, its result under results/ in the cache. Returns the result file.
  fs::path result_task(const std::string& name, std::vector<std::string> argv, size_t dep,
                       bool may_fail, double cost) {
    rtlgen::ContentHash h;
    h.add("tool", tool_hash_.hex());
    for (const std::string& a : argv) h.add("arg", a);
    const fs::path result = s_.cache / "results" / (h.hex() + ".json");
    argv.insert(argv.begin(), s_.exe);
    argv.push_back("--json");
    argv.push_back(result.string());
    plan_.tasks.push_back(
        {name, argv, result, s_.cache / "results" / (h.hex() + ".log"), {dep}, may_fail, cost});
    return result;
  }

  // A training run in its own cache directory, named by everything that decides its result;
  // an interrupted run resumes from its checkpoint. Returns the task's index and directory.
  std::pair<size_t, fs::path> train_task(const std::string& name, const std::string& key,
                                         std::vector<std::string> extra, std::vector<size_t> deps,
                                         const fs::path& model) {
    const fs::path dir = s_.cache / "models" / (key + "-" + data_hash_.hex().substr(0, 8));
    plan_.directories.push_back(dir);
    std::vector<std::string> argv = {
        s_.exe, "train", "--epochs", std::to_string(s_.epochs), "--seed", std::to_string(s_.seed),
        "--pixel-levels", std::to_string(s_.pixel_levels), "--data", s_.data_dir, "--threads",
        s_.jobs > 1 ? "1" : "0", "--validation", std::to_string(s_.validation), "--json",
        (dir / "train.json").string(), "--checkpoint", (dir / "checkpoint.pt").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (!model.empty()) argv.insert(argv.end(), {"--out", (dir / model).string()});
    if (fs::exists(dir / "checkpoint.pt")) argv.push_back("--resume");
    if (s_.limit_train) argv.insert(argv.end(), {"--limit-train", std::to_string(s_.limit_train)});
    // Cost estimates in seconds on one core (SFC: ~6 s per epoch; yosys grows with M;
    // a model's first cosim builds its RTL twin), used only to start the longest
    // chains first.
    plan_.tasks.push_back({name, argv, dir / "train.json", dir / "train.log", std::move(deps),
                           false, 6.0 * s_.epochs});
    return std::pair{plan_.tasks.size() - 1, dir};
  }

  std::string run_key(const std::string& t, const std::string& kind) const {
    std::ostringstream key;
    key << t << "-" << kind << "-P" << s_.pixel_levels << "-e" << s_.epochs << "-s" << s_.seed
        << "-v" << s_.validation;
    if (s_.limit_train) key << "-n" << s_.limit_train;
    return key.str();
  }

  void plan_topology(const std::string& t) {
    // The float baseline: reported, and the starting point of every M (two-stage training;
    // shifted images, the augmentation that helped it most).
    std::vector<size_t> after_baseline;
    std::vector<std::string> from_baseline;
    if (!s_.single_stage) {
      const auto [task, dir] = train_task("train " + t + " float", run_key(t, "float"),
                                          {"--topology", t, "--levels", "1", "--float",
                                           "--shift", "1"},
                                          {}, {});
      plan_.baseline_json[t] = dir / "train.json";
      after_baseline = {task};
      from_baseline = {"--init", (dir / "checkpoint.pt").string()};
    }
    const std::string folding_text = folding_json(s_.foldings.at(t)).dump();
    rtlgen::ContentHash fh;
    fh.add("folding", folding_text);
    const fs::path folding_file = s_.cache / "results" / ("folding-" + fh.hex() + ".json");
    plan_.files[folding_file] = folding_text + "\n";
    for (uint32_t m : s_.levels) {
      std::vector<std::string> args = {"--topology", t, "--levels", std::to_string(m)};
      args.insert(args.end(), from_baseline.begin(), from_baseline.end());
      // From three levels on, geometric scales with scale-wide straight-through windows
      // and shifted images trained better from the float baseline (docs/training.md).
      if (!s_.single_stage && m >= 3)
        args.insert(args.end(), {"--scale-init", "geometric", "--ste-window", "scales", "--shift", "1"});
      std::string kind = "M";
      kind += std::to_string(m);
      if (!s_.single_stage) kind += "-f";  // keeps single-stage models under their old keys
      const auto [train, dir] = train_task("train " + t + " M=" + std::to_string(m),
                                           run_key(t, kind), args, after_baseline, "model.rbm");
      plan_model(t, m, train, dir, folding_text, folding_file);
    }
  }

  // The measurements of the model trained by task `train` in `dir`: its synthesis and,
  // for every k <= m, fast and cycle simulation and the co-simulation spot check.
  void plan_model(const std::string& t, uint32_t m, size_t train, const fs::path& dir,
                  const std::string& folding_text, const fs::path& folding_file) {
    const fs::path model = dir / "model.rbm", train_json = dir / "train.json";
    const std::vector<std::string> common = {"--model", model.string(), "--folding",
                                             folding_file.string()};
    fs::path synth;
    if (!s_.no_synth) {
      std::vector<std::string> a = {"synth"};
      a.insert(a.end(), common.begin(), common.end());
      a.insert(a.end(), {"--board", s_.board, "--cache", (s_.cache / "synth").string()});
      synth = result_task("synth " + t + " M=" + std::to_string(m), a, train, false,
                          180.0 + 90.0 * m);
    }
    for (uint32_t k = 1; k <= m; ++k) {
      const std::string tag = t + " M=" + std::to_string(m) + " k=" + std::to_string(k);
      std::vector<std::string> sim = {"simulate"};
      sim.insert(sim.end(), common.begin(), common.end());
      sim.insert(sim.end(), {"--levels", std::to_string(k), "--data", s_.data_dir, "--clock-mhz",
                             cli::number_text(s_.clock_mhz)});
      auto fast = sim;
      fast.insert(fast.end(), {"--mode", "fast", "--images", std::to_string(s_.images)});
      const fs::path fast_json = result_task("simulate fast " + tag, fast, train, false, 2);
      auto cycle = sim;
      cycle.insert(cycle.end(), {"--mode", "cycle", "--images", std::to_string(s_.cycle_images)});
      const fs::path cycle_json = result_task("simulate cycle " + tag, cycle, train, false, 2);
      fs::path cosim;
      if (!s_.no_cosim) {
        std::vector<std::string> a = {"cosim"};
        a.insert(a.end(), common.begin(), common.end());
        a.insert(a.end(), {"--levels", std::to_string(k), "--data", s_.data_dir, "--images",
                           std::to_string(s_.cosim_images), "--stall",
                           cli::number_text(s_.cosim_stall), "--cache", (s_.cache / "cosim").string()});
        cosim = result_task("cosim " + tag, a, train, true, k == 1 ? 40 : 2);
      }
      plan_.points.push_back(
          {t, m, k, train_json, model, fast_json, cycle_json, synth, cosim, folding_text});
    }
  }

  const Settings& s_;
  rtlgen::ContentHash tool_hash_, data_hash_;
  Plan plan_;
};

}  // namespace

Plan plan_explore(const Settings& settings) { return Planner(settings).plan(); }

}  // namespace rebnet::explore
