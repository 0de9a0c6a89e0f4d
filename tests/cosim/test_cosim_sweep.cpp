// The long co-simulation sweep (label cosim_full): >= 200 random configurations
// (cosim_configs.h), each run by `rebnet cosim` through the RTL twin cache of
// the quick tests. Architectures (seeds) are verilated once; their variants
// (other weight signs, run-time k, stall pattern, images) reuse the build.
//   REBNET_COSIM_SWEEP_CONFIGS  configurations (default 200)
//   REBNET_COSIM_SWEEP_ARCHS    distinct architectures (default 50), dense and conv alternating
//   REBNET_COSIM_SWEEP_DIR      where the model, folding and JSON files go (set by CMake)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "cosim_configs.h"
#include "run_command.h"

namespace rebnet::cosimtest {
namespace {

namespace fs = std::filesystem;

uint64_t env(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::stoull(v) : fallback;
}

TEST(CosimSweep, RandomConfigurations) {
  const uint64_t configs = env("REBNET_COSIM_SWEEP_CONFIGS", 200);
  const uint64_t archs = std::max<uint64_t>(1, std::min(configs, env("REBNET_COSIM_SWEEP_ARCHS", 50)));
  const char* d = std::getenv("REBNET_COSIM_SWEEP_DIR");
  const fs::path dir = d && *d ? fs::path(d) : fs::temp_directory_path() / "rebnet-cosim-sweep";
  fs::create_directories(dir);
  const uint64_t per_arch = (configs + archs - 1) / archs;
  std::vector<std::string> failures;
  std::set<std::string> builds;
  uint64_t ran = 0, cycles = 0, built = 0;
  for (uint64_t a = 0; a < archs && ran < configs; ++a) {
    const Kind kind = a % 2 ? Kind::Conv : Kind::Dense;
    for (uint64_t v = 0; v < per_arch && ran < configs; ++v, ++ran) {
      const Config c = make_config(kind, 1000 + a, v);
      const fs::path cdir = dir / c.name;
      write_config_files(c, cdir.string());
      const std::string args =
          "cosim --model " + (cdir / "model.rbn").string() + " --folding " +
          (cdir / "folding.json").string() + " --random-inputs " + std::to_string(c.frames) +
          " --levels " + std::to_string(c.k) + " --stall " + std::to_string(c.stall) + " --seed " +
          std::to_string(c.run_seed) + " --cache " + REBNET_COSIM_TEST_CACHE + " --jobs 2 --json " +
          (cdir / "result.json").string();
      const test::CommandResult run = test::rebnet(args);
      std::ifstream f(cdir / "result.json");
      nlohmann::json j;
      if (f) f >> j;
      if (run.status != 0 || j.is_null() || j["mismatches"] != 0 || j["mismatches_vs_golden"] != 0) {
        failures.push_back(c.describe() + "\n  " +
                           (j.is_null() ? run.out : j["first_mismatch"].dump()));
        std::cout << "FAIL " << failures.back() << "\n" << std::flush;
        continue;
      }
      builds.insert(j["build"]["key"].get<std::string>());
      built += j["build"]["reused"].get<bool>() ? 0 : 1;
      cycles += j["cycles_compared"].get<uint64_t>();
      std::cout << "ok " << c.name << ": " << j["cycles_compared"] << " cycles, k " << c.k
                << (j["build"]["reused"].get<bool>() ? "" : " (built)") << "\n" << std::flush;
    }
  }
  std::cout << ran << " configurations, " << builds.size() << " RTL twins (" << built
            << " built now), " << cycles << " cycles compared, " << failures.size()
            << " failed\n";
  EXPECT_GE(ran, configs);
  EXPECT_TRUE(failures.empty()) << failures.size() << " configurations failed, the first:\n"
                                << failures.front();
}

}  // namespace
}  // namespace rebnet::cosimtest
