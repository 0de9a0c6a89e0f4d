// `rebnet simulate` end to end: JSON fields, fast mode against cycle mode, and
// bad input refused with a one-line message before simulation starts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "run_command.h"

namespace {

namespace fs = std::filesystem;
using rebnet::test::rebnet;

class SimulateCli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("simulate-" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_EQ(rebnet("random-model --topology sfc --levels 2 --out " + path("m.rbm")).status, 0);
    write("f.json", R"({"layers": [{"pe": 16, "simd": 64}, {"pe": 16, "simd": 32},
                                  {"pe": 8, "simd": 64}, {"pe": 10, "simd": 16}]})");
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name)) << text;
  }
  nlohmann::json read_json(const std::string& name) const {
    return nlohmann::json::parse(std::ifstream(path(name)));
  }
  std::string simulate(const std::string& extra) const {
    return "simulate --model " + path("m.rbm") + " --folding " + path("f.json") + " " + extra;
  }
  fs::path dir_;
};

TEST_F(SimulateCli, CycleAndFastModesAgree) {
  const auto cycle = rebnet(simulate("--random-inputs 30 --stall 0 --json " + path("c.json")));
  ASSERT_EQ(cycle.status, 0) << cycle.out;
  const auto fast = rebnet(simulate("--random-inputs 30 --mode fast --json " + path("f2.json")));
  ASSERT_EQ(fast.status, 0) << fast.out;
  const nlohmann::json c = read_json("c.json"), f = read_json("f2.json");
  for (const char* field : {"cycles_per_frame", "ideal_cycles_per_frame", "latency_cycles",
                            "frames", "mismatches_vs_golden", "sim_cycles_per_s", "per_layer"})
    EXPECT_TRUE(c.contains(field)) << field;
  EXPECT_EQ(c["mismatches_vs_golden"], 0);
  EXPECT_EQ(c["frames"], 30);
  EXPECT_EQ(c["cycles_per_frame"], f["cycles_per_frame"]);
  EXPECT_EQ(c["latency_cycles"], f["latency_cycles"]);
  EXPECT_EQ(c["sim_cycles"], f["sim_cycles"]);
  EXPECT_EQ(c["per_layer"].size(), 4u);
  EXPECT_EQ(c["cycles_per_frame"], c["ideal_cycles_per_frame"]);
}

TEST_F(SimulateCli, StallsKeepEveryFrame) {
  const auto r = rebnet(simulate("--random-inputs 10 --stall 0.3 --in-gap 0.3 --levels 1 --json " +
                                 path("s.json")));
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json j = read_json("s.json");
  EXPECT_EQ(j["mismatches_vs_golden"], 0);
  EXPECT_EQ(j["protocol_errors"], 0);
  EXPECT_EQ(j["levels"], 1);
}

TEST_F(SimulateCli, RefusesBadInputBeforeSimulating) {
  struct Bad {
    std::string args;
    std::string message;
  };
  write("short.json", R"({"layers": [{"pe": 16, "simd": 64}]})");
  write("broken.json", R"({"layers": [)");
  const std::string model = " --model " + path("m.rbm");
  const std::vector<Bad> cases = {
      {"simulate" + model + " --folding " + path("short.json") + " --random-inputs 2",
       "1 layer entries but the model has 4 layers"},
      {"simulate" + model + " --folding " + path("broken.json") + " --random-inputs 2",
       "malformed JSON"},
      {"simulate" + model + " --folding " + path("missing.json") + " --random-inputs 2",
       "cannot open"},
      {simulate("--random-inputs 2 --levels 3"), "--levels = 3 exceeds the model's 2 levels"},
      {simulate("--random-inputs 2 --mode slow"), "--mode = slow"},
      {simulate("--random-inputs 2 --stall 1.5"), "--stall = 1.5: expected a probability"},
      {simulate("--random-inputs 2 --mode fast --stall 0.2"), "apply to --mode cycle only"},
  };
  for (const Bad& c : cases) {
    const auto r = rebnet(c.args);
    EXPECT_NE(r.status, 0) << c.args;
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.args << "\n" << r.out;
    EXPECT_EQ(r.out.find("simulate cycle ["), std::string::npos) << "simulation started: " << c.args;
  }
}

TEST_F(SimulateCli, WritesAVcdTrace) {
  const auto r = rebnet(simulate("--random-inputs 1 --trace " + path("waves.vcd")));
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream vcd(path("waves.vcd"));
  const std::string text((std::istreambuf_iterator<char>(vcd)), std::istreambuf_iterator<char>());
  for (const char* name : {"l0_mvtu_valid", "u_l1_mvtu", "u_label_select", "acc_q", "$enddefinitions"})
    EXPECT_NE(text.find(name), std::string::npos) << name;
}

}  // namespace
