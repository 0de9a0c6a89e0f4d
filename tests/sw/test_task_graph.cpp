// The explore scheduler: critical-path ranks, and a free worker takes the ready task
// on the longest chain (not the first one listed), dependencies first.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "explore/task_graph.h"

namespace {

namespace fs = std::filesystem;
using rebnet::explore::Task;

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
      tasks, 1, [&](size_t i, const rebnet::explore::TaskOutcome&) { order.push_back(tasks[i].name); });
  EXPECT_EQ(order, (std::vector<std::string>{"train", "synth", "cosim", "lone"}));
  for (const auto& o : outcomes) {
    EXPECT_TRUE(o.ran);
    EXPECT_EQ(o.exit_code, 0);
  }
}

}  // namespace
