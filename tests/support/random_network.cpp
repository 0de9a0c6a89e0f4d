#include "random_network.h"

#include <algorithm>

#include "contract/topology.h"

namespace rebnet::test {
Model random_skeleton(Rng& rng, const SkeletonLimits& limits) {
  Model m;
  m.pixel_levels = rng.uniform(1, 8);
  const uint32_t max_levels = rng.uniform(0, 3) == 0 ? limits.max_levels : std::min(4u, limits.max_levels);
  Shape s;
  if (limits.max_conv_layers > 0 && rng.uniform(0, 1)) {
    s = {rng.uniform(2, limits.max_side), rng.uniform(2, limits.max_side),
         rng.pick({1, 1, 2, 3, 5, 65})};
    m.input = s;
    for (uint32_t n = rng.uniform(1, limits.max_conv_layers); n > 0; --n) {
      if (s.height >= 2 && s.width >= 2 && rng.uniform(0, 2) == 0) {
        m.layers.push_back(pool_layer());
        s = {s.height / 2, s.width / 2, s.channels};
      }
      const uint32_t k = rng.uniform(1, std::min({5u, s.height, s.width}));
      const uint32_t channels = rng.pick({1, 2, 3, 5, 8, 16, 17, 33, 65});
      m.layers.push_back(conv_layer(channels, k, rng.uniform(1, max_levels)));
      s = {s.height - k + 1, s.width - k + 1, channels};
    }
    if (s.height >= 2 && s.width >= 2 && rng.uniform(0, 1)) m.layers.push_back(pool_layer());
  } else {
    const uint32_t n = rng.pick({1, 2, 31, 63, 64, 65, 100, 127, 128, 129, 200, 255, 784});
    m.input = n == 784 ? Shape{28, 28, 1} : Shape{1, n, 1};
  }
  for (uint32_t n = rng.uniform(0, limits.max_dense_layers); n > 0; --n)
    m.layers.push_back(dense_layer(rng.pick({1, 7, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100}),
                                   rng.uniform(1, max_levels)));
  m.layers.push_back(dense_layer(rng.uniform(1, 12), 0));
  return m;
}

std::vector<RandomLayerFolding> random_folding(const Model& model, Rng& rng) {
  std::vector<RandomLayerFolding> folding;
  for (const Layer& layer : model.layers) {
    RandomLayerFolding f;
    if (layer.computes()) {
      f.pe = rng.divisor(layer.neurons);
      f.simd = layer.kind == LayerKind::Conv
                   ? rng.divisor(layer.in.channels)
                   : rng.uniform(0, 2) == 0 ? rng.uniform(1, std::min(layer.fan_in, 8u))
                                            : rng.uniform(1, layer.fan_in);
      f.fifo_depth = rng.pick({2, 3, 8});
    }
    folding.push_back(f);
  }
  return folding;
}

}  // namespace rebnet::test
