// Codes travel in value form, [N, C, H, W] int64 with level l at bit 8-l: numeric order is
// then the contract's lexicographic order (level 1 most significant), so max pool is
// max_pool2d, and the pixel code is simply p & mask. Accumulators are float32 convolutions
// of +-1 weights with the integer input values (oneDNN; Debian's LibTorch does matmuls with
// the reference BLAS, an order of magnitude slower), exact as explained at accumulate().
#include "train/quantized.h"

#include <torch/torch.h>

namespace rebnet::train {
namespace {

struct Codes {
  torch::Tensor values;  // [N, C, H, W] int64, value form
  uint32_t levels = 0;
};

// A layer's parameters as tensors, built once per call.
struct Prepared {
  const Layer* layer;
  torch::Tensor weights;                  // compute layers: +-1 kernels (weight_signs)
  torch::Tensor thresholds;               // hidden: int64 [neurons, 2^Mo - 1]
  torch::Tensor score_scale, score_bias;  // last: int64 [classes]
};

// The value of each code over levels first..last (1-based): sum_l G_l (2 s_l - 1), as
// float32 through a 256-entry table.
torch::Tensor code_values(const torch::Tensor& codes, const std::vector<uint32_t>& scales,
                          uint32_t first, uint32_t last) {
  std::vector<float> table(256);
  for (uint32_t v = 0; v < 256; ++v)
    for (uint32_t l = first; l <= last; ++l)
      table[v] += ((v >> (8 - l)) & 1u) ? float(scales[l - 1]) : -float(scales[l - 1]);
  return torch::tensor(table).take(codes);
}

// +-1 weights as convolution kernels: [O, C, K, K] for conv (synapse (ky*K + kx)*C + c),
// [neurons, fan_in, 1, 1] for dense.
torch::Tensor weight_signs(const Layer& layer) {
  torch::Tensor w = torch::empty({layer.neurons, layer.fan_in});
  auto acc = w.accessor<float, 2>();
  for (uint32_t j = 0; j < layer.neurons; ++j)
    for (uint32_t s = 0; s < layer.fan_in; ++s) acc[j][s] = layer.weights.get(j, s) ? 1 : -1;
  if (layer.kind == LayerKind::Dense) return w.reshape({layer.neurons, layer.fan_in, 1, 1});
  const int64_t k = layer.kernel;
  return w.reshape({layer.neurons, k, k, layer.in.channels}).permute({0, 3, 1, 2}).contiguous();
}

// acc [N, neurons, H, W] as int64. A dense layer is a 1x1 convolution of its input
// flattened in HWC order (contract section 9). Levels are summed in groups whose bound
// fan_in * sum G stays below 2^24, so that every float32 partial sum is an exact integer;
// a pixel code (sum G <= 255, fan_in <= 2^16) and every named topology need one group.
torch::Tensor accumulate(const Prepared& p, const Codes& in) {
  const Layer& layer = *p.layer;
  torch::Tensor codes = in.values;
  if (layer.kind == LayerKind::Dense)
    codes = codes.permute({0, 2, 3, 1}).reshape({codes.size(0), -1, 1, 1});
  const int64_t exact = int64_t{1} << 24;
  torch::Tensor acc;
  for (uint32_t first = 1, last; first <= in.levels; first = last + 1) {
    int64_t sum = layer.scales[first - 1];
    for (last = first; last < in.levels && layer.fan_in * (sum + layer.scales[last]) < exact;)
      sum += layer.scales[last++];
    const torch::Tensor part =
        torch::conv2d(code_values(codes, layer.scales, first, last), p.weights).to(torch::kInt64);
    acc = acc.defined() ? acc + part : part;
  }
  return acc;
}

// Threshold-table walk (contract section 6) for all neurons at once, emitting `levels` bits.
torch::Tensor encode(const Prepared& p, const torch::Tensor& acc, uint32_t levels) {
  const int64_t neurons = p.thresholds.size(0), per_neuron = p.thresholds.size(1);
  // One row per (image, pixel), neurons innermost; row j of the table serves neuron j.
  const torch::Tensor moved = acc.movedim(1, -1);
  const torch::Tensor flat = moved.reshape({-1, neurons});
  const torch::Tensor rows = p.thresholds.unsqueeze(0).expand({flat.size(0), neurons, per_neuron});
  torch::Tensor node = torch::zeros_like(flat), code = torch::zeros_like(flat);
  for (uint32_t l = 1; l <= levels; ++l) {
    const torch::Tensor bit =
        (flat >= rows.gather(2, node.unsqueeze(2)).squeeze(2)).to(torch::kInt64);
    code += bit * (int64_t{1} << (8 - l));
    node = 2 * node + 1 + bit;
  }
  return code.reshape(moved.sizes()).movedim(-1, 1);
}

torch::Tensor int64_tensor(const auto& values) {
  return torch::tensor(std::vector<int64_t>(values.begin(), values.end()));
}

std::vector<Prepared> prepare(const Model& model) {
  std::vector<Prepared> prepared;
  for (const Layer& layer : model.layers) {
    Prepared p{&layer, {}, {}, {}, {}};
    if (layer.computes()) p.weights = weight_signs(layer);
    if (layer.last()) {
      p.score_scale = int64_tensor(layer.score_scale);
      p.score_bias = int64_tensor(layer.score_bias);
    } else if (layer.computes()) {
      p.thresholds = int64_tensor(layer.thresholds).reshape({layer.neurons, -1});
    }
    prepared.push_back(std::move(p));
  }
  return prepared;
}

std::vector<Result> run_chunk(const Model& model, const std::vector<Prepared>& layers,
                              const torch::Tensor& pixels, uint32_t k) {
  const Shape& in = model.input;
  const uint32_t p = model.pixel_levels;
  Codes codes{torch::bitwise_and(pixels.to(torch::kInt64), (0xFF << (8 - p)) & 0xFF)
                  .reshape({-1, int64_t{in.height}, int64_t{in.width}, int64_t{in.channels}})
                  .permute({0, 3, 1, 2}),
              p};
  for (const Prepared& layer : layers) {
    if (layer.layer->kind == LayerKind::MaxPool) {
      codes.values = torch::max_pool2d(codes.values.to(torch::kFloat), 2, 2).to(torch::kInt64);
    } else if (!layer.layer->last()) {
      const uint32_t levels = levels_at(layer.layer->levels_out, k);
      codes.values = encode(layer, accumulate(layer, codes), levels);
      codes.levels = levels;
    }
  }
  const Prepared& last = layers.back();
  const torch::Tensor scores =
      (last.score_scale * accumulate(last, codes).flatten(1) + last.score_bias).contiguous();
  // Top-1 with ties to the lowest index, spelled out rather than trusting argmax's tie rule.
  const int64_t classes = scores.size(1);
  const torch::Tensor best = scores.amax(1, true);
  const torch::Tensor label = torch::where(scores == best, torch::arange(classes), classes).amin(1);

  std::vector<Result> results(scores.size(0));
  const int64_t* s = scores.data_ptr<int64_t>();
  const auto l = label.accessor<int64_t, 1>();
  for (size_t i = 0; i < results.size(); ++i) {
    results[i].scores.assign(s + i * classes, s + (i + 1) * classes);
    results[i].label = static_cast<uint32_t>(l[i]);
  }
  return results;
}

}  // namespace

std::vector<Result> run_quantized(const Model& model, const uint8_t* pixels, size_t images,
                                  uint32_t k) {
  torch::NoGradGuard no_grad;
  const int64_t size = static_cast<int64_t>(model.input.elements());
  const size_t chunk = 500;  // bounds the activations of the wider topologies
  const std::vector<Prepared> layers = prepare(model);
  std::vector<Result> results;
  results.reserve(images);
  for (size_t begin = 0; begin < images; begin += chunk) {
    const int64_t n = static_cast<int64_t>(std::min(chunk, images - begin));
    const torch::Tensor batch =
        torch::from_blob(const_cast<uint8_t*>(pixels + begin * size), {n, size}, torch::kUInt8);
    for (Result& r : run_chunk(model, layers, batch, k)) results.push_back(std::move(r));
  }
  return results;
}

}  // namespace rebnet::train
