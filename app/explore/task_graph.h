// A small build system for `rebnet explore`: tasks are runs of the `rebnet`
// executable (train, simulate, synth, cosim) with dependencies, run by a pool
// of worker threads, each task's output going to its own log. A task whose
// result file already exists is skipped, so an interrupted exploration resumes
// where it stopped. Among ready tasks a free worker takes the one with the longest
// estimated path to the end (its cost plus its costliest chain of dependents), so
// the slowest chain (the largest model's training, then its synthesis) starts first.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace rebnet::explore {

struct Task {
  std::string name;                 // shown in progress and errors
  std::vector<std::string> argv;    // the command line
  std::filesystem::path result;     // written by the command on success
  std::filesystem::path log;        // its stdout and stderr
  std::vector<size_t> deps;         // tasks that must succeed first
  bool may_fail = false;            // a non-zero exit is recorded, not fatal (e.g. cosim mismatch)
  double cost = 1;                  // estimated seconds; only its ratio to other tasks' matters
};

// For each task, its cost plus the largest such sum over the tasks that depend on it.
std::vector<double> critical_path(const std::vector<Task>& tasks);

struct TaskOutcome {
  bool ran = false;      // false: the result was cached
  int exit_code = 0;
  double seconds = 0;
};

// The graph as a task finishes, that task no longer counted: tasks not finished yet
// (waiting or running) and, of those, the ones running.
struct TaskCounts {
  size_t total = 0, left = 0, running = 0;
};

// Called with a finished task's index, outcome and the counts after it.
using TaskDone = std::function<void(size_t, const TaskOutcome&, const TaskCounts&)>;

// Runs `tasks` on `workers` threads; `on_done` is called (under the scheduler's
// lock) after each task. Throws rebnet::Error naming the task and its
// log when a task that may not fail fails; its dependents never start.
std::vector<TaskOutcome> run_tasks(const std::vector<Task>& tasks, unsigned workers,
                                   const TaskDone& on_done);

}  // namespace rebnet::explore
