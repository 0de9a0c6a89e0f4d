#include "golden/reference.h"

namespace rebnet::reference {
namespace {

bool level_bit(uint8_t code, uint32_t level) { return (code >> (level - 1)) & 1u; }

// Lexicographic order of codes with level 1 most significant.
bool code_less(uint8_t a, uint8_t b, uint32_t levels) {
  for (uint32_t l = 1; l <= levels; ++l)
    if (level_bit(a, l) != level_bit(b, l)) return level_bit(b, l);
  return false;
}

// Input element feeding synapse s of the window at output pixel (y, x).
uint8_t window_code(const Layer& layer, const Activation& in, uint32_t y, uint32_t x,
                    uint32_t s) {
  if (layer.kind == LayerKind::Dense) return in.codes[s];
  const uint32_t c = s % in.shape.channels;
  const uint32_t kx = (s / in.shape.channels) % layer.kernel;
  const uint32_t ky = s / in.shape.channels / layer.kernel;
  return in.codes[(uint64_t{y + ky} * in.shape.width + (x + kx)) * in.shape.channels + c];
}

Activation max_pool(const Layer& layer, const Activation& in, uint32_t levels) {
  Activation out{layer.out, levels, std::vector<uint8_t>(layer.out.elements())};
  const uint8_t mask = static_cast<uint8_t>((1u << levels) - 1);
  const Shape& s = in.shape;
  for (uint32_t y = 0; y < out.shape.height; ++y)
    for (uint32_t x = 0; x < out.shape.width; ++x)
      for (uint32_t c = 0; c < s.channels; ++c) {
        uint8_t best = in.codes[(uint64_t{2 * y} * s.width + 2 * x) * s.channels + c] & mask;
        for (uint32_t dy = 0; dy < 2; ++dy)
          for (uint32_t dx = 0; dx < 2; ++dx) {
            const uint8_t v =
                in.codes[(uint64_t{2 * y + dy} * s.width + 2 * x + dx) * s.channels + c] & mask;
            if (code_less(best, v, levels)) best = v;
          }
        out.codes[(uint64_t{y} * out.shape.width + x) * s.channels + c] = best;
      }
  return out;
}

}  // namespace

int64_t accumulate(const Layer& layer, const Activation& in, uint32_t neuron, uint32_t y,
                   uint32_t x) {
  int64_t acc = 0;
  for (uint32_t l = 1; l <= in.levels; ++l) {
    int64_t matches = 0;
    for (uint32_t s = 0; s < layer.fan_in; ++s)
      matches += layer.weights.get(neuron, s) == level_bit(window_code(layer, in, y, x, s), l);
    const int64_t dot = 2 * matches - layer.fan_in;
    acc += int64_t{layer.scales[l - 1]} * dot;
  }
  return acc;
}

uint8_t encode(const Layer& layer, uint32_t neuron, int64_t acc, uint32_t levels) {
  const int32_t* table = &layer.thresholds[uint64_t{neuron} * layer.thresholds_per_neuron()];
  uint8_t code = 0;
  uint32_t node = 0;
  for (uint32_t l = 1; l <= levels; ++l) {
    const bool bit = acc >= table[node];
    code |= static_cast<uint8_t>(bit) << (l - 1);
    node = 2 * node + 1 + bit;
  }
  return code;
}

Activation run_layer(const Layer& layer, const Activation& in, uint32_t k) {
  // A pool keeps its input's levels: truncation to k happens where codes are made.
  if (layer.kind == LayerKind::MaxPool) return max_pool(layer, in, in.levels);
  const uint32_t levels = levels_at(layer.levels_out, k);
  Activation out{layer.out, levels, std::vector<uint8_t>(layer.out.elements())};
  for (uint32_t y = 0; y < out.shape.height; ++y)
    for (uint32_t x = 0; x < out.shape.width; ++x)
      for (uint32_t j = 0; j < layer.neurons; ++j)
        out.codes[(uint64_t{y} * out.shape.width + x) * layer.neurons + j] =
            encode(layer, j, accumulate(layer, in, j, y, x), levels);
  return out;
}

Result run_last(const Layer& layer, const Activation& in) {
  Result r;
  for (uint32_t j = 0; j < layer.neurons; ++j)
    r.scores.push_back(int64_t{layer.score_scale[j]} * accumulate(layer, in, j, 0, 0) +
                       layer.score_bias[j]);
  r.label = top1(r.scores);
  return r;
}

Result run(const Model& model, const uint8_t* pixels, uint32_t k) {
  Activation a = encode_pixels(pixels, model.input, model.pixel_levels);
  for (size_t i = 0; i + 1 < model.layers.size(); ++i) a = run_layer(model.layers[i], a, k);
  return run_last(model.layers.back(), a);
}

}  // namespace rebnet::reference
