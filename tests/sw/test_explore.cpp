// `rebnet explore` end to end on a tiny MLP (784-32-10, one training epoch on a
// slice, from its float baseline): every row of results.json agrees with the individual commands
// (eval, simulate --mode cycle, synth), the spot-check co-simulation is clean,
// the report files exist, a second run is served from the cache, a log shows a line
// per task, and bad options are refused before any work starts. The plan's cache keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "explore/plan.h"
#include "explore/report.h"
#include "run_command.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using rebnet::test::rebnet;

json read_json(const fs::path& p) { return json::parse(std::ifstream(p)); }

// The lines of a run's output that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& out, const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) lines.push_back(line);
  return lines;
}

class Explore : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("explore-" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  std::string explore_args() const {
    return "explore --topologies 784-32-10 --levels 2 --epochs 1 --limit-train 2000 "
           "--images 300 --cycle-images 4 --cosim-images 3 --target-fps 100000 --out " +
           (dir_ / "out").string() + " --cache " + (dir_ / "cache").string();
  }
  fs::path dir_;
};

TEST_F(Explore, RowsAgreeWithTheIndividualCommands) {
  const auto run = rebnet(explore_args());
  ASSERT_EQ(run.status, 0) << run.out;
  // stderr is a pipe, not a terminal: no bar, one line per task (float baseline, the M = 2
  // model and its synthesis, 2 points of fast, cycle and cosim) with what remains. One M
  // keeps CI short: each M adds a training, a synthesis and an RTL twin build.
  EXPECT_EQ(run.out.find('\r'), std::string::npos) << run.out;
  const std::vector<std::string> lines = lines_starting(run.out, "explore: ");
  ASSERT_EQ(lines.size(), 9u) << run.out;
  EXPECT_EQ(lines[0].rfind("explore: done train 784-32-10 float (", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("s); 8 of 9 tasks left, "), std::string::npos) << lines[0];
  EXPECT_NE(lines.back().find("; 0 of 9 tasks left, 0 running"), std::string::npos) << lines.back();
  for (const char* f : {"results.json", "results.csv", "report.md", "accuracy_vs_fps.svg"})
    EXPECT_TRUE(fs::exists(dir_ / "out" / f)) << f;
  const json results = read_json(dir_ / "out" / "results.json");
  ASSERT_EQ(results["points"].size(), 2u);  // (M, k) = (2, 1), (2, 2)
  // Two-stage training: the float baseline is reported and every M starts from it.
  const json& baseline = results["baselines"]["784-32-10"];
  ASSERT_TRUE(baseline.is_number()) << results["baselines"];
  EXPECT_GT(baseline.get<double>(), 0.5);
  const fs::path folding = dir_ / "folding.json";
  for (const json& p : results["points"]) {
    SCOPED_TRACE(p.dump());
    for (const char* f : {"topology", "levels_trained", "levels_run", "folding", "accuracy_float",
                          "accuracy_int", "cycles_per_frame", "ideal_cycles_per_frame",
                          "latency_cycles", "clock_mhz", "frames_per_s", "lut", "ff", "bram18",
                          "dsp", "cosim_images", "cosim_mismatches"})
      EXPECT_TRUE(p.contains(f)) << f;
    EXPECT_EQ(p["cosim_mismatches"], 0);
    EXPECT_EQ(p["cosim_images"], 3);
    std::ofstream(folding) << p["folding"].dump();
    const std::string model = p["model"].get<std::string>();
    const json trained = read_json(fs::path(model).parent_path() / "train.json");
    ASSERT_TRUE(trained["init"].is_string()) << trained;
    EXPECT_EQ(trained["validation"], 0) << "the final fit trains on every image";
    EXPECT_EQ(trained["training_images"], 2000);
    EXPECT_TRUE(fs::exists(trained["init"].get<std::string>()));
    const std::string k = std::to_string(p["levels_run"].get<int>());

    const auto eval = rebnet("eval --model " + model + " --levels " + k + " --limit 300 --json " +
                             (dir_ / "eval.json").string());
    ASSERT_EQ(eval.status, 0) << eval.out;
    EXPECT_EQ(read_json(dir_ / "eval.json")["accuracy"], p["accuracy_int"]);

    const auto sim = rebnet("simulate --mode cycle --model " + model + " --folding " +
                            folding.string() + " --levels " + k + " --images 30 --json " +
                            (dir_ / "sim.json").string());
    ASSERT_EQ(sim.status, 0) << sim.out;
    const json s = read_json(dir_ / "sim.json");
    EXPECT_EQ(s["cycles_per_frame"], p["cycles_per_frame"]);
    EXPECT_EQ(s["latency_cycles"], p["latency_cycles"]);

    const auto synth = rebnet("synth --model " + model + " --folding " + folding.string() +
                              " --cache " + (dir_ / "cache" / "synth").string() + " --json " +
                              (dir_ / "synth.json").string());
    ASSERT_EQ(synth.status, 0) << synth.out;
    const json y = read_json(dir_ / "synth.json");
    for (const char* f : {"lut", "ff", "bram18", "dsp"}) EXPECT_EQ(y[f], p[f]) << f;
  }
  // A second run only reads the cache.
  const auto again = rebnet(explore_args());
  ASSERT_EQ(again.status, 0) << again.out;
  const std::vector<std::string> cached = lines_starting(again.out, "explore: ");
  ASSERT_EQ(cached.size(), 9u) << again.out;
  EXPECT_TRUE(std::all_of(cached.begin(), cached.end(), [](const std::string& l) {
    return l.rfind("explore: cached ", 0) == 0;
  })) << again.out;
  EXPECT_EQ(read_json(dir_ / "out" / "results.json")["points"], results["points"]);
}

TEST_F(Explore, RefusesBadOptionsBeforeWork) {
  struct Bad {
    std::string args;
    std::string message;
  };
  const std::string out = " --out " + (dir_ / "bad").string() + " --cache " + (dir_ / "bad").string();
  const std::vector<Bad> cases = {
      {"explore --topologies nosuch" + out, "nosuch"},
      {"explore --levels ," + out, "--levels: the list is empty"},
      {"explore --levels 9" + out, "not a level count in 1..8"},
      {"explore --target-fps 1e12" + out, "exceeds one frame per cycle"},
      {"explore --target-fps 20000000" + out, "is impossible"},
      {"explore --board zedboard" + out, "expected pynq-z2 or zcu104"},
      {"explore --limit-train 100 --validation 99" + out, "leaves fewer than 2 of the 100"},
  };
  for (const Bad& c : cases) {
    const auto r = rebnet(c.args);
    EXPECT_NE(r.status, 0) << c.args;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.args << "\n" << r.out;
    EXPECT_FALSE(fs::exists(dir_ / "bad" / "models")) << "work started: " << c.args;
  }
}

// The plan's keys: a model directory is named by what decides the training and the data
// directory's hash, the same as before (warm caches stay warm); a result key also hashes
// the executable, so a rebuilt tool re-measures but keeps the models.
TEST(ExplorePlan, KeysNameTheTrainingAndTheTool) {
  const fs::path dir = fs::path(testing::TempDir()) / "explore-plan";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "exe") << "one build";
  rebnet::explore::Settings s;
  s.topologies = {"784-32-10"};
  s.levels = {1, 2};
  s.foldings["784-32-10"] = rebnet::parse_folding(
      R"({"layers": [{"pe": 2, "simd": 112}, {"pe": 1, "simd": 1}]})", "test");
  s.data_dir = "/usr/share/datasets/fashion-mnist";  // need not exist
  s.epochs = 1;
  s.limit_train = 2000;
  s.cache = dir / "cache";
  s.exe = (dir / "exe").string();
  const rebnet::explore::Plan plan = rebnet::explore::plan_explore(s);
  EXPECT_FALSE(fs::exists(s.cache)) << "planning writes nothing";
  ASSERT_EQ(plan.tasks.size(), 14u);
  ASSERT_EQ(plan.points.size(), 3u);
  const fs::path models = s.cache / "models";
  EXPECT_EQ(plan.tasks[0].name, "train 784-32-10 float");
  EXPECT_EQ(plan.tasks[0].result, models / "784-32-10-float-P8-e1-s1-v0-n2000-661f2da7" / "train.json");
  EXPECT_EQ(plan.points[2].model, models / "784-32-10-M2-f-P8-e1-s1-v0-n2000-661f2da7" / "model.rbm");
  EXPECT_EQ(plan.baseline_json.at("784-32-10"), plan.tasks[0].result);
  std::ofstream(dir / "exe") << "another build";
  const rebnet::explore::Plan rebuilt = rebnet::explore::plan_explore(s);
  for (size_t i = 0; i < plan.points.size(); ++i) {
    EXPECT_EQ(rebuilt.points[i].model, plan.points[i].model);
    EXPECT_NE(rebuilt.points[i].fast, plan.points[i].fast);
    EXPECT_NE(rebuilt.points[i].cosim, plan.points[i].cosim);
  }
}

