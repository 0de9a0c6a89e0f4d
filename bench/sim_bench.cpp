#include "sim_bench.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "contract/error.h"
#include "contract/model_file.h"
#include "contract/random_model.h"
#include "contract/topology.h"

namespace rebnet {
namespace {

namespace fs = std::filesystem;

constexpr double kTargetFastVsCycle = 100.0;
constexpr double kTargetCycleVsRtl = 1.0;

// A fresh directory under the system's temporary directory, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "rebnet-bench-sim-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
      throw Error("cannot create a temporary directory: " + std::string(std::strerror(errno)));
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string join(const std::vector<std::string>& argv) {
  std::string s;
  for (const std::string& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

// Runs argv (argv[0] a path) with its stdout sent to our stderr, so that our
// stdout keeps only the result; returns the wall time. Throws on failure.
double run_child(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw Error("cannot start " + argv[0] + ": " + std::strerror(errno));
  if (pid == 0) {
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) throw Error(std::string("waitpid: ") + std::strerror(errno));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFSIGNALED(status))
    throw Error("bench sim: `" + join(argv) + "` was killed by signal " +
                std::to_string(WTERMSIG(status)));
  if (WEXITSTATUS(status) == 127) throw Error("bench sim: cannot run " + argv[0]);
  if (WEXITSTATUS(status) != 0)
    throw Error("bench sim: `" + join(argv) + "` failed (exit " +
                std::to_string(WEXITSTATUS(status)) + "; its messages are above)");
  return seconds;
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream f(path);
  if (!f) throw Error("bench sim: no result in " + path.string());
  return nlohmann::json::parse(f);
}

nlohmann::json load_average() {
  double l[3] = {0, 0, 0};
  if (::getloadavg(l, 3) != 3) return nullptr;
  return {l[0], l[1], l[2]};
}

double rate(const nlohmann::json& result) { return result.at("sim_cycles_per_s").get<double>(); }

}  // namespace

nlohmann::json bench_sim(const SimBenchOptions& options) {
  const auto report = [&](const std::string& line) {
    if (options.progress) options.progress(line);
  };
  if (options.frames == 0 || options.fast_frames == 0)
    throw Error("bench sim: the frame counts must be at least 1");
  const std::string exe =
      options.exe.empty() ? fs::read_symlink("/proc/self/exe").string() : options.exe;
  const TempDir tmp;

  // The configuration: given files or the generated SFC model and its default folding.
  std::string model_path = options.model_path, folding_path = options.folding_path;
  std::string model_text;
  if (model_path.empty()) {
    const Model model = randomize(skeleton("sfc", options.levels), options.seed);
    model_path = (tmp.path() / "sfc.rbm").string();
    write_model(model, model_path);
    model_text = "random sfc, levels " + std::to_string(options.levels) + ", seed " +
                 std::to_string(options.seed);
  } else {
    model_path = fs::absolute(model_path).string();
    model_text = model_path;
  }
  if (folding_path.empty()) {
    folding_path = (tmp.path() / "folding.json").string();
    std::ofstream(folding_path) << kSimBenchSfcFolding << "\n";
  } else {
    folding_path = fs::absolute(folding_path).string();
  }
  const std::string k = std::to_string(options.k), seed = std::to_string(options.seed);
  const auto simulate = [&](const std::string& mode, uint64_t frames) {
    return std::vector<std::string>{exe, "simulate", "--model", model_path, "--folding",
                                    folding_path, "--mode", mode, "--random-inputs",
                                    std::to_string(frames), "--seed", seed, "--levels", k,
                                    "--json", (tmp.path() / (mode + ".json")).string()};
  };

  struct Contender {
    std::string name;
    std::vector<std::string> argv;
    uint64_t frames = 0;
    nlohmann::json result;
    double wall = 0;
  };
  std::vector<Contender> contenders;
  if (options.rtl) {
    std::vector<std::string> argv = {
        exe, "cosim", "--rtl-only", "--model", model_path, "--folding", folding_path,
        "--random-inputs", std::to_string(options.frames), "--seed", seed, "--levels", k,
        "--stall", "0", "--in-gap", "0", "--json", (tmp.path() / "rtl.json").string()};
    if (!options.cache_dir.empty())
      argv.insert(argv.end(), {"--cache", fs::absolute(options.cache_dir).string()});
    if (options.jobs) argv.insert(argv.end(), {"--jobs", std::to_string(options.jobs)});
    contenders.push_back({"rtl", argv, options.frames, nullptr, 0});
  }
  contenders.push_back({"cycle", simulate("cycle", options.frames), options.frames, nullptr, 0});
  contenders.push_back({"fast", simulate("fast", options.fast_frames), options.fast_frames, nullptr, 0});

  const nlohmann::json load_start = load_average();
  for (Contender& c : contenders) {
    report("bench sim: " + c.name + " (" + std::to_string(c.frames) + " frames): " + join(c.argv));
    c.wall = run_child(c.argv);
    c.result = read_json(tmp.path() / (c.name + ".json"));
    report("bench sim: " + c.name + ": " + std::to_string(rate(c.result)) +
           " simulated cycles/s (" + std::to_string(c.result.at("sim_cycles").get<uint64_t>()) +
           " cycles in " + std::to_string(c.result.at("sim_seconds").get<double>()) + " s)");
  }
  const nlohmann::json load_end = load_average();

  nlohmann::json contenders_json = nlohmann::json::object();
  nlohmann::json frames = nlohmann::json::object(), sim_cycles = nlohmann::json::object();
  nlohmann::json per_frame = nlohmann::json::object(), wall = nlohmann::json::object();
  nlohmann::json sim_seconds = nlohmann::json::object();
  for (const std::string name : {"cycle", "fast", "rtl"}) {
    frames[name] = sim_cycles[name] = per_frame[name] = wall[name] = sim_seconds[name] = nullptr;
    contenders_json[name] = nullptr;
  }
  for (const Contender& c : contenders) {
    frames[c.name] = c.result.at("frames");
    sim_cycles[c.name] = c.result.at("sim_cycles");
    per_frame[c.name] = c.result.at("cycles_per_frame");
    wall[c.name] = c.wall;
    sim_seconds[c.name] = c.result.at("sim_seconds");
    contenders_json[c.name] = {
        {"command", join(c.argv)}, {"wall_seconds", c.wall}, {"result", c.result}};
  }
  const auto find = [&](const std::string& name) -> const Contender* {
    for (const Contender& c : contenders)
      if (c.name == name) return &c;
    return nullptr;
  };
  const double cycle_rate = rate(find("cycle")->result), fast_rate = rate(find("fast")->result);
  const Contender* rtl = find("rtl");
  const nlohmann::json rtl_rate = rtl ? nlohmann::json(rate(rtl->result)) : nlohmann::json(nullptr);
  const double fast_vs_cycle = cycle_rate > 0 ? fast_rate / cycle_rate : 0.0;
  const nlohmann::json cycle_vs_rtl =
      rtl && rate(rtl->result) > 0 ? nlohmann::json(cycle_rate / rate(rtl->result))
                                   : nlohmann::json(nullptr);

  return {
      {"benchmark", "sim"},
      {"model", model_text},
      {"folding", nlohmann::json::parse(std::ifstream(folding_path))},
      {"levels", find("cycle")->result.at("levels")},
      {"seed", options.seed},
      {"input", "random frames, input always valid, output always ready"},
      {"frames", frames},
      {"sim_cycles", sim_cycles},
      {"cycles_per_frame", per_frame},
      {"sim_seconds", sim_seconds},
      {"wall_seconds", wall},
      {"sim_cycles_per_s_cycle", cycle_rate},
      {"sim_cycles_per_s_fast", fast_rate},
      {"sim_cycles_per_s_rtl", rtl_rate},
      {"fast_vs_cycle", fast_vs_cycle},
      {"cycle_vs_rtl", cycle_vs_rtl},
      {"targets", {{"fast_vs_cycle", kTargetFastVsCycle}, {"cycle_vs_rtl", kTargetCycleVsRtl}}},
      {"meets_targets",
       {{"fast_vs_cycle", fast_vs_cycle >= kTargetFastVsCycle},
        {"cycle_vs_rtl", cycle_vs_rtl.is_null()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json(cycle_vs_rtl.get<double>() >= kTargetCycleVsRtl)}}},
      {"load_average", {{"start", load_start}, {"end", load_end}}},
      {"contenders", contenders_json},
  };
}

}  // namespace rebnet
