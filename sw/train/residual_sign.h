// The residual sign activation (design brief section 2): M binary levels with one learned
// scale vector g per activation layer, and its hand-written straight-through backward.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace rebnet::train {

// The straight-through estimator's window of level l: ds_l/dr_l = [|r_l| <= window_l].
enum class SteWindow {
  Unit,    // window_l = 1 (ReBNet's code, as for binary weights)
  Scales,  // window_l = g_l + ... + g_M, the largest value the remaining levels represent
};

// Initial scales g_1..g_M.
enum class ScaleInit {
  Ramp,       // (M, M-1, ..., 1) / sum (ReBNet's code)
  Geometric,  // g_l = 0.8 / 2^(l-1): g_1 = E|z| of BatchNorm's N(0, 1) output, then halving
};

// Elementwise: r_1 = x; s_l = sign(r_l) (sign(0) = +1); r_{l+1} = r_l - g_l s_l;
// out = sum_l g_l s_l. Backward: ds_l/dr_l = [|r_l| <= window_l] (the window taken as a
// constant), exact through the recurrence for g (whose gradient sums over all elements).
torch::Tensor residual_sign(const torch::Tensor& x, const torch::Tensor& g,
                            SteWindow window = SteWindow::Unit);

class ResidualSignImpl : public torch::nn::Module {
 public:
  explicit ResidualSignImpl(uint32_t levels, ScaleInit init = ScaleInit::Ramp,
                            SteWindow window = SteWindow::Unit);
  torch::Tensor forward(const torch::Tensor& x) const { return residual_sign(x, scales, window); }
  // Keeps g positive (call after every optimizer step): the contract's scales are >= 1.
  void clip();
  torch::Tensor scales;  // g_1..g_M
  SteWindow window;
};
TORCH_MODULE(ResidualSign);

}  // namespace rebnet::train