TEST(ExploreReport, CsvAndPlotCarryEveryPoint) {
  const json points = json::parse(R"([
    {"topology": "sfc", "levels_trained": 1, "levels_run": 1, "accuracy_float": 0.89,
     "accuracy_int": 0.885, "cycles_per_frame": 500, "ideal_cycles_per_frame": 500,
     "bound_by": "u_l0_mvtu", "latency_cycles": 900, "clock_mhz": 100, "frames_per_s": 200000,
     "lut": 5000, "ff": 3000, "bram18": 10, "dsp": 1, "lutram": 0, "cosim_images": 20,
     "cosim_mismatches": 0, "folding": {"layers": [{"pe": 4, "simd": 16}, {}]}},
    {"topology": "sfc", "levels_trained": 2, "levels_run": 2, "accuracy_float": null,
     "accuracy_int": 0.891, "cycles_per_frame": 1000, "ideal_cycles_per_frame": 1000,
     "bound_by": "u_l1_mvtu", "latency_cycles": 1500, "clock_mhz": 100, "frames_per_s": 100000,
     "lut": 6000, "ff": 3500, "bram18": 11, "dsp": 1, "lutram": 0, "cosim_images": null,
     "cosim_mismatches": null, "folding": {"layers": [{"pe": 4, "simd": 16}, {}]}}])");
  const std::string csv = rebnet::explore::points_csv(points);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);
  EXPECT_NE(csv.find("sfc,2,2,,0.891,1000,1000,u_l1_mvtu"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"4/16 -\""), std::string::npos) << csv;
  const std::string svg = rebnet::explore::plot_svg(points);
  EXPECT_NE(svg.find("sfc (M1, k1)"), std::string::npos);
  EXPECT_NE(svg.find("sfc (M2, k2)"), std::string::npos);
  EXPECT_NE(svg.find("frames per second"), std::string::npos);
  EXPECT_NE(svg.find("accuracy"), std::string::npos);
  const std::string md = rebnet::explore::report_markdown(
      points, json::object(), json::parse(R"({"sfc": 0.9052})"), "plot.svg");
  EXPECT_NE(md.find("| sfc | 2 | 2 |  | 89.10 | 1000 | 1000 | `u_l1_mvtu`"), std::string::npos) << md;
  EXPECT_NE(md.find("Float baseline of sfc (full precision, the starting point of every M): "
                    "90.52 %"),
            std::string::npos)
      << md;
}

}  // namespace
