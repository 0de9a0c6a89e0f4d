// `rebnet bench sim` and `rebnet cosim --rtl-only` end to end on a small MLP
// (784-32-10, M = 2). The RTL twin comes from the co-simulation test cache
// (REBNET_COSIM_TEST_CACHE), built by the first run. No timing is asserted: only
// that every rate is measured and positive and that every contender is correct.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "run_command.h"

namespace {

namespace fs = std::filesystem;
using rebnet::test::rebnet;

class BenchSim : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("bench-sim-" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    const auto made = rebnet("random-model --topology 784-32-10 --levels 2 --seed 3 --out " + path("m.rbm"));
    ASSERT_EQ(made.status, 0) << made.out;
    std::ofstream(path("f.json")) << R"({"layers": [{"pe": 8, "simd": 64}, {"pe": 10, "simd": 32}]})";
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string config() const {
    return " --model " + path("m.rbm") + " --folding " + path("f.json") +
           " --cache " + REBNET_COSIM_TEST_CACHE + " --jobs 2";
  }
  nlohmann::json read_json(const std::string& name) const {
    return nlohmann::json::parse(std::ifstream(path(name)));
  }
  fs::path dir_;
};

TEST_F(BenchSim, ReportsEveryRate) {
  const auto r = rebnet("bench sim --frames 5 --fast-frames 50" + config() + " --json " + path("b.json"));
  ASSERT_EQ(r.status, 0) << r.out;
  const nlohmann::json j = read_json("b.json");
  EXPECT_EQ(j["benchmark"], "sim");
  for (const char* field : {"sim_cycles_per_s_cycle", "sim_cycles_per_s_fast", "sim_cycles_per_s_rtl",
                            "fast_vs_cycle", "cycle_vs_rtl"}) {
    ASSERT_TRUE(j.contains(field) && j[field].is_number()) << field << "\n" << j.dump(2);
    EXPECT_GT(j[field].get<double>(), 0) << field;
  }
  for (const char* field : {"targets", "meets_targets", "frames", "sim_cycles", "cycles_per_frame",
                            "wall_seconds", "load_average", "contenders"})
    EXPECT_TRUE(j.contains(field)) << field;
  EXPECT_EQ(j["frames"]["cycle"], 5);
  EXPECT_EQ(j["frames"]["rtl"], 5);
  EXPECT_EQ(j["frames"]["fast"], 50);
  for (const char* c : {"cycle", "fast", "rtl"}) {
    EXPECT_GT(j["sim_cycles"][c].get<uint64_t>(), 0u) << c;
    EXPECT_EQ(j["contenders"][c]["result"]["mismatches_vs_golden"], 0) << c;
  }
  // The same frames take the same clock in the SystemC model and in the RTL.
  EXPECT_EQ(j["sim_cycles"]["cycle"], j["sim_cycles"]["rtl"]);
  EXPECT_EQ(j["cycles_per_frame"]["cycle"], j["cycles_per_frame"]["rtl"]);
  EXPECT_EQ(j["cycles_per_frame"]["cycle"], j["cycles_per_frame"]["fast"]);
}

TEST_F(BenchSim, RtlOnlyFollowsTheRtlsHandshakes) {
  const std::string run = " --random-inputs 8 --stall 0.3 --seed 5" + config();
  const auto alone = rebnet("cosim --rtl-only" + run + " --json " + path("rtl.json"));
  ASSERT_EQ(alone.status, 0) << alone.out;
  const auto lockstep = rebnet("cosim" + run + " --json " + path("lockstep.json"));
  ASSERT_EQ(lockstep.status, 0) << lockstep.out;
  const nlohmann::json a = read_json("rtl.json"), l = read_json("lockstep.json");
  EXPECT_EQ(a["mode"], "rtl-only");
  EXPECT_EQ(a["frames"], 8);
  EXPECT_EQ(a["labels_checked"], 8);
  EXPECT_EQ(a["mismatches_vs_golden"], 0);
  EXPECT_EQ(a["protocol_errors"], 0);
  EXPECT_EQ(a["stalled"], false);
  EXPECT_GT(a["sim_cycles_per_s"].get<double>(), 0);
  // Same seed, same gaps and stalls: the run takes as many cycles as in lockstep.
  EXPECT_EQ(a["sim_cycles"], l["sim_cycles"]);
}

}  // namespace
