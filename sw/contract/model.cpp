#include "contract/model.h"

#include <string>

#include "contract/error.h"

namespace rebnet {
namespace {

std::string field(size_t layer, const char* name) {
  return "layer " + std::to_string(layer) + " " + name;
}

void check_range(const std::string& name, int64_t value, int64_t lo, int64_t hi) {
  if (value < lo || value > hi)
    throw Error(name + " = " + std::to_string(value) + " is outside [" + std::to_string(lo) +
                ", " + std::to_string(hi) + "]");
}

void check_size(const std::string& name, size_t actual, uint64_t expected) {
  if (actual != expected)
    throw Error(name + " has " + std::to_string(actual) + " entries, expected " +
                std::to_string(expected));
}

// Shapes, fan-in and input levels follow from the previous layer.
void derive(Layer& layer, size_t i, bool is_last, const Shape& in, uint32_t levels_in) {
  if (layer.computes() && is_last != (layer.levels_out == 0))
    throw Error(field(i, "levels_out") + " = " + std::to_string(layer.levels_out) +
                (is_last ? ": the last layer must have 0 output levels"
                         : ": only the last layer may have 0 output levels"));
  if (layer.computes() && !is_last)
    check_range(field(i, "levels_out"), layer.levels_out, 1, kMaxLevels);
  layer.in = in;
  layer.levels_in = levels_in;
  switch (layer.kind) {
    case LayerKind::Dense:
      check_range(field(i, "neurons"), layer.neurons, 1, kMaxChannels);
      check_range(field(i, "fan-in"), static_cast<int64_t>(in.elements()), 1, kMaxFanIn);
      layer.fan_in = static_cast<uint32_t>(in.elements());
      layer.out = {1, 1, layer.neurons};
      break;
    case LayerKind::Conv:
      check_range(field(i, "neurons"), layer.neurons, 1, kMaxChannels);
      check_range(field(i, "kernel"), layer.kernel, 1, kMaxKernel);
      if (layer.kernel > in.height || layer.kernel > in.width)
        throw Error(field(i, "kernel") + " = " + std::to_string(layer.kernel) +
                    " exceeds its " + std::to_string(in.height) + "x" + std::to_string(in.width) +
                    " input");
      layer.fan_in = layer.kernel * layer.kernel * in.channels;
      layer.out = {in.height - layer.kernel + 1, in.width - layer.kernel + 1, layer.neurons};
      break;
    case LayerKind::MaxPool:
      check_range(field(i, "kernel"), layer.kernel, 2, 2);
      if (in.height < 2 || in.width < 2)
        throw Error(field(i, "maxpool") + " needs an input of at least 2x2, got " +
                    std::to_string(in.height) + "x" + std::to_string(in.width));
      layer.fan_in = 0;
      layer.levels_out = levels_in;
      layer.out = {in.height / 2, in.width / 2, in.channels};
      break;
    default:
      throw Error(field(i, "kind") + " = " + std::to_string(static_cast<uint32_t>(layer.kind)) +
                  " is not 1 (dense), 2 (conv) or 3 (maxpool)");
  }
  if (layer.computes())
    check_range(field(i, "fan-in"), layer.fan_in, 1, kMaxFanIn);
  check_range(field(i, "output elements"), static_cast<int64_t>(layer.out.elements()), 1,
              kMaxActivationElements);
}

void check_parameters(const Layer& layer, size_t i, bool is_last, uint32_t pixel_levels,
                      bool pixel_input) {
  if (!layer.computes()) return;
  check_size(field(i, "scales"), layer.scales.size(), layer.levels_in);
  const std::vector<uint32_t> pixel = pixel_scales(pixel_levels);
  for (size_t l = 0; l < layer.scales.size(); ++l) {
    check_range(field(i, "scale ") + std::to_string(l + 1), layer.scales[l], 1, 255);
    if (pixel_input && layer.scales[l] != pixel[l])
      throw Error(field(i, "scale ") + std::to_string(l + 1) + " = " +
                  std::to_string(layer.scales[l]) + " but pixel level " + std::to_string(l + 1) +
                  " has scale " + std::to_string(pixel[l]));
  }
  const int64_t bound = layer.accumulator_bound();
  if (bound > kMaxAccumulatorBound)
    throw Error(field(i, "accumulator bound") + " = " + std::to_string(bound) + " exceeds " +
                std::to_string(kMaxAccumulatorBound));
  if (layer.weights.rows() != layer.neurons || layer.weights.cols() != layer.fan_in)
    throw Error(field(i, "weights") + " are " + std::to_string(layer.weights.rows()) + "x" +
                std::to_string(layer.weights.cols()) + ", expected " +
                std::to_string(layer.neurons) + "x" + std::to_string(layer.fan_in));
  if (is_last) {
    check_size(field(i, "score_scale"), layer.score_scale.size(), layer.neurons);
    check_size(field(i, "score_bias"), layer.score_bias.size(), layer.neurons);
    for (size_t j = 0; j < layer.neurons; ++j) {
      check_range(field(i, "score_scale ") + std::to_string(j), layer.score_scale[j],
                  kScoreScaleMin, kScoreScaleMax);
      check_range(field(i, "score_bias ") + std::to_string(j), layer.score_bias[j],
                  -kScoreBiasLimit + 1, kScoreBiasLimit - 1);
    }
  } else {
    check_size(field(i, "thresholds"), layer.thresholds.size(),
               uint64_t{layer.neurons} * layer.thresholds_per_neuron());
    for (size_t t = 0; t < layer.thresholds.size(); ++t)
      check_range(field(i, "threshold ") + std::to_string(t), layer.thresholds[t], -(bound + 1),
                  bound + 1);
  }
}

}  // namespace

const char* to_string(LayerKind kind) {
  switch (kind) {
    case LayerKind::Dense: return "dense";
    case LayerKind::Conv: return "conv";
    case LayerKind::MaxPool: return "maxpool";
  }
  return "unknown";
}

BitMatrix::BitMatrix(uint32_t rows, uint32_t cols)
    : rows_(rows), cols_(cols), words_per_row_((cols + 63) / 64),
      words_(uint64_t{rows} * words_per_row_, 0) {}

void BitMatrix::set(uint32_t row, uint32_t col, bool value) {
  uint64_t& word = words_[uint64_t{row} * words_per_row_ + col / 64];
  const uint64_t mask = uint64_t{1} << (col % 64);
  word = value ? (word | mask) : (word & ~mask);
}

int64_t Layer::accumulator_bound() const {
  int64_t sum = 0;
  for (uint32_t g : scales) sum += g;
  return int64_t{fan_in} * sum;
}

std::vector<uint32_t> pixel_scales(uint32_t levels) {
  std::vector<uint32_t> scales;
  for (uint32_t l = 1; l <= levels && l <= 8; ++l) scales.push_back(1u << (8 - l));
  return scales;
}

uint32_t Model::max_hidden_levels() const {
  uint32_t m = 0;
  for (const Layer& layer : layers)
    if (layer.computes() && layer.levels_out > m) m = layer.levels_out;
  return m;
}

void Model::derive_shapes() {
  check_range("input height", input.height, 1, kMaxDimension);
  check_range("input width", input.width, 1, kMaxDimension);
  check_range("input channels", input.channels, 1, kMaxChannels);
  check_range("pixel_levels", pixel_levels, 1, 8);
  check_range("layer count", static_cast<int64_t>(layers.size()), 1, kMaxLayers);
  check_range("input elements", static_cast<int64_t>(input.elements()), 1,
              kMaxActivationElements);

  Shape shape = input;
  uint32_t levels = pixel_levels;
  for (size_t i = 0; i < layers.size(); ++i) {
    Layer& layer = layers[i];
    if (layer.kind == LayerKind::Dense && i + 1 < layers.size() &&
        layers[i + 1].kind != LayerKind::Dense)
      throw Error(field(i + 1, "kind") + " = " + to_string(layers[i + 1].kind) +
                  ": only dense layers may follow a dense layer");
    derive(layer, i, i + 1 == layers.size(), shape, levels);
    shape = layer.out;
    levels = layer.levels_out;
  }
  if (layers.back().kind != LayerKind::Dense)
    throw Error(field(layers.size() - 1, "kind") + " = " + to_string(layers.back().kind) +
                ": the last layer must be dense");
}

void Model::finalize() {
  derive_shapes();
  bool pixel_input = true;
  for (size_t i = 0; i < layers.size(); ++i) {
    check_parameters(layers[i], i, i + 1 == layers.size(), pixel_levels, pixel_input);
    if (layers[i].computes()) pixel_input = false;
  }
}

}  // namespace rebnet
