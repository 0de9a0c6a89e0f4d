#include "explore/run.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "cli/command.h"
#include "cli/progress.h"

namespace rebnet::explore {

namespace fs = std::filesystem;

void run_plan(const Plan& plan, unsigned jobs) {
  for (const fs::path& dir : plan.directories) fs::create_directories(dir);
  for (const auto& [path, text] : plan.files) std::ofstream(path) << text;
  cli::Progress progress("explore", plan.tasks.size(), cli::Progress::Log::EachItem);
  run_tasks(plan.tasks, jobs, [&](size_t i, const TaskOutcome& o, const TaskCounts& counts) {
    const Task& t = plan.tasks[i];
    progress.item_done(
        t.name + (o.ran ? " done in " + cli::number_text(std::round(o.seconds)) + " s" : " (cached)"),
        task_line(t, o, counts));
  });
  progress.finish();
}

std::string task_line(const Task& task, const TaskOutcome& outcome, const TaskCounts& counts) {
  std::string line;
  if (!outcome.ran)
    line = "cached " + task.name;
  else if (outcome.exit_code == 0)
    line = "done " + task.name + " (" + duration_text(outcome.seconds) + ")";
  else
    line = "failed " + task.name + " (" + duration_text(outcome.seconds) + ", exit " +
           std::to_string(outcome.exit_code) + ")";
  return line + "; " + std::to_string(counts.left) + " of " + std::to_string(counts.total) +
         " tasks left, " + std::to_string(counts.running) + " running";
}

std::string duration_text(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  char text[48];
  if (s < 60)
    std::snprintf(text, sizeof text, "%lds", s);
  else if (s < 3600)
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%ldh%02ldm%02lds", s / 3600, s % 3600 / 60, s % 60);
  return text;
}

}  // namespace rebnet::explore
