// Training a skeleton on an IDX data set: Adam with a decaying learning rate, model
// selection on a validation split held out of the training set by the integer model's
// accuracy, per-epoch checkpoints with resume. Torch-free, so that the command line
// compiles without LibTorch headers.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "contract/model.h"
#include "data/idx.h"
#include "train/validation.h"

namespace rebnet::train {

struct Options {
  bool full_precision = false;  // float baseline: real weights, ReLU, no integer model
  uint32_t epochs = 30;
  uint32_t batch = 100;
  double lr = 1e-2;  // Adam; decays exponentially to lr/100 at the last epoch
  uint64_t seed = 1;
  unsigned threads = 0;          // LibTorch intra-op threads; 0 keeps its default
  uint32_t validation = 5000;    // the last images of the training set; 0: select the last epoch
  double dropout = 0;            // on the inputs of dense layers that read hidden activations
  double label_smoothing = 0.1;  // of the cross-entropy targets
  std::string checkpoint;        // written after every epoch when not empty
  bool resume = false;           // continue from `checkpoint`
  uint32_t shift = 0;            // augmentation: random shifts by up to this many pixels
  // Residual sign (train/residual_sign.h): initial scales "ramp" ((M, .., 1) / sum) or
  // "geometric" (0.8 / 2^(l-1)); straight-through window "unit" (|r_l| <= 1) or "scales"
  // (|r_l| <= g_l + .. + g_M). The defaults are ReBNet's; from M = 3 on, geometric + scales
  // (with shift 1) trained better from the float baseline (docs/training.md), and explore
  // uses them there.
  std::string scale_init = "ramp";
  std::string ste_window = "unit";
  // Two-stage training: when not empty, a checkpoint of a full-precision run of the same
  // topology (--float --checkpoint) whose selected weights and BatchNorms start this run
  // (the residual scales start as `scale_init` says). Gains over training from scratch are
  // in docs/training.md.
  std::string init;
};

inline constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();

struct EpochStats {
  uint32_t epoch = 0;  // 1-based
  double loss = 0;
  double train_accuracy = 0;  // running, over the epoch's batches in training mode
  double validation_float = kNotMeasured;
  double validation_int = kNotMeasured;  // the exported integer model
  double seconds = 0;
};

struct Callbacks {
  std::function<void(const std::string&)> note;  // e.g. resumed from a checkpoint
  std::function<void(uint32_t epoch, uint64_t images)> epoch_begin;
  std::function<void(uint64_t images, double loss, double accuracy)> batch_end;  // epoch means
  std::function<void(const EpochStats&)> epoch_end;
};

struct Outcome {
  Model model;  // the selected epoch's integer model; no layers when float
  uint32_t best_epoch = 0;
  double accuracy_float = 0;  // the selected epoch's float graph on the test set
  std::vector<EpochStats> history;
};

// Throws rebnet::Error for options that cannot train (checked before any data is read).
void check_options(const Options& options);

// Throws rebnet::Error when the data do not fit the skeleton or the validation split.
void check_data(const Model& skeleton, const Options& options, const Dataset& train,
                const Dataset& test);

// Trains `skeleton` (contract/topology.h; levels_out of each layer = its activation's
// levels); the test set is used once, for Outcome::accuracy_float. Deterministic for a
// given seed and thread count, resumed or not.
Outcome train(const Model& skeleton, const Options& options, const Dataset& train,
              const Dataset& test, const Callbacks& callbacks = {});

}  // namespace rebnet::train
