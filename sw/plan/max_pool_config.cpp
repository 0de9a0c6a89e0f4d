#include "plan/max_pool_config.h"

#include <string>

#include "contract/error.h"

namespace rebnet {

void MaxPoolConfig::check() const {
  const auto bad = [](const std::string& what, uint32_t value, const std::string& expected) {
    return Error("max pool: " + what + " = " + std::to_string(value) + ", expected " + expected);
  };
  if (Channels < 1) throw bad("Channels", Channels, "at least 1");
  if (InWidth < 2) throw bad("InWidth", InWidth, "at least 2");
  if (InHeight < 2) throw bad("InHeight", InHeight, "at least 2");
  if (Elems < 1 || Channels % Elems != 0)
    throw bad("Elems", Elems, "a divisor of Channels = " + std::to_string(Channels));
  if (ElemBits < 1 || ElemBits > 8) throw bad("ElemBits", ElemBits, "1..8");
}

}  // namespace rebnet
