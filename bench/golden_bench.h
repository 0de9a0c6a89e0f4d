// `rebnet bench golden`: images per second of the fast golden model, of the plain reference
// and of LibTorch float inference of the same random SFC network, measured in one run with
// the same thread count. No LibTorch headers here: the baseline is optional (REBNET_TORCH).
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rebnet {

struct BenchOptions {
  uint32_t levels = 1;       // hidden levels M of the SFC model (pixel levels stay 8)
  double min_seconds = 1.0;  // minimum measuring time per contender, after a warm-up
  unsigned threads = 0;      // for every contender; 0 = all cores
  uint64_t seed = 1;         // of the random model and images
  std::function<void(const std::string&)> progress;  // optional one-line status reports
};

// Fields: images_per_s_fast, images_per_s_reference, images_per_s_libtorch (null without
// LibTorch), speedup_vs_libtorch, speedup_vs_reference, binary_macs_per_s, kernel, threads,
// levels, images, and the label agreement of the reference and LibTorch with the fast model.
nlohmann::json bench_golden(const BenchOptions& options);

}  // namespace rebnet
