// `rebnet bench train` end to end on a tiny slice of Fashion-MNIST: the JSON fields exist and
// the measured ones are positive (no assertion on timing), the Python side runs when
// python3-torch is installed and is skipped otherwise, and a missing interpreter or a
// convolutional topology ends in a one-line error that says what to do.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_command.h"

namespace {

namespace fs = std::filesystem;

using rebnet::test::CommandResult;
using rebnet::test::rebnet;

// 300 images in batches of 50: 6 steps, 2 of them warm-up; two rounds (an even median).
constexpr const char* kTinySlice =
    "bench train --images 300 --batch 50 --warmup 2 --threads 1 --rounds 2";

bool python_torch_installed() {
  return std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
}

class BenchTrain : public testing::Test {
 protected:
  void SetUp() override {
    if (!fs::is_directory(REBNET_DEFAULT_DATA_DIR))
      GTEST_SKIP() << REBNET_DEFAULT_DATA_DIR << " (dataset-fashion-mnist) is not installed";
    dir_ = fs::path(testing::TempDir()) /
           ("bench-train-" +
            std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Runs the tiny benchmark with `extra` arguments; returns its JSON file.
  nlohmann::json run(const std::string& extra) const {
    const std::string json = (dir_ / "result.json").string();
    const CommandResult r = rebnet(std::string(kTinySlice) + " --json " + json + " " + extra);
    EXPECT_EQ(r.status, 0) << r.out;
    std::ifstream in(json);
    if (!in) {
      ADD_FAILURE() << "no " << json << "\n" << r.out;
      return nullptr;
    }
    return nlohmann::json::parse(in);
  }

  static void expect_positive(const nlohmann::json& j, const std::string& key) {
    ASSERT_TRUE(j.contains(key)) << key << " missing in " << j.dump(2);
    ASSERT_TRUE(j[key].is_number()) << key << " = " << j[key];
    EXPECT_GT(j[key].get<double>(), 0) << key;
  }

  fs::path dir_;
};

TEST_F(BenchTrain, CppSideAlone) {
  const nlohmann::json j = run("--no-python");
  ASSERT_FALSE(j.is_null());
  expect_positive(j, "seconds_per_epoch_cpp");
  expect_positive(j, "images_per_s_cpp");
  expect_positive(j["cpp"], "cpu_seconds_per_epoch");
  ASSERT_EQ(j["cpp"]["rounds"].size(), 2u);
  for (const nlohmann::json& round : j["cpp"]["rounds"]) {
    expect_positive(round, "seconds");
    EXPECT_EQ(round["timed_steps"], 4);
  }
  ASSERT_EQ(j["by_round"].size(), 2u);
  EXPECT_EQ(j["batch"], 50);
  EXPECT_EQ(j["epoch_images"], 60000);
  for (const char* key : {"seconds_per_epoch_python", "images_per_s_python",
                          "ratio_cpp_over_python", "cpu_ratio_cpp_over_python", "python"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    EXPECT_TRUE(j[key].is_null()) << key;
  }
}

TEST_F(BenchTrain, BesidePython) {
  if (!python_torch_installed())
    GTEST_SKIP() << "python3-torch is not installed (scripts/bench_train.sh installs it)";
  const nlohmann::json j = run("");
  ASSERT_FALSE(j.is_null());
  for (const char* key : {"seconds_per_epoch_cpp", "seconds_per_epoch_python", "images_per_s_cpp",
                          "images_per_s_python", "ratio_cpp_over_python",
                          "cpu_ratio_cpp_over_python"})
    expect_positive(j, key);
  for (const nlohmann::json& round : j["by_round"]) expect_positive(round, "ratio_cpp_over_python");
  ASSERT_EQ(j["python"]["rounds"].size(), 2u);
  EXPECT_EQ(j["python"]["rounds"][0]["timed_steps"], 4);
  EXPECT_EQ(j["python"]["torch_threads"], 1);
}

TEST_F(BenchTrain, MissingPythonSaysHowToInstallIt) {
  const CommandResult r =
      rebnet(std::string(kTinySlice) + " --python " + (dir_ / "no-python3").string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("scripts/bench_train.sh"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

TEST_F(BenchTrain, PythonSideCoversDenseTopologiesOnly) {
  const CommandResult r = rebnet(std::string(kTinySlice) + " --topology cnv");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("--no-python"), std::string::npos) << r.out;
}

TEST_F(BenchTrain, WarmUpMustLeaveStepsToTime) {
  const CommandResult r = rebnet("bench train --images 300 --batch 50 --warmup 6 --no-python");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("--warmup = 6: expected fewer than the 6 training steps"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(rebnet(std::string(kTinySlice) + " --rounds 0").status, 2);
}

}  // namespace
