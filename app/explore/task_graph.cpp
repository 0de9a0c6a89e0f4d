#include "explore/task_graph.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "contract/error.h"
#include "rtlgen/tool_run.h"

namespace rebnet::explore {

std::vector<double> critical_path(const std::vector<Task>& tasks) {
  // Dependencies point to earlier tasks or later ones alike: relax until stable
  // (at most one pass per task on a DAG).
  std::vector<double> rank(tasks.size());
  for (size_t i = 0; i < tasks.size(); ++i) rank[i] = tasks[i].cost;
  for (size_t pass = 0; pass < tasks.size(); ++pass) {
    bool moved = false;
    for (size_t i = 0; i < tasks.size(); ++i)
      for (size_t d : tasks[i].deps)
        if (rank[d] < tasks[d].cost + rank[i]) {
          rank[d] = tasks[d].cost + rank[i];
          moved = true;
        }
    if (!moved) break;
  }
  return rank;
}

std::vector<TaskOutcome> run_tasks(const std::vector<Task>& tasks, unsigned workers,
                                   const TaskDone& on_done) {
  enum class State { Waiting, Running, Done, Failed };
  std::vector<State> state(tasks.size(), State::Waiting);
  std::vector<TaskOutcome> outcomes(tasks.size());
  std::mutex mutex;
  std::condition_variable changed;
  std::string failure;
  const std::vector<double> rank = critical_path(tasks);

  auto ready = [&](size_t i) {
    for (size_t d : tasks[i].deps)
      if (state[d] != State::Done) return false;
    return state[i] == State::Waiting;
  };
  auto finished = [&] {
    for (State s : state)
      if (s == State::Waiting || s == State::Running) return false;
    return true;
  };
  auto worker = [&] {
    std::unique_lock lock(mutex);
    for (;;) {
      size_t pick = tasks.size();
      changed.wait(lock, [&] {
        if (!failure.empty() || finished()) return true;
        for (size_t i = 0; i < tasks.size(); ++i)
          if (ready(i) && (pick == tasks.size() || rank[i] > rank[pick])) pick = i;
        return pick != tasks.size();
      });
      if (pick == tasks.size()) return;  // failed or finished
      state[pick] = State::Running;
      const Task& t = tasks[pick];
      TaskOutcome outcome;
      if (!std::filesystem::exists(t.result)) {
        lock.unlock();
        std::filesystem::create_directories(t.log.parent_path());
        rtlgen::ToolResult r;
        std::string error;
        try {
          r = rtlgen::run_tool(t.argv, std::filesystem::current_path(), t.log, {});
        } catch (const Error& e) {
          error = e.what();
        }
        lock.lock();
        outcome.ran = true;
        outcome.exit_code = error.empty() ? r.exit_code : -1;
        outcome.seconds = r.seconds;
        const bool ok = outcome.exit_code == 0 || (t.may_fail && std::filesystem::exists(t.result));
        if (!ok && failure.empty())
          failure = t.name + " failed (exit " + std::to_string(outcome.exit_code) + ")" +
                    (error.empty() ? "" : ": " + error) + "; see " + t.log.string();
        state[pick] = ok ? State::Done : State::Failed;
      } else {
        state[pick] = State::Done;
      }
      outcomes[pick] = outcome;
      if (on_done) {
        TaskCounts counts{tasks.size(), 0, 0};
        for (State s : state) {
          counts.left += s == State::Waiting || s == State::Running;
          counts.running += s == State::Running;
        }
        on_done(pick, outcome, counts);
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < std::max(1u, workers); ++w) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  if (!failure.empty()) throw Error(failure);
  return outcomes;
}

}  // namespace rebnet::explore
