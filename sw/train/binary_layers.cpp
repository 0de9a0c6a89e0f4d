#include "train/binary_layers.h"

#include <cmath>

namespace rebnet::train {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

class SignSte : public torch::autograd::Function<SignSte> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& w) {
    ctx->save_for_backward({w});
    return (w >= 0).to(w.dtype()) * 2 - 1;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grad) {
    const torch::Tensor w = ctx->get_saved_variables()[0];
    return {grad[0] * (w.abs() <= 1).to(grad[0].dtype())};
  }
};

}  // namespace

torch::Tensor binarize(const torch::Tensor& w) { return SignSte::apply(w); }

// Glorot-uniform initialisation for both kinds: BatchNorm follows every layer, so only the
// latent weights' distance from the sign flip matters, and that scales with Adam's steps.
WeightedLayer::WeightedLayer(std::vector<int64_t> shape, int64_t fan_in, int64_t fan_out,
                             bool binary)
    : binary_(binary) {
  const double bound = std::sqrt(6.0 / double(fan_in + fan_out));
  weight = register_parameter("weight", torch::empty(shape).uniform_(-bound, bound));
}

torch::Tensor WeightedLayer::effective() const { return binary_ ? binarize(weight) : weight; }

void WeightedLayer::clip() {
  if (!binary_) return;
  torch::NoGradGuard no_grad;
  weight.clamp_(-1, 1);
}

DenseImpl::DenseImpl(int64_t in, int64_t out, bool binary)
    : WeightedLayer({out, in}, in, out, binary) {}

// As a 1x1 convolution: Debian's LibTorch runs linear() on the reference BLAS, while
// convolutions go to oneDNN, an order of magnitude faster forward and backward.
torch::Tensor DenseImpl::forward(const torch::Tensor& x) const {
  const torch::Tensor w = effective();
  return torch::conv2d(x.reshape({x.size(0), x.size(1), 1, 1}),
                       w.reshape({w.size(0), w.size(1), 1, 1}))
      .flatten(1);
}

ConvImpl::ConvImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, bool binary)
    : WeightedLayer({out_channels, in_channels, kernel, kernel}, in_channels * kernel * kernel,
                    out_channels * kernel * kernel, binary) {}

torch::Tensor ConvImpl::forward(const torch::Tensor& x) const {
  return torch::conv2d(x, effective());
}

}  // namespace rebnet::train
