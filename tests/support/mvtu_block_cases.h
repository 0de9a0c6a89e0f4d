// What the MVTU sub-block cases (<block>_cases.h beside this file) share: the
// parameter set of an MVTU and a random layer for it. The layer (contract data) is
// what the cases' references read; the MvtuConfig that the plan makes from it
// (banks, lane tables, images) is what both twins are built from, so a test also
// holds the plan's memory layouts to the documented ones. tests/rtl/block_memgen
// writes the same configuration's images for the RTL.
#pragma once

#include <algorithm>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "contract/model.h"
#include "plan/mvtu_config.h"
#include "test_rng.h"

namespace rebnet::blocktest {

// An MVTU's parameters (the RTL's -G values) and the seed of its random layer.
struct MvtuShape {
  std::string name;
  uint32_t matrix_w = 1, matrix_h = 1, simd = 1, pe = 1;
  uint32_t levels_in = 1, levels_out = 1;  // levels_out 0: last layer
  std::vector<uint32_t> scales = {1};      // G_1 first
  uint32_t out_fifo_depth = kDefaultOutFifoDepth;
  uint64_t layer_seed = 1;
  std::string describe() const {
    std::ostringstream s;
    s << name << ": MatrixW " << matrix_w << " MatrixH " << matrix_h << " Simd " << simd << " Pe "
      << pe << " LevelsIn " << levels_in << " LevelsOut " << levels_out << " Scales";
    for (uint32_t g : scales) s << " " << g;
    s << " OutFifoDepth " << out_fifo_depth << " layer seed " << layer_seed;
    return s.str();
  }
};

// Random bits of a random density: all zeros, all ones, sparse, dense or half.
inline Bits random_density_bits(test::Rng& rng, uint32_t width) {
  static const std::vector<uint32_t> percent = {0, 100, 10, 90, 50};
  const uint32_t p = rng.pick(percent);
  Bits b(width);
  for (uint32_t i = 0; i < width; ++i) b.set_bit(i, rng.uniform(1, 100) <= p);
  return b;
}

struct RandomMvtu {
  Layer layer;
  MvtuConfig cfg;
};

// A dense layer of the shape with random weights, and thresholds (hidden) or score
// parameters (last) anywhere in their contract ranges; half the thresholds sit on or
// next to an accumulator value the layer can reach, so `acc >= threshold` is tried at
// its boundary.
inline RandomMvtu random_mvtu(const MvtuShape& s) {
  test::Rng rng(s.layer_seed);
  RandomMvtu m;
  Layer& l = m.layer;
  l.neurons = l.out.channels = s.matrix_h;
  l.fan_in = l.in.channels = s.matrix_w;
  l.in.height = l.in.width = l.out.height = l.out.width = 1;
  l.levels_in = s.levels_in;
  l.levels_out = s.levels_out;
  l.scales = s.scales;
  l.weights = BitMatrix(s.matrix_h, s.matrix_w);
  for (uint32_t j = 0; j < s.matrix_h; ++j)
    for (uint32_t i = 0; i < s.matrix_w; ++i) l.weights.set(j, i, rng.chance(0.5));
  const int64_t bound = l.accumulator_bound();
  if (l.last()) {
    for (uint32_t j = 0; j < s.matrix_h; ++j) {
      l.score_scale.push_back(static_cast<int32_t>(rng.uniform(0, 0xffff)) + kScoreScaleMin);
      l.score_bias.push_back(static_cast<int64_t>(rng.next() % (2 * kScoreBiasLimit - 1)) -
                             (kScoreBiasLimit - 1));
    }
  } else {
    for (uint64_t n = 0; n < uint64_t{s.matrix_h} * l.thresholds_per_neuron(); ++n) {
      int64_t t =
          static_cast<int64_t>(rng.uniform(0, static_cast<uint32_t>(2 * bound + 2))) - (bound + 1);
      if (rng.chance(0.5))  // start value minus 2 * G_1 * count, +-1
        t = std::clamp<int64_t>(bound - 2 * int64_t{s.scales[0]} * rng.uniform(0, s.matrix_w) +
                                    static_cast<int64_t>(rng.uniform(0, 2)) - 1,
                                -(bound + 1), bound + 1);
      l.thresholds.push_back(static_cast<int32_t>(t));
    }
  }
  m.cfg = make_mvtu_config(l, {s.pe, s.simd}, false, s.out_fifo_depth);
  return m;
}

}  // namespace rebnet::blocktest
