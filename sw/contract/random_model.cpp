#include "contract/random_model.h"

#include <algorithm>
#include <cmath>

namespace rebnet {
namespace {

// splitmix64: tiny, and the same sequence on every platform and library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  int64_t uniform(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

void randomize_weights(Layer& layer, Rng& rng) {
  layer.weights = BitMatrix(layer.neurons, layer.fan_in);
  for (uint32_t j = 0; j < layer.neurons; ++j)
    for (uint32_t s = 0; s < layer.fan_in; s += 64) {
      const uint64_t bits = rng.next();
      for (uint32_t b = 0; b < 64 && s + b < layer.fan_in; ++b)
        layer.weights.set(j, s + b, (bits >> b) & 1u);
    }
}

// Thresholds shaped like a residual encoder's: a root near zero, each deeper
// node half as far from its parent, a little noise, and now and then a value
// pinned to the saturation limits.
void randomize_thresholds(Layer& layer, Rng& rng) {
  double energy = 0;
  for (uint32_t g : layer.scales) energy += double(g) * g;
  const double spread = std::sqrt(double(layer.fan_in) * energy);
  const int64_t bound = layer.accumulator_bound();
  const uint32_t per_neuron = layer.thresholds_per_neuron();
  layer.thresholds.assign(uint64_t{layer.neurons} * per_neuron, 0);
  for (uint32_t j = 0; j < layer.neurons; ++j) {
    std::vector<double> node(per_neuron);
    for (uint32_t n = 0; n < per_neuron; ++n) {
      const uint32_t depth = static_cast<uint32_t>(std::log2(n + 1));
      const double step = spread / double(1u << (depth + 1));
      const double parent = n == 0 ? (rng.unit() - 0.5) * spread : node[(n - 1) / 2];
      const double side = n == 0 ? 0.0 : ((n % 2 == 0) ? 1.0 : -1.0);
      node[n] = parent + side * step + (rng.unit() - 0.5) * step;
      int64_t t = std::llround(node[n]);
      if (rng.uniform(0, 31) == 0) t = rng.uniform(0, 1) ? bound + 1 : -(bound + 1);
      layer.thresholds[uint64_t{j} * per_neuron + n] =
          static_cast<int32_t>(std::clamp<int64_t>(t, -(bound + 1), bound + 1));
    }
  }
}

void randomize_scores(Layer& layer, Rng& rng) {
  const int64_t bound = layer.accumulator_bound();
  layer.score_scale.clear();
  layer.score_bias.clear();
  for (uint32_t j = 0; j < layer.neurons; ++j) {
    const int64_t a = rng.uniform(kScoreScaleMin, kScoreScaleMax);
    const int64_t reach = std::min<int64_t>(std::abs(a) * bound / 4 + 1, kScoreBiasLimit - 1);
    layer.score_scale.push_back(static_cast<int32_t>(a));
    layer.score_bias.push_back(rng.uniform(-reach, reach));
  }
}

}  // namespace

Model randomize(Model model, uint64_t seed) {
  model.derive_shapes();
  Rng rng(seed);
  bool pixel_input = true;
  for (Layer& layer : model.layers) {
    if (!layer.computes()) continue;
    if (pixel_input) {
      layer.scales = pixel_scales(layer.levels_in);
    } else {
      layer.scales.clear();
      for (uint32_t l = 0; l < layer.levels_in; ++l)
        layer.scales.push_back(static_cast<uint32_t>(rng.uniform(1, 255)));
    }
    pixel_input = false;
    randomize_weights(layer, rng);
    if (layer.last())
      randomize_scores(layer, rng);
    else
      randomize_thresholds(layer, rng);
  }
  model.finalize();
  return model;
}

}  // namespace rebnet
