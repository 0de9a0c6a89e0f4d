// Values that flow between layers of the golden models.
#pragma once

#include <cstdint>
#include <vector>

#include "contract/model.h"

namespace rebnet {

// An activation tensor of residual codes: one code per (pixel, channel), pixel
// major, channels innermost. Bit l-1 of a code is level l's bit (1 means +1).
struct Activation {
  Shape shape;
  uint32_t levels = 0;
  std::vector<uint8_t> codes;
  bool operator==(const Activation&) const = default;
};

// Output of the last layer: raw integer scores and the top-1 class.
struct Result {
  std::vector<int64_t> scores;
  uint32_t label = 0;
  bool operator==(const Result&) const = default;
};

// The pixel code: level l is bit 8-l of the pixel, for l = 1..levels.
Activation encode_pixels(const uint8_t* pixels, const Shape& shape, uint32_t levels);

// Top-1 index; ties go to the lowest index.
uint32_t top1(const std::vector<int64_t>& scores);

// Levels actually used for an activation of `levels` levels when the network
// runs with run-time level count k (0 means all levels).
inline uint32_t levels_at(uint32_t levels, uint32_t k) {
  return (k == 0 || k > levels) ? levels : k;
}

}  // namespace rebnet
