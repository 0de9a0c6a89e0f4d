#include "plan/pixel_encoder_config.h"

#include <string>

#include "contract/error.h"

namespace rebnet {

void PixelEncoderConfig::check() const {
  if (Elems < 1)
    throw Error("pixel encoder: Elems = " + std::to_string(Elems) + ", expected at least 1");
  if (PixelLevels < 1 || PixelLevels > 8)
    throw Error("pixel encoder: PixelLevels = " + std::to_string(PixelLevels) + ", expected 1..8");
}

}  // namespace rebnet
