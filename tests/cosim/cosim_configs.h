// Random co-simulation configurations: a small model (dense, or conv + pool +
// dense) with random shapes, level counts and scales, a random folding (PE,
// SIMD, FIFO depth, input word) and a random run (k, stall, seed, frames), all
// from one seed, so the build-time generator (cosim_prebuild), the tests and
// the sweep rebuild the same configuration from (kind, seed) alone.
//
// A configuration's *architecture* (what the Verilated RTL depends on: shapes,
// folding, level counts, scales) comes from `seed`; `variant` only changes the
// weight signs and the run, so configurations of one seed and different
// variants share one RTL twin (testbench/rtl_build.h: the memory images are
// not part of the cache key).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "contract/model.h"
#include "plan/folding.h"

namespace rebnet::cosimtest {

enum class Kind { Dense, Conv };

struct Config {
  std::string name;  // e.g. dense_s7_v0
  Kind kind = Kind::Dense;
  uint64_t seed = 0, variant = 0;
  Model model;
  NetworkFolding folding;
  uint32_t k = 1;           // run-time level count
  double stall = 0.3;       // sink stall and source gap probability
  uint64_t run_seed = 1;    // images, gaps and stalls
  uint64_t frames = 4;
  std::string describe() const;
};

Config make_config(Kind kind, uint64_t seed, uint64_t variant = 0);
// "dense" / "conv" (throws rebnet::Error otherwise).
Kind parse_kind(const std::string& name);
const char* to_string(Kind kind);

// `frames` random images of the model's input shape.
std::vector<uint8_t> random_images(const Model& model, uint64_t frames, uint64_t seed);

// Writes <dir>/model.rbn and <dir>/folding.json for `rebnet cosim`.
void write_config_files(const Config& c, const std::string& dir);

}  // namespace rebnet::cosimtest
