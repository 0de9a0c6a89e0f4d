// The plan of `rebnet explore`: which runs of the other subcommands (train, simulate,
// synth, cosim) measure every point (topology, trained level count M, run-time level
// count k), with their dependencies and cache keys. Planning only reads (the
// executable and the RTL for the result keys, checkpoints for --resume); run_plan
// (explore/run.h) creates the cache directories and folding files and runs the tasks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "explore/task_graph.h"
#include "plan/folding.h"

namespace rebnet::explore {

// What `rebnet explore` was asked for, checked (the defaults are the command's).
struct Settings {
  std::vector<std::string> topologies;
  std::vector<uint32_t> levels;                      // trained level counts M
  std::map<std::string, NetworkFolding> foldings;    // by topology, fitting every M
  std::string folding_path;                          // --folding; empty: the search
  std::string board = "pynq-z2";
  std::string data_dir = REBNET_DEFAULT_DATA_DIR;
  uint32_t epochs = 30, pixel_levels = 8, jobs = 2;
  uint64_t seed = 1, limit_train = 0, validation = 0, cycle_images = 20, cosim_images = 20,
           images = 0;
  double target_fps = 200000, clock_mhz = 100, cosim_stall = 0.3;
  bool no_synth = false, no_cosim = false, single_stage = false;
  std::filesystem::path out, cache;  // absolute
  std::string exe;                   // the rebnet executable the tasks run (and the result keys hash)
};

// The files of one point's measurements; synth and cosim are empty when skipped.
struct PlannedPoint {
  std::string topology;
  uint32_t m = 0, k = 0;
  std::filesystem::path train_json, model, fast, cycle, synth, cosim;
  std::string folding_json;
};

struct Plan {
  std::vector<Task> tasks;
  std::vector<PlannedPoint> points;
  std::map<std::string, std::filesystem::path> baseline_json;  // topology -> its float baseline's
  std::vector<std::filesystem::path> directories;              // created before the tasks run
  std::map<std::filesystem::path, std::string> files;          // written before the tasks run
};

// Model keys name the training inputs; result keys add the executable, the RTL, the
// folding and the command, so a rebuilt tool or changed RTL re-measures but keeps models.
Plan plan_explore(const Settings& settings);

}  // namespace rebnet::explore
