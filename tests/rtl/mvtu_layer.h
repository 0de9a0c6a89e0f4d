// The layer an rebnet_mvtu parameter set computes, built from a fixed seed. Shared by
// the build-time image generator (rtl_memgen) and the RTL tests, so both see the
// same random layer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "contract/model.h"

namespace rebnet::rtltest {

// One rebnet_mvtu parameter set (the -G values it was verilated with).
struct MvtuSet {
  std::string name;
  uint32_t matrix_w = 0, matrix_h = 0, simd = 0, pe = 0;
  uint32_t levels_in = 0, levels_out = 0;  // levels_out = 0: last layer
  bool pixel_input = false;
  uint32_t out_fifo_depth = 8;
  std::vector<uint32_t> scales;  // G_1 first
  uint64_t model_seed = 0;

  uint32_t nf() const { return matrix_h / pe; }
  uint32_t sf() const { return (matrix_w + simd - 1) / simd; }
  uint32_t nodes() const { return (1u << levels_out) - 1; }
  bool last() const { return levels_out == 0; }
  int64_t bound() const;        // B = MatrixW * sum(G)
  uint32_t acc_width() const;   // clog2(B + 2) + 1
  uint32_t out_width() const { return pe * (last() ? 48 : levels_out); }
};

// A model holding the layer under test (plus the layers the contract needs around
// it: a producer for its input levels, a last layer after a hidden one).
struct MvtuModel {
  Model model;
  size_t index = 0;
  const Layer& layer() const { return model.layers[index]; }
};

// randomize() on a skeleton, then the set's scales imposed on the layer (thresholds
// rescaled to the new accumulator bound) and the model finalized. Its memory images
// are written by rtl_memgen with sw/rtlgen's write_mvtu_images (the generator's own).
MvtuModel make_model(const MvtuSet& set);

// Parses "3,5,7" into {3, 5, 7}.
std::vector<uint32_t> parse_list(const std::string& text);

}  // namespace rebnet::rtltest
