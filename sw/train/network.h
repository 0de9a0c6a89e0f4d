// The float graph of a skeleton (contract/topology.h): per compute layer one block
//   binary dense/conv -> BatchNorm -> [2x2 max pool] -> residual sign
// and a last block binary dense -> BatchNorm (class scores). Pooling before the sign equals
// the contract's lexicographic pooling of codes (docs/integer-contract.md section 8). The
// full-precision baseline has the same shapes with real weights and ReLU.
#pragma once

#include <torch/torch.h>

#include "contract/model.h"
#include "train/binary_layers.h"
#include "train/residual_sign.h"

namespace rebnet::train {

// How the residual signs initialise their scales and pass gradients.
struct SignConfig {
  ScaleInit init = ScaleInit::Geometric;
  SteWindow window = SteWindow::Scales;
};

class BlockImpl : public torch::nn::Module {
 public:
  // `layer` has its shapes derived; `pools` max pools follow it in the skeleton; in training
  // mode a dense layer drops each input with probability `dropout`.
  BlockImpl(const Layer& layer, uint32_t pools, bool binary, double dropout, SignConfig sign = {});
  torch::Tensor forward(torch::Tensor x);
  // Keeps latent weights and scales in range; call after every optimizer step.
  void clip();
  // Per output neuron the folded BatchNorm z = a*y + c, eval-mode statistics (float64).
  std::pair<torch::Tensor, torch::Tensor> folded_batch_norm() const;
  const WeightedLayer& weighted() const;

  Dense dense{nullptr};
  Conv conv{nullptr};
  torch::nn::BatchNorm1d norm1d{nullptr};  // after dense
  torch::nn::BatchNorm2d norm2d{nullptr};  // after conv
  ResidualSign sign{nullptr};              // binary hidden blocks only
  uint32_t pools = 0;
  double dropout = 0;
  bool last = false;
};
TORCH_MODULE(Block);

class NetworkImpl : public torch::nn::Module {
 public:
  // `dropout` applies to the inputs of dense layers that read hidden activations.
  NetworkImpl(const Model& skeleton, bool binary, double dropout = 0, SignConfig sign = {});
  // pixels: uint8 [N, H*W*C] in the contract's HWC order; returns class scores [N, classes].
  torch::Tensor forward(const torch::Tensor& pixels);
  void clip();
  // Replaces the BatchNorm running statistics, a momentum average over weights that kept
  // changing, with the exact statistics of the current weights over `batches` (pixels).
  void recalibrate(const std::vector<torch::Tensor>& batches);
  // Two-stage training: takes every parameter and buffer of the full-precision graph of the
  // same skeleton, by name (the weights then clipped); only the residual scales, which the
  // float graph does not have, keep their values. Throws rebnet::Error on another shape.
  void start_from(const NetworkImpl& full_precision);
  bool binary() const { return binary_; }
  const Model& skeleton() const { return skeleton_; }

  std::vector<Block> blocks;  // one per compute layer of the skeleton

 private:
  Model skeleton_;
  bool binary_;
};
TORCH_MODULE(Network);

// The first layer's float input: the pixel code's value e (contract section 3) over 128,
// e = 2 (p & mask) - (256 - 2^(8-P)), so that y = acc / 128.
torch::Tensor pixel_values(const torch::Tensor& pixels, uint32_t pixel_levels);

// Image i moved down by dy[i] and right by dx[i] pixels (|shift| < the image size); pixels
// moved in from outside the image are 0, the background. pixels: uint8 [N, H*W*C], HWC.
torch::Tensor shift_pixels(const torch::Tensor& pixels, const Shape& in,
                           const std::vector<int64_t>& dy, const std::vector<int64_t>& dx);

}  // namespace rebnet::train
