#include "golden/activation.h"

namespace rebnet {

Activation encode_pixels(const uint8_t* pixels, const Shape& shape, uint32_t levels) {
  Activation a{shape, levels, std::vector<uint8_t>(shape.elements())};
  for (size_t i = 0; i < a.codes.size(); ++i) {
    uint8_t code = 0;
    for (uint32_t l = 1; l <= levels; ++l) code |= ((pixels[i] >> (8 - l)) & 1u) << (l - 1);
    a.codes[i] = code;
  }
  return a;
}

uint32_t top1(const std::vector<int64_t>& scores) {
  uint32_t best = 0;
  for (uint32_t j = 1; j < scores.size(); ++j)
    if (scores[j] > scores[best]) best = j;
  return best;
}

}  // namespace rebnet
