// Shared by the end-to-end tests of the `rebnet` executable: IDX files for --data,
// and the table-driven bad-input check of issue 8. Every bad input must end with
// exit status 1 (error) or 2 (bad command line) and exactly one line that names
// the option or file, the offending value and what was expected; never an
// "internal error", an abort or a stack trace.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "run_command.h"

namespace rebnet::test {

// An IDX file with the given magic, dimensions and payload.
inline void write_idx(const std::filesystem::path& path, uint32_t magic,
                      const std::vector<uint32_t>& dims, const std::vector<uint8_t>& payload) {
  std::ofstream out(path, std::ios::binary);
  auto put = [&](uint32_t v) {
    const unsigned char be[4] = {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
    out.write(reinterpret_cast<const char*>(be), 4);
  };
  put(magic);
  for (uint32_t d : dims) put(d);
  out.write(reinterpret_cast<const char*>(payload.data()), std::streamsize(payload.size()));
}

// A valid test split (t10k-*) in `dir`: n random images of rows x cols, labels below 10.
inline void write_test_split(const std::filesystem::path& dir, uint32_t n, uint32_t rows,
                             uint32_t cols) {
  std::vector<uint8_t> pixels(size_t{n} * rows * cols), labels(n);
  std::mt19937 rng(5);
  for (auto& p : pixels) p = uint8_t(rng());
  for (auto& l : labels) l = uint8_t(rng() % 10);
  write_idx(dir / "t10k-images-idx3-ubyte", 0x803, {n, rows, cols}, pixels);
  write_idx(dir / "t10k-labels-idx1-ubyte", 0x801, {n}, labels);
}

// One bad input: "@/" in `args` and `expect` stands for the test's scratch directory.
struct BadInput {
  std::string name;                 // the test's name (letters, digits, underscores)
  std::string args;                 // the command line after `rebnet`
  int status;                       // 1: error, 2: bad command line
  std::vector<std::string> expect;  // in the message: option or file, value, expectation
};

inline std::string bad_input_name(const testing::TestParamInfo<BadInput>& info) {
  return info.param.name;
}

// How gtest (and so the ctest test list) shows a case: its command line.
inline void PrintTo(const BadInput& c, std::ostream* out) { *out << "rebnet " << c.args; }

// Fixture of a table of bad inputs; a suite derives from it, adds its own input files
// in SetUp and runs check() in its TEST_P. Every case finds in its scratch directory
// @/m.rbm (random SFC, 2 levels), @/m16.rbm (MLP 16-8-10, input 4x4), @/data (a test
// split of five 28x28 images) and @/afile (a regular file where a directory belongs).
class BadInputTest : public testing::TestWithParam<BadInput> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(testing::TempDir()) /
           ("bad-input-" + std::to_string(::getpid()) + "-" + GetParam().name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "data");
    make("random-model --topology sfc --levels 2 --out @/m.rbm");
    make("random-model --topology 16-8-10 --out @/m16.rbm");
    write_test_split(dir_ / "data", 5, 28, 28);
    write("afile", "a regular file\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string expand(std::string text) const {
    const std::string dir = dir_.string() + "/";
    for (size_t at = text.find("@/"); at != std::string::npos; at = text.find("@/", at + dir.size()))
      text.replace(at, 2, dir);
    return text;
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
  }
  // Runs a command that must succeed (making an input file).
  void make(const std::string& args) const {
    const CommandResult run = rebnet(expand(args));
    ASSERT_EQ(run.status, 0) << args << "\n" << run.out;
  }

  void check() const {
    const BadInput& c = GetParam();
    const CommandResult run = rebnet(expand(c.args), 60);
    const std::string shown = "rebnet " + expand(c.args) + "\n" + run.out;
    EXPECT_EQ(run.status, c.status) << shown;
    EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), 1) << "not one line: " << shown;
    EXPECT_EQ(run.out.rfind("rebnet", 0), 0u) << shown;
    for (const char* never : {"internal error", "terminate called", "Aborted", "what():"})
      EXPECT_EQ(run.out.find(never), std::string::npos) << shown;
    for (const std::string& part : c.expect)
      EXPECT_NE(run.out.find(expand(part)), std::string::npos)
          << "the message lacks '" << expand(part) << "': " << shown;
  }

  std::filesystem::path dir_;
};

}  // namespace rebnet::test
