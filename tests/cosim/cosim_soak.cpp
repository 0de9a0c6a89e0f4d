// cosim_soak: random configurations x random images x random stalls through the
// lockstep co-simulation (`rebnet cosim`), seeded, ending in one summary line.
// Architecture a (a = 0 .. archs-1) is make_config(dense if a is even else conv,
// seed + a): it is verilated once into the cache; its variants (other weight
// signs, run-time k, stall pattern, images) reuse that build. Exit status 0 iff
// every configuration ran with 0 mismatches against the RTL and the golden model.
#include <boost/program_options.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <nlohmann/json.hpp>

#include "contract/error.h"
#include "cosim_configs.h"
#include "run_command.h"

namespace {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace rebnet;

struct SoakOptions {
  uint64_t configs = 1000, archs = 50, seed = 1000;
  unsigned jobs = 2;
  std::string dir, cache;
};

struct SoakTally {
  uint64_t ran = 0, cycles = 0, built = 0, failed = 0;
  std::set<std::string> builds;
};

// Runs one configuration; returns an empty string on success, else what failed.
std::string run_config(const cosimtest::Config& c, const SoakOptions& o, SoakTally& t) {
  const fs::path cdir = fs::path(o.dir) / c.name;
  cosimtest::write_config_files(c, cdir.string());
  const fs::path result = cdir / "result.json";
  fs::remove(result);
  const test::CommandResult run = test::rebnet(
      "cosim --model " + (cdir / "model.rbn").string() + " --folding " +
      (cdir / "folding.json").string() + " --random-inputs " + std::to_string(c.frames) +
      " --levels " + std::to_string(c.k) + " --stall " + std::to_string(c.stall) + " --seed " +
      std::to_string(c.run_seed) + " --cache " + o.cache + " --jobs " + std::to_string(o.jobs) +
      " --json " + result.string());
  std::ifstream f(result);
  const nlohmann::json j = f ? nlohmann::json::parse(f, nullptr, false) : nlohmann::json();
  if (run.status != 0 || !j.is_object()) return "exit status " + std::to_string(run.status) + ": " + run.out;
  if (j["mismatches"] != 0 || j["mismatches_vs_golden"] != 0) return j["first_mismatch"].dump();
  t.builds.insert(j["build"]["key"].get<std::string>());
  t.built += j["build"]["reused"].get<bool>() ? 0 : 1;
  t.cycles += j["cycles_compared"].get<uint64_t>();
  return {};
}

int soak(const SoakOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const uint64_t per_arch = (o.configs + o.archs - 1) / o.archs;
  SoakTally t;
  for (uint64_t a = 0; a < o.archs && t.ran < o.configs; ++a) {
    const auto kind = a % 2 ? cosimtest::Kind::Conv : cosimtest::Kind::Dense;
    for (uint64_t v = 0; v < per_arch && t.ran < o.configs; ++v) {
      const cosimtest::Config c = cosimtest::make_config(kind, o.seed + a, v);
      const std::string failure = run_config(c, o, t);
      ++t.ran;
      std::cout << "[" << t.ran << "/" << o.configs << "] ";
      if (failure.empty()) {
        std::cout << "ok   " << c.name << "\n" << std::flush;
      } else {
        ++t.failed;
        std::cout << "FAIL " << c.describe() << "\n     " << failure << "\n" << std::flush;
      }
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "soak: seed " << o.seed << ", " << t.ran << " configurations over "
            << t.builds.size() << " RTL twins (" << t.built << " built now), " << t.cycles
            << " cycles compared, " << t.failed << " failed, " << static_cast<uint64_t>(seconds)
            << " s\n";
  return t.failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  SoakOptions o;
  po::options_description desc(
      "cosim_soak: lockstep co-simulation of random configurations (SystemC model vs\n"
      "Verilated RTL, and both vs the golden model), seeded; exit status 0 iff all pass.\n"
      "Nightly size: the defaults. CI size: --configs 40 --archs 2 --seed 1 (prebuilt twins).\n"
      "Options");
  desc.add_options()("help", "this help")
      ("configs", po::value(&o.configs)->default_value(o.configs), "configurations to run")
      ("archs", po::value(&o.archs)->default_value(o.archs),
       "distinct architectures (each one Verilator build), dense and conv alternating")
      ("seed", po::value(&o.seed)->default_value(o.seed), "architecture a uses seed + a")
      ("jobs", po::value(&o.jobs)->default_value(o.jobs), "compile jobs per Verilator build")
      ("dir", po::value(&o.dir)->required(), "where the models, foldings and results go")
      ("cache", po::value(&o.cache)->required(), "RTL twin cache (testbench/rtl_build.h)");
  try {
    po::variables_map vm;
    po::store(po::parse_command_line(argc, argv, desc), vm);
    if (vm.count("help")) {
      std::cout << desc << "\n";
      return 0;
    }
    po::notify(vm);
    if (o.configs == 0 || o.archs == 0 || o.jobs == 0)
      throw po::error("--configs, --archs and --jobs must be at least 1");
    o.archs = std::min(o.archs, o.configs);
    fs::create_directories(o.dir);
    return soak(o);
  } catch (const std::exception& e) {
    std::cerr << "cosim_soak: " << e.what() << " (see --help)\n";
    return 2;
  }
}
