#include "train/residual_sign.h"

namespace rebnet::train {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// sign with sign(0) = +1 (the contract's bit 1).
torch::Tensor sign_of(const torch::Tensor& r) { return (r >= 0).to(r.dtype()) * 2 - 1; }

class ResidualSignFn : public torch::autograd::Function<ResidualSignFn> {
 public:
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& g,
                               int64_t window) {
    ctx->save_for_backward({x, g});
    ctx->saved_data["window"] = window;
    torch::Tensor r = x, out = torch::zeros_like(x);
    for (int64_t l = 0; l < g.size(0); ++l) {
      const torch::Tensor step = g[l] * sign_of(r);
      out += step;
      r = r - step;
    }
    return out;
  }

  // Reverse sweep with adj = dL/dr_{l+1} (0 after the last level):
  //   dL/ds_l = g_l (grad - adj), dL/dg_l = sum s_l (grad - adj),
  //   dL/dr_l = dL/ds_l [|r_l| <= window_l] + adj.
  // The residuals are recomputed rather than saved: M tensors of memory for a few ops.
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor &x = saved[0], &g = saved[1], &grad = grads[0];
    const bool at_scales = ctx->saved_data["window"].toInt() == int64_t(SteWindow::Scales);
    const int64_t levels = g.size(0);
    std::vector<torch::Tensor> r{x}, s;
    for (int64_t l = 0; l < levels; ++l) {
      s.push_back(sign_of(r[l]));
      r.push_back(r[l] - g[l] * s[l]);
    }
    torch::Tensor adj = torch::zeros_like(x), grad_g = torch::empty_like(g);
    for (int64_t l = levels - 1; l >= 0; --l) {
      const torch::Tensor outer = grad - adj;
      grad_g[l] = (s[l] * outer).sum();
      const torch::Tensor pass = at_scales ? r[l].abs() <= g.slice(0, l).sum() : r[l].abs() <= 1;
      adj = g[l] * outer * pass.to(x.dtype()) + adj;
    }
    return {adj, grad_g, torch::Tensor()};
  }
};

}  // namespace

torch::Tensor residual_sign(const torch::Tensor& x, const torch::Tensor& g, SteWindow window) {
  return ResidualSignFn::apply(x, g, int64_t(window));
}

ResidualSignImpl::ResidualSignImpl(uint32_t levels, ScaleInit init, SteWindow w) : window(w) {
  const auto m = int64_t{levels};
  const torch::Tensor level = torch::arange(m, torch::kFloat);
  scales = register_parameter("scales", init == ScaleInit::Geometric
                                            ? 0.8 * torch::pow(0.5, level)
                                            : (m - level) / (double(m * (m + 1)) / 2));
}

void ResidualSignImpl::clip() {
  torch::NoGradGuard no_grad;
  scales.clamp_min_(1e-3);
}

}  // namespace rebnet::train
