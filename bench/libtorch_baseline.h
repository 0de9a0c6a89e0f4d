// LibTorch float inference of a dense ReBNet model: the baseline of `rebnet bench golden`.
// libtorch_baseline.cpp is the only file that includes LibTorch; it is built only with
// REBNET_TORCH (then REBNET_HAVE_TORCH is defined for rebnet_bench).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "contract/model.h"

namespace rebnet {

// A faithful float equivalent of a model of dense layers: weights as +-1 floats, the pixel
// code as its value 2q - sum_l G_l, each hidden layer a matmul whose accumulators walk the
// threshold trees level by level and emit sum_l G_l (2 b_l - 1) with the next layer's scales.
// Every intermediate value is an integer below 2^24 for SFC-sized layers, so float is exact.
class LibtorchMlp {
 public:
  // How the matmuls run: oneDNN (mkldnn_linear on oneDNN tensors) or at::mm, which goes to
  // whatever BLAS LibTorch was built with (Debian: the reference BLAS, single-threaded).
  enum class Matmul { OneDnn, Blas };
  static bool has_onednn();

  LibtorchMlp(const Model& model, unsigned threads, Matmul matmul);
  ~LibtorchMlp();
  // Top-1 labels of `images` images (image i at pixels + i * input elements), one batch.
  std::vector<uint32_t> labels(const uint8_t* pixels, size_t images) const;

 private:
  struct Net;
  std::unique_ptr<Net> net_;
};

}  // namespace rebnet
