// Running the rebnet executable (REBNET_EXE) and other tools from the generator's
// end-to-end tests (test_rtl_synth.cpp, test_rtl_export.cpp), and the small random
// design they share.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rebnet::rtltest {

struct CliRun {
  int status = -1;
  std::string out;  // stdout and stderr
};

// Runs `command` with /bin/sh; the status is the exit code, or 128 + the signal.
inline CliRun run_shell(const std::string& command) {
  CliRun r;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

inline CliRun rebnet_cli(const std::string& args) {
  return run_shell("nice " + std::string(REBNET_EXE) + " " + args);
}

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// An empty directory <gtest temp dir>/<prefix>-<current test's name>.
inline std::filesystem::path fresh_test_dir(const std::string& prefix) {
  const std::filesystem::path dir =
      std::filesystem::path(testing::TempDir()) /
      (prefix + "-" + testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// <dir>/m.rbn: 16 inputs (4x4), 8 hidden neurons at 2 levels, 4 classes, 3 pixel
// levels (seed 7); <dir>/f.json: PE/SIMD 4/8 and 2/8 (two encoder lanes on layer 0).
inline CliRun write_small_design(const std::filesystem::path& dir) {
  std::ofstream((dir / "f.json").string())
      << R"({"layers": [{"pe": 4, "simd": 8}, {"pe": 2, "simd": 8}]})";
  return rebnet_cli("random-model --topology 16-8-4 --levels 2 --pixel-levels 3 --seed 7 --out " +
                    (dir / "m.rbn").string());
}

}  // namespace rebnet::rtltest
