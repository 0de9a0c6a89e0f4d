#include "explore/results.h"

#include <iostream>
#include <fstream>

#include "contract/error.h"
#include "explore/report.h"

namespace rebnet::explore {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json read_json_file(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read " + path.string());
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw Error(path.string() + ": malformed JSON (" + e.what() + "); delete it to redo the task");
  }
}

json point_json(const PlannedPoint& p, double clock_mhz) {
  const json train = read_json_file(p.train_json);
  const json fast = read_json_file(p.fast);
  const json cycle = read_json_file(p.cycle);
  // The cycle-accurate sample must agree with the fast mode's clock.
  if (cycle["cycles_per_frame"] != fast["cycles_per_frame"] && cycle["frames"].get<int>() >= 2)
    std::cerr << "warning: " << p.topology << " M=" << p.m << " k=" << p.k
              << ": cycle mode measured " << cycle["cycles_per_frame"] << " cycles/frame, fast "
              << fast["cycles_per_frame"] << "\n";
  json point = {{"topology", p.topology},
                {"levels_trained", p.m},
                {"levels_run", p.k},
                {"folding", json::parse(p.folding_json)},
                {"accuracy_float", p.k == p.m ? train["accuracy_float"] : json()},
                {"accuracy_int", fast["accuracy"]},
                {"cycles_per_frame", fast["cycles_per_frame"]},
                {"ideal_cycles_per_frame", fast["ideal_cycles_per_frame"]},
                {"bound_by", fast["bound_by"]},
                {"latency_cycles", fast["latency_cycles"]},
                {"clock_mhz", clock_mhz},
                {"frames_per_s", fast["frames_per_s"]},
                {"cycle_check_frames", cycle["frames"]},
                {"cycle_check_cycles_per_frame", cycle["cycles_per_frame"]},
                {"cycle_check_mismatches", cycle["mismatches_vs_golden"]},
                {"lut", nullptr}, {"ff", nullptr}, {"bram18", nullptr}, {"dsp", nullptr},
                {"lutram", nullptr}, {"cosim_images", nullptr}, {"cosim_mismatches", nullptr},
                {"model", p.model.string()}};
  if (!p.synth.empty()) {
    const json s = read_json_file(p.synth);
    for (const char* f : {"lut", "ff", "bram18", "dsp", "lutram"}) point[f] = s[f];
  }
  if (!p.cosim.empty()) {
    const json c = read_json_file(p.cosim);
    point["cosim_images"] = c["frames"];
    point["cosim_mismatches"] = c["mismatches"];
  }
  return point;
}

}  // namespace

Report make_report(const Plan& plan, const Settings& s) {
  json points = json::array();
  for (const PlannedPoint& p : plan.points) points.push_back(point_json(p, s.clock_mhz));
  const bool searched = s.folding_path.empty();
  const json settings = {{"topologies", s.topologies}, {"levels", s.levels}, {"epochs", s.epochs},
                         {"target_fps", searched ? json(s.target_fps) : json()},
                         {"folding", searched ? json("search") : json(s.folding_path)},
                         {"clock_mhz", s.clock_mhz}, {"board", s.board}, {"seed", s.seed},
                         {"validation", s.validation},
                         {"training", s.single_stage ? "single-stage" : "from the float baseline"}};
  json baselines = json::object();
  for (const auto& [t, path] : plan.baseline_json)
    baselines[t] = read_json_file(path)["accuracy_float"];
  Report r;
  r.csv = points_csv(points);
  r.svg = plot_svg(points);
  r.markdown = report_markdown(points, settings, baselines, kPlotFile);
  const size_t table = r.markdown.find("| topology");
  r.table = r.markdown.substr(table, r.markdown.find("\nFoldings") - table);
  for (const json& p : points)
    r.cosim_failures +=
        p["cosim_mismatches"].is_number() && p["cosim_mismatches"].get<uint64_t>() != 0;
  r.results = {{"settings", settings}, {"baselines", baselines}, {"points", std::move(points)}};
  return r;
}

}  // namespace rebnet::explore
