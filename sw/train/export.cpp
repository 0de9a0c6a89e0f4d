#include "train/export.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "contract/error.h"

namespace rebnet::train {
namespace {

std::vector<double> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().to(torch::kFloat64).contiguous();
  return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

// Weight bits in contract order, [neurons, fan_in]: a conv synapse is (ky*K + kx)*C + c,
// so LibTorch's OIHW becomes OHWI. Dense layers after a conv already read HWC order.
torch::Tensor weight_bits(const BlockImpl& block) {
  torch::Tensor w = block.weighted().weight.detach();
  if (w.dim() == 4) w = w.permute({0, 2, 3, 1});
  return (w.reshape({w.size(0), -1}) >= 0).contiguous();
}

// One neuron's heap-ordered table for z = a*acc + c with a >= 0 and the next activation's
// float scales h: T[node] = ceil((R_node - c) / a), R_node = sum_{i<l} h_i (2 s_i - 1) over
// the node's prefix (s_1 most significant). a = 0 makes z constant: the infinities clamp
// to the always-1 / always-0 limits.
void fill_thresholds(double a, double c, const std::vector<double>& h, int64_t bound,
                     int32_t* table) {
  const uint32_t nodes = (1u << h.size()) - 1;
  const double limit = double(bound + 1), inf = std::numeric_limits<double>::infinity();
  for (uint32_t node = 0; node < nodes; ++node) {
    const uint32_t depth = std::bit_width(node + 1) - 1;
    const uint32_t prefix = node + 1 - (1u << depth);
    double r = 0;
    for (uint32_t i = 0; i < depth; ++i) r += ((prefix >> (depth - 1 - i)) & 1u) ? h[i] : -h[i];
    const double t = a > 0 ? std::ceil((r - c) / a) : (c >= r ? -inf : inf);
    table[node] = static_cast<int32_t>(std::clamp(t, -limit, limit));
  }
}

// score_j = A_j acc_j + C_j = S (a_j acc_j + c_j) rounded, with one positive S that makes
// max |A_j| = 2^15 - 1 unless |C_j| would reach 2^46.
void fill_scores(Layer& layer, const std::vector<double>& a, const std::vector<double>& c) {
  const double a_max = max_abs(a), c_max = max_abs(c);
  double s = a_max > 0 ? kScoreScaleMax / a_max : 1.0;
  if (c_max > 0) s = std::min(s, double(kScoreBiasLimit - 1) / c_max);
  layer.score_scale.clear();
  layer.score_bias.clear();
  for (size_t j = 0; j < a.size(); ++j) {
    layer.score_scale.push_back(static_cast<int32_t>(std::llround(s * a[j])));
    layer.score_bias.push_back(std::llround(s * c[j]));
  }
}

}  // namespace

std::vector<uint32_t> integer_scales(const std::vector<double>& g) {
  const double top = *std::max_element(g.begin(), g.end());
  std::vector<uint32_t> scales;
  for (double v : g)
    scales.push_back(static_cast<uint32_t>(std::max(1.0, std::round(255 * v / top))));
  return scales;
}

Model export_model(const NetworkImpl& net) {
  if (!net.binary()) throw Error("export: a full-precision network has no integer form");
  Model model = net.skeleton();
  // Scales of the current layer's input code and the real value of one accumulator unit:
  // the pixel code's e enters the float graph as e/128 (network.h).
  std::vector<uint32_t> scales = pixel_scales(model.pixel_levels);
  double unit = 1.0 / 128;
  size_t block_index = 0;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    Layer& layer = model.layers[i];
    if (!layer.computes()) continue;
    const BlockImpl& block = *net.blocks[block_index++];
    layer.scales = scales;
    const auto [a_norm, c_norm] = block.folded_batch_norm();
    const std::vector<double> a = to_vector(a_norm * unit), c = to_vector(c_norm);
    for (size_t j = 0; j < a.size(); ++j)
      if (!std::isfinite(a[j]) || !std::isfinite(c[j]))
        throw Error("export: layer " + std::to_string(i) + " neuron " + std::to_string(j) +
                    " has non-finite BatchNorm parameters");

    // Hidden neurons with a < 0 get their row negated (acc -> -acc), so that a > 0.
    const torch::Tensor bits = weight_bits(block);
    const auto bit = bits.accessor<bool, 2>();
    layer.weights = BitMatrix(layer.neurons, layer.fan_in);
    for (uint32_t j = 0; j < layer.neurons; ++j) {
      const bool negate = !layer.last() && a[j] < 0;
      for (uint32_t s = 0; s < layer.fan_in; ++s) layer.weights.set(j, s, bit[j][s] != negate);
    }
    if (layer.last()) {
      fill_scores(layer, a, c);
      continue;
    }
    const std::vector<double> h = to_vector(block.sign->scales);
    const uint32_t per_neuron = layer.thresholds_per_neuron();
    layer.thresholds.assign(uint64_t{layer.neurons} * per_neuron, 0);
    for (uint32_t j = 0; j < layer.neurons; ++j)
      fill_thresholds(std::abs(a[j]), c[j], h, layer.accumulator_bound(),
                      &layer.thresholds[uint64_t{j} * per_neuron]);
    scales = integer_scales(h);
    unit = *std::max_element(h.begin(), h.end()) / 255;
  }
  model.finalize();
  return model;
}

}  // namespace rebnet::train
