// The explore scheduler: critical-path ranks, and a free worker takes the ready task
// on the longest chain (not the first one listed), dependencies first; and what a log
// (stderr not a terminal) shows of a running plan: one line per finished task.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "explore/run.h"
#include "explore/task_graph.h"

namespace {

namespace fs = std::filesystem;
using rebnet::explore::Task;

// What `run` writes to stderr, which is a file meanwhile (not a terminal).
std::string stderr_of(const std::function<void()>& run) {
  const fs::path file = fs::path(testing::TempDir()) / "task-graph-stderr.txt";
  std::fflush(stderr);
  const int saved = ::dup(STDERR_FILENO);
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ::dup2(fd, STDERR_FILENO);
  ::close(fd);
  run();
  std::fflush(stderr);
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  std::ifstream in(file);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The lines of `text`, every duration "(12s" written "(Ns" (a loaded machine may take a
// second to start `true`).
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(std::regex_replace(line, std::regex("\\(\\d+s"), "(Ns"));
  return lines;
}

// Tasks that run `true`: index 0 is a cheap lone task, 1 -> 2 a costly chain, 3 a
// cheap task after 1.
std::vector<Task> chain_after_lone_task(const fs::path& dir) {
  auto task = [&](const std::string& name, std::vector<size_t> deps, double cost) {
    return Task{name, {"true"}, dir / (name + ".json"), dir / (name + ".log"), deps, false, cost};
  };
  return {task("lone", {}, 5), task("train", {}, 100), task("synth", {1}, 300),
          task("cosim", {1}, 10)};
}

TEST(TaskGraph, CriticalPathAddsTheCostliestChainOfDependents) {
  const std::vector<double> rank = rebnet::explore::critical_path(chain_after_lone_task("/x"));
  EXPECT_EQ(rank, (std::vector<double>{5, 400, 300, 10}));
}

TEST(TaskGraph, OneWorkerRunsTheLongestChainFirst) {
  const fs::path dir = fs::path(testing::TempDir()) / "task-graph";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<Task> tasks = chain_after_lone_task(dir);
  std::vector<std::string> order;
  const auto outcomes = rebnet::explore::run_tasks(
      tasks, 1, [&](size_t i, const rebnet::explore::TaskOutcome&, const rebnet::explore::TaskCounts&) {
        order.push_back(tasks[i].name);
      });
  EXPECT_EQ(order, (std::vector<std::string>{"train", "synth", "cosim", "lone"}));
  for (const auto& o : outcomes) {
    EXPECT_TRUE(o.ran);
    EXPECT_EQ(o.exit_code, 0);
  }
}

TEST(TaskGraph, CountsWhatIsLeftAndRunningAfterEachTask) {
  const fs::path dir = fs::path(testing::TempDir()) / "task-graph-counts";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // The sleeping task ranks first, so it is running when the quick one finishes.
  std::vector<Task> tasks = {
      Task{"quick", {"true"}, dir / "quick.json", dir / "quick.log", {}, false, 1},
      Task{"slow", {"sleep", "1"}, dir / "slow.json", dir / "slow.log", {}, false, 10}};
  std::vector<std::string> seen;
  rebnet::explore::run_tasks(tasks, 2, [&](size_t i, const rebnet::explore::TaskOutcome&,
                                           const rebnet::explore::TaskCounts& c) {
    seen.push_back(tasks[i].name + " " + std::to_string(c.left) + "/" + std::to_string(c.total) +
                   " " + std::to_string(c.running));
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"quick 1/2 1", "slow 0/2 0"}));
}

// `rebnet explore` > log 2>&1: one line per finished task with its time (or "cached")
// and what remains; no bar, no 25 % lines.
TEST(TaskGraph, LogShowsOneLinePerFinishedTask) {
  const fs::path dir = fs::path(testing::TempDir()) / "task-graph-log";
  fs::remove_all(dir);
  rebnet::explore::Plan plan;
  plan.tasks = chain_after_lone_task(dir);
  // The co-simulation finds mismatches: it writes its result and exits 1.
  plan.tasks[3].argv = {"sh", "-c", "echo {} > " + plan.tasks[3].result.string() + "; exit 1"};
  plan.tasks[3].may_fail = true;
  plan.directories = {dir};
  plan.files[dir / "lone.json"] = "{}\n";  // the lone task's result is cached
  const std::string log = stderr_of([&] { rebnet::explore::run_plan(plan, 1); });
  EXPECT_EQ(lines_of(log), (std::vector<std::string>{
                               "explore: done train (Ns); 3 of 4 tasks left, 0 running",
                               "explore: done synth (Ns); 2 of 4 tasks left, 0 running",
                               "explore: failed cosim (Ns, exit 1); 1 of 4 tasks left, 0 running",
                               "explore: cached lone; 0 of 4 tasks left, 0 running"}))
      << log;
}

TEST(TaskGraph, DurationsReadAsMinutesAndHours) {
  using rebnet::explore::duration_text;
  EXPECT_EQ(duration_text(0.3), "0s");
  EXPECT_EQ(duration_text(45.4), "45s");
  EXPECT_EQ(duration_text(192), "3m12s");
  EXPECT_EQ(duration_text(3600 + 5 * 60), "1h05m00s");
}

}  // namespace
