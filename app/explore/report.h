// The outputs of `rebnet explore`: the points as CSV, a Markdown report with
// the table and what bounds each point, and an SVG plot of accuracy against
// frames per second (marker area proportional to LUTs, each point labelled
// with its trained and run-time level counts).
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace rebnet::explore {

// The columns of results.csv and of the report's table, in order.
const std::vector<std::string>& csv_columns();

std::string points_csv(const nlohmann::json& points);
// `settings` describes the run (topologies, clock, board, epochs) for the header;
// `baselines` maps a topology to its float baseline's test accuracy (may be empty).
std::string report_markdown(const nlohmann::json& points, const nlohmann::json& settings,
                            const nlohmann::json& baselines, const std::string& plot_file);
std::string plot_svg(const nlohmann::json& points);

}  // namespace rebnet::explore
