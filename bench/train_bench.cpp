#include "train_bench.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "contract/error.h"
#include "contract/topology.h"
#include "data/idx.h"
#include "train/trainer.h"

namespace rebnet {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr double kTargetRatio = 1.0;   // C++ seconds per epoch over Python's
constexpr uint64_t kTestImages = 100;  // train() evaluates a test set once, at the end
constexpr const char* kInstallHint =
    "run scripts/bench_train.sh, which installs python3-torch (or pass --no-python)";

// What one side measured over its timed steps (the warm-up steps excluded).
struct SideResult {
  uint64_t timed_steps = 0;
  double seconds = 0;
  double cpu_seconds = 0;     // of the whole process (all threads), over the same steps
  double loss = 0;            // mean training loss of the last epoch (warm-up included)
  double train_accuracy = 0;  // running accuracy of the last epoch
};

// CPU time of this process, all threads (Python: time.process_time()).
double process_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

nlohmann::json load_average() {
  double l[3] = {0, 0, 0};
  if (::getloadavg(l, 3) != 3) return nullptr;
  return {l[0], l[1], l[2]};
}

// Exactly, for the Python side's command line; 4 digits for the progress lines.
std::string number_text(double value, int digits = 17) {
  std::ostringstream s;
  s.precision(digits);
  s << value;
  return s.str();
}

// Single-quoted for /bin/sh.
std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Whether `exe` names an executable file, directly (with a slash) or through PATH.
bool executable_exists(const std::string& exe) {
  if (exe.find('/') != std::string::npos) return ::access(exe.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && ::access((fs::path(dir) / exe).c_str(), X_OK) == 0) return true;
  return false;
}

// The Python side: runs `argv` (its stderr passes through) and parses the JSON line it
// prints last on stdout.
nlohmann::json run_python(const std::vector<std::string>& argv, std::string* command) {
  for (const std::string& a : argv) {
    if (!command->empty()) *command += ' ';
    *command += shell_quote(a);
  }
  FILE* pipe = ::popen(command->c_str(), "r");
  if (!pipe) throw Error("bench train: cannot start " + argv[0]);
  std::string out;
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  if (!WIFEXITED(status))
    throw Error("bench train: the Python side was killed (" + *command + ")");
  // pytorch_train.py exits with 3 when `import torch` fails; the shell with 127 when it
  // cannot run the interpreter.
  if (WEXITSTATUS(status) == 3 || WEXITSTATUS(status) == 127)
    throw Error("bench train: --python " + argv[0] + ": cannot import torch: " + kInstallHint);
  if (WEXITSTATUS(status) != 0)
    throw Error("bench train: the Python side failed (exit " +
                std::to_string(WEXITSTATUS(status)) + "; its messages are above): " + *command);
  const size_t end = out.find_last_not_of("\n");
  const size_t begin = end == std::string::npos ? 0 : out.rfind('\n', end);
  const std::string line =
      end == std::string::npos ? "" : out.substr(begin == std::string::npos ? 0 : begin + 1);
  try {
    return nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception&) {
    throw Error("bench train: the Python side printed no JSON result (last line: '" + line + "')");
  }
}

// `--layers` of pytorch_train.py: the neuron counts of a skeleton of dense layers.
std::string dense_layers(const Model& skeleton, const std::string& topology) {
  std::string layers;
  for (const Layer& l : skeleton.layers) {
    if (l.kind != LayerKind::Dense)
      throw Error("bench train: --topology " + topology +
                  ": expected a dense topology for the Python side (sfc, lfc, an MLP such as "
                  "784-256-10); --no-python times the C++ side alone");
    if (!layers.empty()) layers += ',';
    layers += std::to_string(l.neurons);
  }
  return layers;
}

// The C++ side: the trainer's own loop (train::train), timed from its callbacks; the
// recalibration, export and evaluation between epochs are not timed.
SideResult run_cpp(const Model& skeleton, const train::Options& options, uint32_t warmup,
                   const Dataset& train_set, const Dataset& test_set,
                   const std::function<void(const std::string&)>& report) {
  SideResult r;
  uint64_t steps = 0;
  Clock::time_point last;
  double last_cpu = 0;
  train::Callbacks callbacks;
  callbacks.epoch_begin = [&](uint32_t epoch, uint64_t images) {
    report("bench train: C++ epoch " + std::to_string(epoch) + " (" + std::to_string(images) +
           " images)");
    last = Clock::now();
    last_cpu = process_cpu_seconds();
  };
  callbacks.batch_end = [&](uint64_t, double loss, double accuracy) {
    const Clock::time_point now = Clock::now();
    const double cpu = process_cpu_seconds();
    if (++steps > warmup) {
      r.seconds += std::chrono::duration<double>(now - last).count();
      r.cpu_seconds += cpu - last_cpu;
      ++r.timed_steps;
    }
    last = now;
    last_cpu = cpu;
    r.loss = loss;
    r.train_accuracy = accuracy;
  };
  train::train(skeleton, options, train_set, test_set, callbacks);
  return r;
}

nlohmann::json side_json(const SideResult& r, uint32_t batch) {
  const double images_per_s = double(r.timed_steps * batch) / r.seconds;
  return {{"timed_steps", r.timed_steps},
          {"timed_images", r.timed_steps * batch},
          {"seconds", r.seconds},
          {"images_per_s", images_per_s},
          {"seconds_per_epoch", double(kTrainBenchEpochImages) / images_per_s},
          {"cpu_seconds", r.cpu_seconds},
          {"cpu_seconds_per_epoch", r.cpu_seconds * double(kTrainBenchEpochImages) /
                                        double(r.timed_steps * batch)},
          {"loss", r.loss},
          {"train_accuracy", r.train_accuracy}};
}

// The median of `key` over the rounds (the mean of the middle two for an even count).
double median(const nlohmann::json& rounds, const char* key) {
  std::vector<double> values;
  for (const nlohmann::json& r : rounds) values.push_back(r.at(key).get<double>());
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return (values[(n - 1) / 2] + values[n / 2]) / 2;
}

// One side over all rounds: the median seconds per epoch and its images per second, the
// median CPU seconds per epoch, then every round.
nlohmann::json side_summary(const nlohmann::json& rounds) {
  const double seconds = median(rounds, "seconds_per_epoch");
  return {{"seconds_per_epoch", seconds},
          {"images_per_s", double(kTrainBenchEpochImages) / seconds},
          {"cpu_seconds_per_epoch", median(rounds, "cpu_seconds_per_epoch")},
          {"rounds", rounds}};
}

}  // namespace

