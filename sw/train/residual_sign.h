// The residual sign activation (design brief section 2): M binary levels with one learned
// scale vector g per activation layer, and its hand-written straight-through backward.
#pragma once

#include <torch/torch.h>

#include <cstdint>

namespace rebnet::train {

// Elementwise: r_1 = x; s_l = sign(r_l) (sign(0) = +1); r_{l+1} = r_l - g_l s_l;
// out = sum_l g_l s_l. Backward: ds_l/dr_l = [|r_l| <= 1], exact through the recurrence
// for g (whose gradient sums over all elements).
torch::Tensor residual_sign(const torch::Tensor& x, const torch::Tensor& g);

class ResidualSignImpl : public torch::nn::Module {
 public:
  // g initialised to (M, M-1, ..., 1) / sum.
  explicit ResidualSignImpl(uint32_t levels);
  torch::Tensor forward(const torch::Tensor& x) const { return residual_sign(x, scales); }
  // Keeps g positive (call after every optimizer step): the contract's scales are >= 1.
  void clip();
  torch::Tensor scales;  // g_1..g_M
};
TORCH_MODULE(ResidualSign);

}  // namespace rebnet::train
