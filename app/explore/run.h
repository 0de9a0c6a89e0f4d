// Running the plan of `rebnet explore` (explore/plan.h) on the task scheduler, with
// its progress on stderr.
#pragma once

#include <string>

#include "explore/plan.h"
#include "explore/task_graph.h"

namespace rebnet::explore {

// Creates the plan's directories and files, then runs its tasks on `jobs` workers.
// Progress goes to stderr: on a terminal a bar followed by the last finished task; in a
// log one line per finished task (task_line), "explore: done train sfc M=2 (3m12s); 7 of
// 19 tasks left, 2 running". Throws as run_tasks does.
void run_plan(const Plan& plan, unsigned jobs);

// A finished task as a log shows it, e.g. "done train sfc M=2 (3m12s); 7 of 19 tasks
// left, 2 running", "cached simulate fast sfc M=1 k=1; 18 of 19 tasks left, 0 running",
// or "failed cosim sfc M=1 k=1 (40s, exit 1); ...".
std::string task_line(const Task& task, const TaskOutcome& outcome, const TaskCounts& counts);

// Seconds as "45s", "3m12s" or "1h05m00s".
std::string duration_text(double seconds);

}  // namespace rebnet::explore
