// The fast golden model: the integer contract computed with bit planes and SIMD kernels
// (golden/kernels.h). It equals golden/reference bit for bit, scores, labels and every
// activation; tests/sw/test_golden.cpp checks that. Const methods may run concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "contract/model.h"
#include "golden/activation.h"
#include "golden/kernels.h"

namespace rebnet {

class FastModel {
 public:
  // Packs the weights of a finalized model once, for the fastest kernels this CPU runs.
  explicit FastModel(const Model& model);
  // The same with a chosen kernel set (one of kernels::available()), for tests.
  FastModel(const Model& model, const kernels::Set& kernels);

  // One image of the model's input shape; k = run-time level count (0 = all).
  Result run(const uint8_t* pixels, uint32_t k = 0) const;
  // A hidden layer or a max pool on its own, as reference::run_layer.
  Activation run_layer(size_t layer_index, const Activation& in, uint32_t k) const;
  // The last layer on its own, as reference::run_last.
  Result run_last(const Activation& in) const;
  // Image i at pixels + i * (input elements), split over `threads` threads (0 = all cores).
  std::vector<Result> run_batch(const uint8_t* pixels, size_t images, uint32_t k = 0,
                                unsigned threads = 0) const;
  const char* kernel_name() const { return kernels_->name; }

 private:
  // A layer as the kernels read it (weight and threshold tables transposed to neuron groups).
  struct Packed {
    LayerKind kind;
    Shape in, out;
    uint32_t kernel, fan_in, levels_out;
    bool pixel_input;  // the input is the pixel code: exact integer dot product
    std::vector<int32_t> scales;
    kernels::BinaryWeights binary;    // hidden input
    kernels::PixelWeights pixel;      // pixel input
    std::vector<int32_t> thresholds;  // [node][column]
    std::vector<int32_t> score_scale;
    std::vector<int64_t> score_bias;
    uint32_t columns() const {
      return (out.channels + kernels::kGroup - 1) / kernels::kGroup * kernels::kGroup;
    }
  };
  struct Scratch;

  void load_pixels(const uint8_t* pixels, size_t images, Scratch& s) const;
  void forward(Scratch& s, size_t images, uint32_t k, Result* out) const;
  uint32_t step(const Packed& p, size_t images, uint32_t levels, uint32_t k, Scratch& s) const;
  void accumulate(const Packed& p, size_t images, uint32_t levels, Scratch& s) const;
  void scores(const Packed& p, size_t images, const Scratch& s, Result* out) const;
  const Packed& layer(size_t index) const;

  const kernels::Set* kernels_;
  Shape input_;
  uint32_t pixel_levels_;
  std::vector<Packed> layers_;
  size_t tile_images_;  // images per run_batch work item
};

}  // namespace rebnet
