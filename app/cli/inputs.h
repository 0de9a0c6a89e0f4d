// Input frames for the commands that run hardware models (simulate, cosim):
// the first N test images of an IDX directory, or N random images.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "contract/model.h"
#include "data/idx.h"

namespace rebnet::cli {

struct Inputs {
  std::vector<uint8_t> pixels;  // count * frame elements
  std::vector<uint8_t> labels;  // empty for random inputs
  uint64_t count = 0;
  std::string source;           // for messages and JSON
};

// Refuses a data set whose images do not fit the model's input or whose labels
// exceed its classes.
void check_data_shape(const Model& model, const Dataset& data, const std::string& dir);

// `random_inputs` > 0: that many random images (seeded); otherwise the first
// `images` test images of `data_dir` (0: all).
Inputs load_inputs(const Model& model, const std::string& data_dir, uint64_t random_inputs,
                   uint64_t images, uint64_t seed);

}  // namespace rebnet::cli
