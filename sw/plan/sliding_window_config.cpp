#include "plan/sliding_window_config.h"

#include <string>

#include "contract/error.h"

namespace rebnet {

namespace {

std::string field(const char* name, uint32_t value) {
  return std::string(name) + " = " + std::to_string(value);
}

}  // namespace

void SlidingWindowConfig::check() const {
  const std::string pre = "sliding window: ";
  if (Channels < 1) throw Error(pre + field("Channels", Channels) + ", expected at least 1");
  if (Simd < 1 || Channels % Simd != 0)
    throw Error(pre + field("Simd", Simd) + ", expected a divisor of " +
                field("Channels", Channels));
  if (ElemBits < 1 || ElemBits > 8)
    throw Error(pre + field("ElemBits", ElemBits) + ", expected 1..8");
  if (Kernel < 1 || Kernel > 15) throw Error(pre + field("Kernel", Kernel) + ", expected 1..15");
  if (InWidth < Kernel)
    throw Error(pre + field("InWidth", InWidth) + ", expected at least " + field("Kernel", Kernel));
  if (InHeight < Kernel)
    throw Error(pre + field("InHeight", InHeight) + ", expected at least " +
                field("Kernel", Kernel));
}

}  // namespace rebnet
