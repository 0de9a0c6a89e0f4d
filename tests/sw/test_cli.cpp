// The `rebnet` executable end to end: help texts, and bad input of every kind
// ends with a one-line error and a non-zero exit, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "cli_cases.h"
#include "run_command.h"

namespace {

namespace fs = std::filesystem;

using rebnet::test::CommandResult;
using rebnet::test::rebnet;

class Cli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) /
           ("cli-" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  void write_idx(const std::string& name, uint32_t magic, const std::vector<uint32_t>& dims,
                 const std::vector<uint8_t>& payload) const {
    rebnet::test::write_idx(dir_ / name, magic, dims, payload);
  }
  // A valid test split of n images of rows x cols with labels below 10.
  void write_split(uint32_t n, uint32_t rows, uint32_t cols) const {
    rebnet::test::write_test_split(dir_ / "data", n, rows, cols);
  }
  void expect_error(const std::string& args, const std::string& needle) const {
    const CommandResult run = rebnet(args);
    EXPECT_NE(run.status, 0) << args << "\n" << run.out;
    EXPECT_LT(run.status, 128) << "crashed: " << args << "\n" << run.out;
    EXPECT_NE(run.out.find(needle), std::string::npos) << args << "\n" << run.out;
    EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1) << args << "\n" << run.out;
  }

  fs::path dir_;
};

TEST_F(Cli, HelpAtEveryLevel) {
  const CommandResult top = rebnet("--help");
  EXPECT_EQ(top.status, 0);
  for (const char* command : {"random-model", "eval", "bench"}) {
    EXPECT_NE(top.out.find(command), std::string::npos) << top.out;
    const CommandResult help = rebnet(std::string(command) + " --help");
    EXPECT_EQ(help.status, 0) << help.out;
    EXPECT_NE(help.out.find("usage: rebnet " + std::string(command)), std::string::npos);
  }
  EXPECT_EQ(rebnet("").status, 2);
  EXPECT_EQ(rebnet("frobnicate").status, 2);
  EXPECT_EQ(rebnet("eval --no-such-option").status, 2);
}

// boost prints a double default with 17 digits (0.3 as 0.29999999999999999); every
// floating option shows its written form (cli::real_value).
TEST_F(Cli, HelpShowsDefaultsAsWritten) {
  const CommandResult top = rebnet("--help");
  ASSERT_EQ(top.status, 0);
  std::vector<std::string> commands;
  std::istringstream lines(top.out.substr(top.out.find("commands:")));
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ')
      commands.push_back(line.substr(2, line.find(' ', 2) - 2));
  // Every build has these five; hardware and trainer builds add more.
  for (const char* c : {"random-model", "eval", "export-rtl", "synth", "bench"})
    EXPECT_NE(std::find(commands.begin(), commands.end(), c), commands.end()) << c << "\n" << top.out;
  const std::regex long_decimal("[0-9]\\.[0-9]{7,}");
  for (const std::string& command : commands) {
    const CommandResult help = rebnet(command + " --help");
    EXPECT_EQ(help.status, 0) << command << "\n" << help.out;
    std::smatch found;
    EXPECT_FALSE(std::regex_search(help.out, found, long_decimal))
        << "rebnet " << command << " --help shows " << found.str() << "\n" << help.out;
  }
}

TEST_F(Cli, RandomModelThenEval) {
  write_split(50, 28, 28);
  const CommandResult made = rebnet("random-model --topology sfc --levels 2 --seed 3 --out " + path("m.rbn"));
  ASSERT_EQ(made.status, 0) << made.out;
  const CommandResult eval = rebnet("eval --model " + path("m.rbn") + " --data " + path("data") +
                          " --levels 1 --json " + path("e.json"));
  ASSERT_EQ(eval.status, 0) << eval.out;
  std::ifstream json(path("e.json"));
  const std::string text((std::istreambuf_iterator<char>(json)), {});
  EXPECT_NE(text.find("\"images\": 50"), std::string::npos) << text;
  EXPECT_NE(text.find("\"levels\": 1"), std::string::npos) << text;
}

TEST_F(Cli, BadModelsGiveOneLineErrors) {
  write_split(5, 28, 28);
  ASSERT_EQ(rebnet("random-model --topology sfc --out " + path("m.rbn")).status, 0);
  const std::string data = " --data " + path("data");
  expect_error("eval --model " + path("missing.rbn") + data, "no such file");
  std::ofstream(path("empty.rbn")).close();
  expect_error("eval --model " + path("empty.rbn") + data, "shorter than");
  fs::copy_file(path("m.rbn"), path("cut.rbn"));
  fs::resize_file(path("cut.rbn"), fs::file_size(path("m.rbn")) / 2);
  expect_error("eval --model " + path("cut.rbn") + data, "payload size");
  {
    std::fstream f(path("m.rbn"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x55');
  }
  expect_error("eval --model " + path("m.rbn") + data, "checksum");
  std::ofstream noise(path("noise.rbn"), std::ios::binary);
  std::mt19937 rng(9);
  for (int i = 0; i < 5000; ++i) noise.put(char(rng()));
  noise.close();
  expect_error("eval --model " + path("noise.rbn") + data, "magic");
  expect_error("random-model --topology sfc --levels 9 --out " + path("x.rbn"), "levels = 9");
  expect_error("random-model --topology 784-x --out " + path("x.rbn"), "not a layer size");
  expect_error("random-model --topology sfc --out /nonexistent-dir/x.rbn", "cannot write");
}

TEST_F(Cli, BadDataGivesOneLineErrors) {
  ASSERT_EQ(rebnet("random-model --topology 16-8-10 --out " + path("m16.rbn")).status, 0);
  ASSERT_EQ(rebnet("random-model --topology sfc --levels 2 --out " + path("m.rbn")).status, 0);
  const std::string model = "eval --model " + path("m.rbn") + " --data " + path("data");
  expect_error(model.substr(0, model.find(" --data")) + " --data " + path("nowhere"), "nowhere");
  write_split(5, 28, 28);
  expect_error("eval --model " + path("m16.rbn") + " --data " + path("data"), "model input is 4x4x1");
  expect_error(model + " --levels 3", "--levels = 3");
  write_idx("data/t10k-images-idx3-ubyte", 0x802, {5, 28, 28}, std::vector<uint8_t>(5 * 784));
  expect_error(model, "magic");
  write_idx("data/t10k-images-idx3-ubyte", 0x803, {5, 28, 28}, std::vector<uint8_t>(100));
  expect_error(model, "t10k-images");
  write_idx("data/t10k-images-idx3-ubyte", 0x803, {6, 28, 28}, std::vector<uint8_t>(6 * 784));
  expect_error(model, "6");
  write_idx("data/t10k-images-idx3-ubyte", 0x803, {1000000000, 28, 28}, {});
  expect_error(model, "t10k-images");
  write_split(5, 28, 28);
  write_idx("data/t10k-labels-idx1-ubyte", 0x801, {5}, {1, 2, 3, 200, 4});
  expect_error(model, "200");
}

}  // namespace
