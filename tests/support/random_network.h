// Random networks for tests: topologies of awkward sizes (conv part with pools
// or a plain input, then dense layers) and random foldings of them. A seed
// replays a case, so every test names the seeds it draws.
#pragma once

#include <cstdint>
#include <vector>

#include "contract/model.h"
#include "test_rng.h"

namespace rebnet::test {

struct SkeletonLimits {
  uint32_t max_side = 13;        // conv inputs: height and width in [2, max_side]
  uint32_t max_conv_layers = 3;
  uint32_t max_dense_layers = 2;
  uint32_t max_levels = 8;       // levels are mostly 1..4, now and then up to this
};

// A random topology (weights not filled in: pass it to randomize()).
Model random_skeleton(Rng& rng, const SkeletonLimits& limits = {});

// Folding entries for `model` (one per layer): PE a random divisor of the
// neurons, SIMD anything from 1 to the fan-in for dense layers (often not a
// divisor) and a divisor of the input channels for conv layers, FIFO depth
// 2..8; pools get {0, 0}. Returned as {pe, simd, fifo_depth} triples.
struct RandomLayerFolding {
  uint32_t pe = 0, simd = 0, fifo_depth = 0;
};
std::vector<RandomLayerFolding> random_folding(const Model& model, Rng& rng);

}  // namespace rebnet::test