nlohmann::json bench_train(const TrainBenchOptions& o) {
  const auto report = [&](const std::string& line) {
    if (o.progress) o.progress(line);
  };
  const unsigned threads =
      o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  train::Options options;  // the trainer's defaults but for these
  if (o.batch) options.batch = o.batch;
  options.epochs = o.epochs;
  options.validation = 0;
  options.threads = threads;
  options.seed = o.seed;
  train::check_options(options);
  const Model skeleton = rebnet::skeleton(o.topology, o.levels);
  const std::string layers = o.python ? dense_layers(skeleton, o.topology) : "";
  const std::string script =
      o.python_script.empty() ? REBNET_PYTORCH_TRAIN_SCRIPT : o.python_script;
  if (o.python && !fs::is_regular_file(script))
    throw Error("bench train: --python-script " + script + ": no such file");
  if (o.python && !executable_exists(o.python_exe))
    throw Error("bench train: --python " + o.python_exe + ": not found: " + kInstallHint);

  if (o.rounds == 0) throw Error("bench train: --rounds = 0: expected at least 1 round");
  const std::string data_dir = o.data_dir.empty() ? REBNET_DEFAULT_DATA_DIR : o.data_dir;
  const Dataset train_set = load_split(data_dir, Split::Train, o.images);
  const Dataset test_set = load_split(data_dir, Split::Test, kTestImages);
  train::check_data(skeleton, options, train_set, test_set);
  const uint64_t images = train_set.count();
  // As the trainer: whole batches only, a training set smaller than the batch is one batch.
  const uint32_t batch = uint32_t(std::min<uint64_t>(options.batch, images));
  const uint64_t steps = images / batch * o.epochs;
  if (steps <= o.warmup)
    throw Error("bench train: --warmup = " + std::to_string(o.warmup) +
                ": expected fewer than the " + std::to_string(steps) + " training steps of a " +
                "round (" + std::to_string(images) + " images / batch " + std::to_string(batch) +
                " x " + std::to_string(o.epochs) + " epochs)");
  const std::string settings = o.topology + " M=" + std::to_string(o.levels) + ", batch " +
                               std::to_string(batch) + ", " + std::to_string(images) +
                               " images x " + std::to_string(o.epochs) + " epochs, " +
                               std::to_string(threads) + " threads";

  const nlohmann::json load_start = load_average();
  // Rounds alternate the sides, Python first (a missing torch fails before the C++ side has
  // spent its minutes), so that a change in the machine's load hits both alike.
  nlohmann::json cpp_rounds = nlohmann::json::array(), python_rounds = nlohmann::json::array();
  nlohmann::json rounds = nlohmann::json::array();
  std::string python_command;
  nlohmann::json python_versions = nullptr;
  for (uint32_t round = 1; round <= o.rounds; ++round) {
    const std::string name = "bench train: round " + std::to_string(round) + "/" +
                             std::to_string(o.rounds) + ": ";
    nlohmann::json python = nullptr;
    if (o.python) {
      report(name + "Python PyTorch, " + settings);
      python_command.clear();
      const nlohmann::json p = run_python(
          {o.python_exe, script, "--data", data_dir, "--layers", layers, "--levels",
           std::to_string(o.levels), "--pixel-levels", std::to_string(skeleton.pixel_levels),
           "--batch", std::to_string(batch), "--images", std::to_string(images), "--epochs",
           std::to_string(o.epochs), "--warmup", std::to_string(o.warmup), "--threads",
           std::to_string(threads), "--lr", number_text(options.lr), "--label-smoothing",
           number_text(options.label_smoothing), "--scale-init", options.scale_init,
           "--ste-window", options.ste_window, "--seed", std::to_string(options.seed)},
          &python_command);
      python = side_json({p.at("timed_steps").get<uint64_t>(), p.at("seconds").get<double>(),
                          p.at("cpu_seconds").get<double>(), p.at("loss").get<double>(),
                          p.at("train_accuracy").get<double>()},
                         batch);
      python_versions = {{"torch_version", p.value("torch_version", "")},
                         {"python_version", p.value("python_version", "")},
                         {"torch_threads", p.value("threads", 0)}};
      python_rounds.push_back(python);
    }
    report(name + "C++ (sw/train), " + settings);
    const nlohmann::json cpp =
        side_json(run_cpp(skeleton, options, o.warmup, train_set, test_set, report), batch);
    cpp_rounds.push_back(cpp);
    const double cpp_seconds = cpp["seconds_per_epoch"].get<double>();
    const auto seconds = [](const nlohmann::json& side) {
      return number_text(side["seconds_per_epoch"], 4) + " (CPU " +
             number_text(side["cpu_seconds_per_epoch"], 4) + ")";
    };
    std::string line = name + "s per 60k-image epoch: C++ " + seconds(cpp);
    nlohmann::json ratio = nullptr;
    if (o.python) {
      ratio = cpp_seconds / python["seconds_per_epoch"].get<double>();
      line += ", Python " + seconds(python) + ", ratio " + number_text(ratio, 4);
    }
    report(line);
    rounds.push_back({{"seconds_per_epoch_cpp", cpp_seconds},
                      {"seconds_per_epoch_python",
                       python.is_null() ? python : python["seconds_per_epoch"]},
                      {"ratio_cpp_over_python", ratio}});
  }
  const nlohmann::json load_end = load_average();

  const nlohmann::json cpp = side_summary(cpp_rounds);
  nlohmann::json python = nullptr, ratio = nullptr, cpu_ratio = nullptr;
  if (o.python) {
    python = side_summary(python_rounds);
    python.update(python_versions);
    python["command"] = python_command;
    ratio = cpp["seconds_per_epoch"].get<double>() / python["seconds_per_epoch"].get<double>();
    cpu_ratio = cpp["cpu_seconds_per_epoch"].get<double>() /
                python["cpu_seconds_per_epoch"].get<double>();
  }
  const auto field = [&](const nlohmann::json& side, const char* name) {
    return side.is_null() ? nlohmann::json(nullptr) : side[name];
  };
  return {
      {"benchmark", "train"},
      {"topology", o.topology},
      {"levels", o.levels},
      {"pixel_levels", skeleton.pixel_levels},
      {"batch", batch},
      {"optimizer", "Adam, lr " + number_text(options.lr) + " (epoch 1)"},
      {"label_smoothing", options.label_smoothing},
      {"scale_init", options.scale_init},
      {"ste_window", options.ste_window},
      {"threads", threads},
      {"seed", o.seed},
      {"data", data_dir},
      {"images", images},
      {"epochs", o.epochs},
      {"warmup_steps", o.warmup},
      {"rounds", o.rounds},
      {"epoch_images", kTrainBenchEpochImages},
      {"timing",
       "training steps only (forward, loss, backward, Adam step, clipping), the warm-up steps "
       "excluded; per round seconds_per_epoch = epoch_images / images_per_s, extrapolated "
       "from the timed steps; per side the median over the rounds, which alternate the sides"},
      {"seconds_per_epoch_cpp", cpp["seconds_per_epoch"]},
      {"seconds_per_epoch_python", field(python, "seconds_per_epoch")},
      {"images_per_s_cpp", cpp["images_per_s"]},
      {"images_per_s_python", field(python, "images_per_s")},
      {"ratio_cpp_over_python", ratio},
      {"cpu_ratio_cpp_over_python", cpu_ratio},
      {"target_ratio", kTargetRatio},
      {"meets_target", ratio.is_null() ? nlohmann::json(nullptr)
                                       : nlohmann::json(ratio.get<double>() <= kTargetRatio)},
      {"load_average", {{"start", load_start}, {"end", load_end}}},
      {"by_round", rounds},
      {"cpp", cpp},
      {"python", python},
  };
}

}  // namespace rebnet
