// Reporting a run of `rebnet explore`: the measurements of every planned point read
// back from the cache into the points of results.json, and every output made from
// them (explore/report.h), for the command to write and print.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "explore/plan.h"

namespace rebnet::explore {

// The plot's file name, as report.md links it.
inline constexpr const char* kPlotFile = "accuracy_vs_fps.svg";

struct Report {
  nlohmann::json results;  // results.json: settings, baselines, points
  std::string csv;         // results.csv
  std::string markdown;    // report.md
  std::string svg;         // kPlotFile
  std::string table;       // the table of report.md, as explore prints it
  uint64_t cosim_failures = 0;  // points whose co-simulation spot check mismatched
};

// Reads the results of `plan`'s tasks (all finished); warns on stderr where a point's
// cycle-accurate sample disagrees with its fast mode.
Report make_report(const Plan& plan, const Settings& settings);

}  // namespace rebnet::explore
