// Dense and convolution layers without bias whose weights are binarized in the forward
// pass (sign with a straight-through estimator), or kept real for the float baseline.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace rebnet::train {

// sign(w) with sign(0) = +1 (the contract's bit 1); backward passes the gradient where
// |w| <= 1 and blocks it elsewhere.
torch::Tensor binarize(const torch::Tensor& w);

// Shared by both layer kinds: the latent (binary) or real weight tensor.
class WeightedLayer : public torch::nn::Module {
 public:
  WeightedLayer(std::vector<int64_t> shape, int64_t fan_in, int64_t fan_out, bool binary);
  // The weights the forward pass uses: binarize(weight) or weight.
  torch::Tensor effective() const;
  // Keeps latent weights in [-1, 1] (call after every optimizer step); no-op when real.
  void clip();
  torch::Tensor weight;

 private:
  bool binary_;
};

// out[n, j] = sum_i W[j, i] * x[n, i].
class DenseImpl : public WeightedLayer {
 public:
  DenseImpl(int64_t in, int64_t out, bool binary);
  torch::Tensor forward(const torch::Tensor& x) const;
};
TORCH_MODULE(Dense);

// K x K, stride 1, valid padding, NCHW; weight [out, in, K, K].
class ConvImpl : public WeightedLayer {
 public:
  ConvImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, bool binary);
  torch::Tensor forward(const torch::Tensor& x) const;
};
TORCH_MODULE(Conv);

}  // namespace rebnet::train
