// `rebnet bench train`: training speed of the C++ trainer (sw/train, its own training
// loop through train::train) beside Python PyTorch training the same network with the same
// batch, optimizer and thread count (bench/pytorch_train.py, run as a child process in the
// same run). Built only with REBNET_TORCH; no LibTorch header here.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace rebnet {

// The epoch seconds_per_epoch refers to: Fashion-MNIST's 60,000 training images.
inline constexpr uint64_t kTrainBenchEpochImages = 60000;

struct TrainBenchOptions {
  std::string topology = "sfc";  // dense topologies only when Python runs (sfc, lfc, MLPs)
  uint32_t levels = 2;           // hidden levels M
  uint32_t batch = 0;            // 0: the trainer's default (train::Options)
  uint64_t images = 20000;       // training images used per round (the first N); 0: all
  uint32_t epochs = 1;           // passes over those images per round
  uint32_t warmup = 10;          // first steps of every round, not timed
  uint32_t rounds = 3;           // each side trains once per round, Python first
  unsigned threads = 0;          // for both sides; 0: all cores
  uint64_t seed = 1;             // of initialisation and shuffling (each side its own generator)
  std::string data_dir;          // IDX directory; empty: REBNET_DEFAULT_DATA_DIR
  bool python = true;            // run the Python side
  std::string python_exe = "/usr/bin/python3";  // Debian's, for which python3-torch installs torch
  std::string python_script;                    // empty: bench/pytorch_train.py of the sources
  std::function<void(const std::string&)> progress;  // optional one-line status reports
};

// Fields: seconds_per_epoch_{cpp,python} (per round 60,000 / images per second, the
// 60k-image epoch extrapolated from the timed steps; per side the median over the rounds),
// images_per_s_{cpp,python}, ratio_cpp_over_python (of the medians; target <= 1), the
// settings, load_average {start, end}, by_round (both sides and their ratio), and per side
// every round's timed steps, seconds, mean training loss and accuracy of its last epoch
// (cpp.rounds, python.rounds). Python's fields are null with python = false. Throws
// rebnet::Error for bad options or data, and when python3 or its torch module is missing
// (the message names scripts/bench_train.sh).
nlohmann::json bench_train(const TrainBenchOptions& options);

}  // namespace rebnet
