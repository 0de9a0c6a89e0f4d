#include "mvtu_layer.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "contract/error.h"
#include "contract/random_model.h"
#include "contract/topology.h"

namespace rebnet::rtltest {

int64_t MvtuSet::bound() const {
  int64_t sum = 0;
  for (uint32_t g : scales) sum += g;
  return int64_t{matrix_w} * sum;
}

uint32_t MvtuSet::acc_width() const {
  uint32_t bits = 0;
  while ((int64_t{1} << bits) < bound() + 2) ++bits;
  return bits + 1;
}

MvtuModel make_model(const MvtuSet& set) {
  if (set.scales.size() != set.levels_in)
    throw Error("set " + set.name + ": " + std::to_string(set.scales.size()) + " scales for " +
                std::to_string(set.levels_in) + " levels");
  Model m;
  MvtuModel r;
  if (set.pixel_input) {
    // The layer reads the pixel code directly: its scales are the pixel scales.
    m.input = {1, 1, set.matrix_w};
    m.pixel_levels = set.levels_in;
    m.layers.push_back(dense_layer(set.matrix_h, set.levels_out));
    r.index = 0;
  } else {
    // A 1-pixel dense producer gives the layer a levels_in-level input.
    m.input = {1, 1, 1};
    m.pixel_levels = 1;
    m.layers.push_back(dense_layer(set.matrix_w, set.levels_in));
    m.layers.push_back(dense_layer(set.matrix_h, set.levels_out));
    r.index = 1;
  }
  if (!set.last()) m.layers.push_back(dense_layer(2, 0));
  m = randomize(m, set.model_seed);

  Layer& layer = m.layers[r.index];
  if (set.pixel_input) {
    if (layer.scales != set.scales)
      throw Error("set " + set.name + ": PixelInput needs the pixel scales 128, 64, ...");
  } else if (!set.last()) {
    const double old_bound = double(layer.accumulator_bound());
    layer.scales = set.scales;
    const int64_t bound = layer.accumulator_bound();
    for (int32_t& t : layer.thresholds)
      t = static_cast<int32_t>(std::clamp<int64_t>(std::llround(t * (double(bound) / old_bound)),
                                                   -(bound + 1), bound + 1));
  } else {
    layer.scales = set.scales;
  }
  m.finalize();
  r.model = std::move(m);
  return r;
}

std::vector<uint32_t> parse_list(const std::string& text) {
  std::vector<uint32_t> v;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) v.push_back(static_cast<uint32_t>(std::stoul(item)));
  return v;
}

}  // namespace rebnet::rtltest
