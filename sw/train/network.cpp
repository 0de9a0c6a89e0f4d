#include "train/network.h"

#include <algorithm>
#include <cstdlib>

#include "contract/error.h"

namespace rebnet::train {

BlockImpl::BlockImpl(const Layer& layer, uint32_t pools_after, bool binary, double drop,
                     SignConfig sign_config)
    : pools(pools_after), dropout(drop), last(layer.last()) {
  if (layer.kind == LayerKind::Conv) {
    conv = register_module("conv", Conv(layer.in.channels, layer.neurons, layer.kernel, binary));
    norm2d = register_module("norm", torch::nn::BatchNorm2d(layer.neurons));
  } else {
    dense = register_module("dense", Dense(layer.fan_in, layer.neurons, binary));
    norm1d = register_module("norm", torch::nn::BatchNorm1d(layer.neurons));
  }
  if (binary && !last)
    sign = register_module("sign",
                           ResidualSign(layer.levels_out, sign_config.init, sign_config.window));
}

torch::Tensor BlockImpl::forward(torch::Tensor x) {
  if (conv) {
    x = norm2d(conv(x));
  } else {
    // Dense after conv reads its input in HWC order (contract section 9).
    if (x.dim() == 4) x = x.permute({0, 2, 3, 1}).flatten(1);
    if (dropout > 0) x = torch::dropout(x, dropout, is_training());
    x = norm1d(dense(x));
  }
  for (uint32_t p = 0; p < pools; ++p) x = torch::max_pool2d(x, 2, 2);
  if (last) return x;
  return sign ? sign(x) : torch::relu(x);
}

void BlockImpl::clip() {
  if (conv) conv->clip();
  if (dense) dense->clip();
  if (sign) sign->clip();
}

const WeightedLayer& BlockImpl::weighted() const {
  if (conv) return *conv;
  return *dense;
}

std::pair<torch::Tensor, torch::Tensor> BlockImpl::folded_batch_norm() const {
  auto fold = [](const auto& norm) {
    auto f64 = [](const torch::Tensor& t) { return t.detach().to(torch::kFloat64); };
    const torch::Tensor a =
        f64(norm->weight) / (f64(norm->running_var) + norm->options.eps()).sqrt();
    return std::pair{a, f64(norm->bias) - a * f64(norm->running_mean)};
  };
  return conv ? fold(norm2d) : fold(norm1d);
}

NetworkImpl::NetworkImpl(const Model& skeleton, bool binary, double dropout, SignConfig sign)
    : skeleton_(skeleton), binary_(binary) {
  skeleton_.derive_shapes();
  const auto& layers = skeleton_.layers;
  for (size_t i = 0; i < layers.size(); ++i) {
    if (!layers[i].computes()) {
      if (blocks.empty()) throw Error("trainer: a max pool must follow a compute layer");
      continue;
    }
    uint32_t pools = 0;
    while (i + 1 + pools < layers.size() && !layers[i + 1 + pools].computes()) ++pools;
    blocks.push_back(register_module("block" + std::to_string(blocks.size()),
                                     Block(layers[i], pools, binary, i > 0 ? dropout : 0, sign)));
  }
}

torch::Tensor NetworkImpl::forward(const torch::Tensor& pixels) {
  const Shape& in = skeleton_.input;
  torch::Tensor x = pixel_values(pixels, skeleton_.pixel_levels)
                        .reshape({-1, int64_t{in.height}, int64_t{in.width}, int64_t{in.channels}})
                        .permute({0, 3, 1, 2});
  for (Block& block : blocks) x = block(x);
  return x;
}

void NetworkImpl::clip() {
  for (Block& block : blocks) block->clip();
}

void NetworkImpl::recalibrate(const std::vector<torch::Tensor>& batches) {
  torch::NoGradGuard no_grad;
  auto each_norm = [&](const auto& f) {
    for (Block& block : blocks) {
      if (block->norm1d) f(*block->norm1d);
      if (block->norm2d) f(*block->norm2d);
    }
  };
  // Evaluation mode (no dropout) except for the BatchNorms, whose momentum = none makes the
  // running statistics a cumulative average over the batches since the reset.
  const bool was_training = is_training();
  eval();
  std::vector<c10::optional<double>> momentum;
  each_norm([&](auto& norm) {
    momentum.push_back(norm.options.momentum());
    norm.options.momentum(c10::nullopt);
    norm.reset_running_stats();
    norm.train();
  });
  for (const torch::Tensor& batch : batches) forward(batch);
  size_t i = 0;
  each_norm([&](auto& norm) { norm.options.momentum(momentum[i++]); });
  train(was_training);
}

void NetworkImpl::start_from(const NetworkImpl& full_precision) {
  torch::NoGradGuard no_grad;
  auto take = [](auto to, const auto& from) {
    for (const auto& item : from) {
      torch::Tensor* mine = to.find(item.key());
      if (!mine || mine->sizes() != item.value().sizes())
        throw Error("the float graph's " + item.key() + " has shape " +
                    c10::str(item.value().sizes()) +
                    (mine ? ", this graph's " + c10::str(mine->sizes()) : ", this graph none"));
      mine->copy_(item.value());
    }
  };
  take(named_parameters(), full_precision.named_parameters());
  take(named_buffers(), full_precision.named_buffers());
  clip();
}

torch::Tensor pixel_values(const torch::Tensor& pixels, uint32_t pixel_levels) {
  const int64_t mask = (0xFF << (8 - pixel_levels)) & 0xFF;
  const int64_t offset = 256 - (int64_t{1} << (8 - pixel_levels));
  return (2 * torch::bitwise_and(pixels.to(torch::kInt32), mask) - offset).to(torch::kFloat) / 128;
}

torch::Tensor shift_pixels(const torch::Tensor& pixels, const Shape& in,
                           const std::vector<int64_t>& dy, const std::vector<int64_t>& dx) {
  const int64_t n = pixels.size(0), h = in.height, w = in.width, c = in.channels;
  int64_t pad = 0;
  for (size_t i = 0; i < dy.size(); ++i) pad = std::max({pad, std::abs(dy[i]), std::abs(dx[i])});
  // Output (y, x) reads padded (y + pad - dy, x + pad - dx).
  const torch::Tensor padded =
      torch::constant_pad_nd(pixels.reshape({n, h, w, c}), {0, 0, pad, pad, pad, pad}, 0);
  const torch::Tensor rows = torch::arange(h).unsqueeze(0) + pad - torch::tensor(dy).unsqueeze(1);
  const torch::Tensor cols = torch::arange(w).unsqueeze(0) + pad - torch::tensor(dx).unsqueeze(1);
  return padded
      .index({torch::arange(n).view({n, 1, 1}), rows.view({n, h, 1}), cols.view({n, 1, w})})
      .reshape({n, h * w * c});
}

}  // namespace rebnet::train
